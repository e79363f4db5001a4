package kiseki.nnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

    private static final double[] POINTS = {-30, -8, -3.2, -1.1, -0.4, -1e-3, 0, 2e-3, 0.3, 0.9, 1.7, 4.5, 9, 30};

    @Test
    void knownValues() {
        double x = 0.7;
        double t = Math.tanh(x);
        assertEquals(t + 0.16 * x, Activation.TWISTED_TANH.value(x), 1e-15);
        assertEquals(1 - t * t + 0.16, Activation.TWISTED_TANH.derivative(x), 1e-15);
        assertEquals(t, Activation.TANH.value(x), 1e-15);
        double s = 1 / (1 + Math.exp(-x));
        assertEquals(s, Activation.SIGMOID.value(x), 1e-15);
        assertEquals(x * s, Activation.SILU.value(x), 1e-15);
        assertEquals(x, Activation.LINEAR.value(x), 0);
        assertEquals(1.16, Activation.TWISTED_TANH.derivative(0), 1e-15);
        assertEquals(0.5, Activation.SILU.derivative(0), 1e-15);
        assertEquals(0.25, Activation.SIGMOID.derivative(0), 1e-15);
        // sigmoid stays finite and exact far out on both sides
        assertEquals(0.0, Activation.SIGMOID.value(-800), 0);
        assertEquals(1.0, Activation.SIGMOID.value(800), 0);
        assertEquals(0.0, Activation.SILU.value(-800), 0);
    }

    @Test
    void fastTanhAgreesWithMathTanh() {
        double worst = 0;
        for (double x = -25; x <= 25; x += 1.3e-3) {
            worst = Math.max(worst, Math.abs(Activation.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worst < 1e-15, "largest difference " + worst);
        assertEquals(1.0, Activation.tanh(400), 0);
        assertEquals(-1.0, Activation.tanh(-400), 0);
        assertEquals(0.0, Activation.tanh(0), 0);
        assertTrue(Double.isNaN(Activation.tanh(Double.NaN)));
    }

    @Test
    void namesAndNeuralMdCodes() {
        assertEquals("twtanh", Activation.TWISTED_TANH.id());
        assertEquals("tanh", Activation.TANH.id());
        assertEquals("sigmoid", Activation.SIGMOID.id());
        assertEquals("silu", Activation.SILU.id());
        assertEquals("linear", Activation.LINEAR.id());
        assertEquals(5, Activation.TWISTED_TANH.neuralMdCode());
        assertEquals(3, Activation.TANH.neuralMdCode());
        assertEquals(2, Activation.SIGMOID.neuralMdCode());
        assertEquals(1, Activation.LINEAR.neuralMdCode());
        assertFalse(Activation.SILU.hasNeuralMdCode());
        for (Activation a : Activation.values()) {
            assertEquals(a, Activation.byId(a.id().toUpperCase()).orElseThrow());
            if (a.hasNeuralMdCode()) {
                assertEquals(a, Activation.byNeuralMdCode(a.neuralMdCode()).orElseThrow());
            }
        }
        assertTrue(Activation.byNeuralMdCode(4).isEmpty(), "eLU is not implemented");
        assertTrue(Activation.byNeuralMdCode(6).isEmpty(), "GELU is not implemented");
        assertTrue(Activation.byNeuralMdCode(0).isEmpty());
        assertTrue(Activation.byId("relu").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativesMatchCentralDifferences(Activation act) {
        double h = 1e-5;
        for (double x : POINTS) {
            double d1 = (act.value(x + h) - act.value(x - h)) / (2 * h);
            double d2 = (act.derivative(x + h) - act.derivative(x - h)) / (2 * h);
            assertEquals(d1, act.derivative(x), 1e-8 * Math.max(1, Math.abs(d1)), act + " f' at " + x);
            assertEquals(d2, act.secondDerivative(x), 1e-8 * Math.max(1, Math.abs(d2)), act + " f'' at " + x);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void arrayEvaluationMatchesScalar(Activation act) {
        int n = POINTS.length;
        double[] f = new double[n];
        double[] df = new double[n];
        double[] d2f = new double[n];
        act.evaluate(POINTS, f, df, d2f, n);
        for (int k = 0; k < n; k++) {
            double x = POINTS[k];
            assertEquals(act.value(x), f[k], 1e-15 * Math.max(1, Math.abs(f[k])));
            assertEquals(act.derivative(x), df[k], 1e-15);
            assertEquals(act.secondDerivative(x), d2f[k], 1e-15);
        }
        double[] g = new double[n];
        double[] dg = new double[n];
        act.evaluate(POINTS, g, null, null, n);
        act.evaluate(POINTS, g, dg, null, n);
        for (int k = 0; k < n; k++) {
            assertEquals(f[k], g[k], 0);
            assertEquals(df[k], dg[k], 0);
        }
    }
}
