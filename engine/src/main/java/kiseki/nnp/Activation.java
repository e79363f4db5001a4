package kiseki.nnp;

import java.util.Locale;
import java.util.Optional;

/**
 * Activation functions of the hidden layers, with first and second derivatives (the second derivative enters the
 * force part of the training loss, which differentiates ∂E/∂x with respect to the weights).
 *
 * <p>Each constant has a stable {@link #id() name} used in Kiseki's own files and the activation code of the
 * NeuralMD {@code ffield.sannp} format ({@link #neuralMdCode()}): 1 linear, 2 sigmoid, 3 tanh, 5 twisted tanh.
 * SiLU has no NeuralMD code (NeuralMD's 4 is eLU and 6 is GELU, which Kiseki does not implement), so a network with
 * SiLU cannot be written to {@code ffield.sannp}: {@link #neuralMdCode()} returns 0 for it.
 *
 * <p>The hot loops of {@link Network} evaluate activations through {@link #evaluate(double[], double[], double[],
 * double[], int)}, which switches once per array instead of once per element.
 */
public enum Activation {

    /** f(x) = tanh x + 0.16 x (NeuralMD's "twisted tanh"; not aenet's "twist"). */
    TWISTED_TANH("twtanh", 5),
    /** f(x) = tanh x. */
    TANH("tanh", 3),
    /** f(x) = 1 / (1 + e^−x). */
    SIGMOID("sigmoid", 2),
    /** f(x) = x σ(x) (SiLU, "swish"); no NeuralMD code. */
    SILU("silu", 0),
    /** f(x) = x. */
    LINEAR("linear", 1);

    /** Slope added to tanh by the twisted tanh. */
    public static final double TWIST = 0.16;

    private final String id;
    private final int neuralMdCode;

    Activation(String id, int neuralMdCode) {
        this.id = id;
        this.neuralMdCode = neuralMdCode;
    }

    /** Stable lower-case name ("twtanh", "tanh", "sigmoid", "silu", "linear"). */
    public String id() {
        return id;
    }

    /** Activation code of NeuralMD's {@code ffield.sannp} (activEnergy), or 0 when NeuralMD has none (SiLU). */
    public int neuralMdCode() {
        return neuralMdCode;
    }

    /** Whether the activation can be written to an {@code ffield.sannp} file. */
    public boolean hasNeuralMdCode() {
        return neuralMdCode != 0;
    }

    /** The activation with this {@link #id() name} (case-insensitive), or empty. */
    public static Optional<Activation> byId(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.id.equals(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The activation with this NeuralMD code, or empty (codes 4 eLU and 6 GELU are not supported). */
    public static Optional<Activation> byNeuralMdCode(int code) {
        for (Activation a : values()) {
            if (a.neuralMdCode != 0 && a.neuralMdCode == code) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** f(x). */
    public double value(double x) {
        return switch (this) {
            case TWISTED_TANH -> tanh(x) + TWIST * x;
            case TANH -> tanh(x);
            case SIGMOID -> sigmoid(x);
            case SILU -> x * sigmoid(x);
            case LINEAR -> x;
        };
    }

    /** f'(x). */
    public double derivative(double x) {
        switch (this) {
            case TWISTED_TANH: {
                double t = tanh(x);
                return 1.0 - t * t + TWIST;
            }
            case TANH: {
                double t = tanh(x);
                return 1.0 - t * t;
            }
            case SIGMOID: {
                double s = sigmoid(x);
                return s * (1.0 - s);
            }
            case SILU: {
                double s = sigmoid(x);
                return s * (1.0 + x * (1.0 - s));
            }
            default:
                return 1.0;
        }
    }

    /** f''(x). */
    public double secondDerivative(double x) {
        switch (this) {
            case TWISTED_TANH:
            case TANH: {
                double t = tanh(x);
                return -2.0 * t * (1.0 - t * t);
            }
            case SIGMOID: {
                double s = sigmoid(x);
                return s * (1.0 - s) * (1.0 - 2.0 * s);
            }
            case SILU: {
                double s = sigmoid(x);
                return s * (1.0 - s) * (2.0 + x * (1.0 - 2.0 * s));
            }
            default:
                return 0.0;
        }
    }

    /**
     * Element-wise f, f' and (when {@code d2f} is not null) f'' of {@code z[0..n-1]}; {@code df} may be null when
     * only values are needed. One switch per call, simple loops inside.
     */
    public void evaluate(double[] z, double[] f, double[] df, double[] d2f, int n) {
        switch (this) {
            case TWISTED_TANH, TANH -> {
                double twist = this == TWISTED_TANH ? TWIST : 0.0;
                if (df == null) {
                    for (int k = 0; k < n; k++) {
                        f[k] = tanh(z[k]) + twist * z[k];
                    }
                } else if (d2f == null) {
                    for (int k = 0; k < n; k++) {
                        double t = tanh(z[k]);
                        f[k] = t + twist * z[k];
                        df[k] = 1.0 - t * t + twist;
                    }
                } else {
                    for (int k = 0; k < n; k++) {
                        double t = tanh(z[k]);
                        double sech2 = 1.0 - t * t;
                        f[k] = t + twist * z[k];
                        df[k] = sech2 + twist;
                        d2f[k] = -2.0 * t * sech2;
                    }
                }
            }
            case SIGMOID -> {
                for (int k = 0; k < n; k++) {
                    double s = sigmoid(z[k]);
                    f[k] = s;
                    if (df != null) {
                        df[k] = s * (1.0 - s);
                        if (d2f != null) {
                            d2f[k] = s * (1.0 - s) * (1.0 - 2.0 * s);
                        }
                    }
                }
            }
            case SILU -> {
                for (int k = 0; k < n; k++) {
                    double x = z[k];
                    double s = sigmoid(x);
                    f[k] = x * s;
                    if (df != null) {
                        df[k] = s * (1.0 + x * (1.0 - s));
                        if (d2f != null) {
                            d2f[k] = s * (1.0 - s) * (2.0 + x * (1.0 - 2.0 * s));
                        }
                    }
                }
            }
            case LINEAR -> {
                System.arraycopy(z, 0, f, 0, n);
                if (df != null) {
                    java.util.Arrays.fill(df, 0, n, 1.0);
                    if (d2f != null) {
                        java.util.Arrays.fill(d2f, 0, n, 0.0);
                    }
                }
            }
        }
    }

    /** Recommended gain for Xavier-uniform initialisation of a layer feeding this activation. */
    double xavierGain() {
        return switch (this) {
            case TWISTED_TANH, TANH -> 5.0 / 3.0;
            // the sigmoid's slope at 0 is 1/4; a gain of 1 keeps the usual Glorot scale, as most codes do
            case SIGMOID, LINEAR -> 1.0;
            // SiLU behaves like ReLU for large inputs (He-like gain)
            case SILU -> Math.sqrt(2.0);
        };
    }

    /**
     * tanh x = 1 − 2/(e^{2x} + 1): about twice as fast as {@link Math#tanh} (Math.exp is a JIT intrinsic), absolute
     * error below 4e-16 everywhere, exact ±1 far out (e^{2x} overflows to ∞ or underflows to 0). Its relative error
     * near x = 0 is larger than Math.tanh's, which does not matter for network activations.
     */
    static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }

    private static double sigmoid(double x) {
        // both branches avoid exp overflow for large |x|
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public String toString() {
        return id;
    }
}
