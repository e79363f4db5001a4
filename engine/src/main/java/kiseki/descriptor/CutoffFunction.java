package kiseki.descriptor;

/**
 * Smooth cutoff functions fc(r) that take a neighbour's contribution to zero at the cutoff radius Rc. Both are 0 at
 * and beyond Rc (value and derivative).
 *
 * <ul>
 * <li>{@link Kind#TANH} (default, NeuralMD): fc(r) = tanh³(1 − r/Rc), dfc/dr = −3 tanh²(1 − r/Rc)·(1 − tanh²(1 − r/Rc))/Rc;
 * <li>{@link Kind#COSINE} (Behler): fc(r) = ½[cos(πr/Rc) + 1], dfc/dr = −(π/2Rc)·sin(πr/Rc).
 * </ul>
 */
public final class CutoffFunction {

    /** The functional form. */
    public enum Kind {
        TANH("tanh"), COSINE("cosine");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name used in {@link DescriptorSpec#cutoffFunction()}. */
        public String label() {
            return label;
        }

        /** "tanh" or "cosine" (case-insensitive; null means the default tanh). */
        public static Kind parse(String name) {
            if (name == null || name.equalsIgnoreCase("tanh")) {
                return TANH;
            }
            if (name.equalsIgnoreCase("cosine") || name.equalsIgnoreCase("cos")) {
                return COSINE;
            }
            throw new IllegalArgumentException("unknown cutoff function '" + name + "': use 'tanh' or 'cosine'");
        }
    }

    private final Kind kind;
    private final double rc;
    private final double invRc;

    public CutoffFunction(Kind kind, double rc) {
        if (!(rc > 0) || !Double.isFinite(rc)) {
            throw new IllegalArgumentException("the cutoff radius must be a positive number of Å, got " + rc);
        }
        this.kind = kind;
        this.rc = rc;
        this.invRc = 1.0 / rc;
    }

    /** {@code name} as in {@link DescriptorSpec#cutoffFunction()} ("tanh" or "cosine"). */
    public static CutoffFunction of(String name, double rc) {
        return new CutoffFunction(Kind.parse(name), rc);
    }

    public Kind kind() {
        return kind;
    }

    /** Cutoff radius Rc (Å). */
    public double rc() {
        return rc;
    }

    /** fc(r). */
    public double value(double r) {
        if (!(r < rc)) {
            return 0.0;
        }
        if (kind == Kind.TANH) {
            double t = Math.tanh(1.0 - r * invRc);
            return t * t * t;
        }
        return 0.5 * (Math.cos(Math.PI * r * invRc) + 1.0);
    }

    /** dfc/dr. */
    public double derivative(double r) {
        if (!(r < rc)) {
            return 0.0;
        }
        if (kind == Kind.TANH) {
            double t = Math.tanh(1.0 - r * invRc);
            double t2 = t * t;
            return -3.0 * t2 * (1.0 - t2) * invRc;
        }
        return -0.5 * Math.PI * invRc * Math.sin(Math.PI * r * invRc);
    }

    /** Stores fc(r) in {@code f[k]} and dfc/dr in {@code df[k]} with one transcendental evaluation (hot path). */
    public void evaluate(double r, double[] f, double[] df, int k) {
        if (!(r < rc)) {
            f[k] = 0.0;
            df[k] = 0.0;
        } else if (kind == Kind.TANH) {
            double t = Math.tanh(1.0 - r * invRc);
            double t2 = t * t;
            f[k] = t2 * t;
            df[k] = -3.0 * t2 * (1.0 - t2) * invRc;
        } else {
            double a = Math.PI * r * invRc;
            f[k] = 0.5 * (Math.cos(a) + 1.0);
            df[k] = -0.5 * Math.PI * invRc * Math.sin(a);
        }
    }

    @Override
    public String toString() {
        return kind.label + "(Rc=" + rc + " Å)";
    }
}
