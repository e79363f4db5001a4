package kiseki.potential;

import kiseki.structure.Element;
import kiseki.structure.PeriodicTable;

/**
 * Coefficients of the Δ-NNP classical pair term for one unordered element pair (a, b):
 * φ(r) = Σ_{n∈{12,10,8,6}} A_n [r^−n − Rc^−n + n (r − Rc) Rc^−(n+1)] for r &lt; Rc, 0 beyond (shifted-force form of
 * LAMMPS pair_style nnp; value and slope vanish at Rc). A_n in eV·Åⁿ. Symbols are normalised ("li" → "Li").
 */
public record PairCoefficients(String first, String second, double a12, double a10, double a8, double a6) {

    /** The exponents n of the four terms, in the order of {@link #coefficient(int)}. */
    public static final int[] EXPONENTS = {12, 10, 8, 6};

    public PairCoefficients {
        first = symbol(first);
        second = symbol(second);
        for (double a : new double[] {a12, a10, a8, a6}) {
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("pair " + first + "–" + second + ": coefficients must be finite, got "
                        + a);
            }
        }
    }

    /** From the four coefficients in the order A12, A10, A8, A6. */
    public static PairCoefficients of(String first, String second, double[] a) {
        if (a.length != 4) {
            throw new IllegalArgumentException("expected 4 coefficients A12, A10, A8, A6, got " + a.length);
        }
        return new PairCoefficients(first, second, a[0], a[1], a[2], a[3]);
    }

    private static String symbol(String s) {
        if (s == null) {
            throw new IllegalArgumentException("element symbol missing");
        }
        return PeriodicTable.bySymbol(s).map(Element::symbol)
                .orElseThrow(() -> new IllegalArgumentException("'" + s + "' is not an element symbol"));
    }

    /** Coefficient k in the order of {@link #EXPONENTS} (0 → A12 ... 3 → A6). */
    public double coefficient(int k) {
        return switch (k) {
            case 0 -> a12;
            case 1 -> a10;
            case 2 -> a8;
            case 3 -> a6;
            default -> throw new IndexOutOfBoundsException("coefficient index " + k + " (0..3)");
        };
    }

    /** The four coefficients A12, A10, A8, A6. */
    public double[] coefficients() {
        return new double[] {a12, a10, a8, a6};
    }

    /** "Li-S": the pair as written in tables and reports. */
    public String label() {
        return first + "-" + second;
    }

    /** True for the pair (a, b) in either order. */
    public boolean matches(String a, String b) {
        return (first.equals(a) && second.equals(b)) || (first.equals(b) && second.equals(a));
    }

    /** φ(r) in eV; 0 for r ≥ rc. */
    public double energy(double r, double rc) {
        if (!(r < rc)) {
            return 0;
        }
        double e = 0;
        for (int k = 0; k < 4; k++) {
            e += coefficient(k) * basis(EXPONENTS[k], r, rc);
        }
        return e;
    }

    /** φ'(r) = dφ/dr in eV/Å; 0 for r ≥ rc. */
    public double derivative(double r, double rc) {
        if (!(r < rc)) {
            return 0;
        }
        double d = 0;
        for (int k = 0; k < 4; k++) {
            d += coefficient(k) * basisDerivative(EXPONENTS[k], r, rc);
        }
        return d;
    }

    /** One shifted-force term r^−n − Rc^−n + n (r − Rc) Rc^−(n+1) (no cutoff test). */
    public static double basis(int n, double r, double rc) {
        double rcn = Math.pow(rc, -n);
        return Math.pow(r, -n) - rcn + n * (r - rc) * rcn / rc;
    }

    /** Its derivative −n r^−(n+1) + n Rc^−(n+1). */
    public static double basisDerivative(int n, double r, double rc) {
        return n * (Math.pow(rc, -n - 1) - Math.pow(r, -n - 1));
    }
}
