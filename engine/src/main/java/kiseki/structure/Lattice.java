package kiseki.structure;

import java.util.Arrays;

/**
 * A periodic triclinic cell. The three lattice vectors are the rows of a 3×3 matrix (Å): a = (m0,m1,m2),
 * b = (m3,m4,m5), c = (m6,m7,m8). A Cartesian position is x = f·M for fractional row vector f. Immutable.
 */
public final class Lattice {

    private final double[] m;
    private final double[] inv;
    private final double volume;

    private Lattice(double[] m) {
        if (m.length != 9) {
            throw new IllegalArgumentException("a lattice needs 9 numbers, got " + m.length);
        }
        for (double v : m) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("lattice has a non-finite component: " + Arrays.toString(m));
            }
        }
        this.m = m.clone();
        double det = Mat3.det(this.m);
        if (!(Math.abs(det) > 1e-9)) {
            throw new IllegalArgumentException("lattice vectors are linearly dependent (volume " + det + " Å³)");
        }
        this.volume = Math.abs(det);
        this.inv = Mat3.inverse(this.m);
    }

    /** From row vectors a, b, c (9 numbers, Å). */
    public static Lattice fromVectors(double... rows) {
        return new Lattice(rows);
    }

    /** From vectors given separately. */
    public static Lattice fromVectors(double[] a, double[] b, double[] c) {
        return new Lattice(new double[] {a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2]});
    }

    /** Orthorhombic cell. */
    public static Lattice orthorhombic(double a, double b, double c) {
        return new Lattice(new double[] {a, 0, 0, 0, b, 0, 0, 0, c});
    }

    /**
     * From cell parameters (Å, degrees) in the standard orientation: a along x, b in the xy plane, c completing a
     * right-handed set (the convention of CIF readers such as pymatgen, ASE and VESTA).
     */
    public static Lattice fromParameters(double a, double b, double c, double alpha, double beta, double gamma) {
        if (!(a > 0 && b > 0 && c > 0)) {
            throw new IllegalArgumentException("cell lengths must be positive: a=" + a + " b=" + b + " c=" + c);
        }
        if (!(alpha > 0 && alpha < 180 && beta > 0 && beta < 180 && gamma > 0 && gamma < 180)) {
            throw new IllegalArgumentException("cell angles must lie strictly between 0 and 180°: α=" + alpha
                    + " β=" + beta + " γ=" + gamma);
        }
        double ca = cosDeg(alpha);
        double cb = cosDeg(beta);
        double cg = cosDeg(gamma);
        double sg = sinDeg(gamma);
        double cx = c * cb;
        double cy = c * (ca - cb * cg) / sg;
        double cz2 = c * c - cx * cx - cy * cy;
        if (!(cz2 > 0)) {
            throw new IllegalArgumentException("cell angles α=" + alpha + " β=" + beta + " γ=" + gamma
                    + " do not describe a three-dimensional cell");
        }
        return new Lattice(new double[] {a, 0, 0, b * cg, b * sg, 0, cx, cy, Math.sqrt(cz2)});
    }

    /** cos of an angle in degrees, exact for the right angle so orthogonal cells stay exactly orthogonal. */
    static double cosDeg(double deg) {
        if (deg == 90.0) {
            return 0.0;
        }
        return Math.cos(Math.toRadians(deg));
    }

    static double sinDeg(double deg) {
        if (deg == 90.0) {
            return 1.0;
        }
        return Math.sin(Math.toRadians(deg));
    }

    /** Copy of the 9 matrix entries, rows a, b, c. */
    public double[] matrix() {
        return m.clone();
    }

    /** Matrix entry (row = lattice vector index, col = Cartesian component). */
    public double get(int row, int col) {
        return m[3 * row + col];
    }

    /** Lattice vector i (0 = a, 1 = b, 2 = c), a fresh array. */
    public double[] vector(int i) {
        return new double[] {m[3 * i], m[3 * i + 1], m[3 * i + 2]};
    }

    /** Length of lattice vector i. */
    public double length(int i) {
        return Math.sqrt(m[3 * i] * m[3 * i] + m[3 * i + 1] * m[3 * i + 1] + m[3 * i + 2] * m[3 * i + 2]);
    }

    public double a() {
        return length(0);
    }

    public double b() {
        return length(1);
    }

    public double c() {
        return length(2);
    }

    /** Angle between b and c (degrees). */
    public double alpha() {
        return angle(1, 2);
    }

    /** Angle between a and c (degrees). */
    public double beta() {
        return angle(0, 2);
    }

    /** Angle between a and b (degrees). */
    public double gamma() {
        return angle(0, 1);
    }

    private double angle(int i, int j) {
        double dot = m[3 * i] * m[3 * j] + m[3 * i + 1] * m[3 * j + 1] + m[3 * i + 2] * m[3 * j + 2];
        double cos = Math.max(-1, Math.min(1, dot / (length(i) * length(j))));
        return Math.toDegrees(Math.acos(cos));
    }

    /** Cell volume (Å³), positive. */
    public double volume() {
        return volume;
    }

    /** Whether the vectors form a right-handed set (positive determinant). */
    public boolean isRightHanded() {
        return Mat3.det(m) > 0;
    }

    /**
     * Perpendicular width of the cell along lattice direction i: the distance between the two faces spanned by the
     * other two vectors (V / |a_j × a_k|). A sphere of radius r fits in the cell when r ≤ width/2 for all i.
     */
    public double perpendicularWidth(int i) {
        int j = (i + 1) % 3;
        int k = (i + 2) % 3;
        double[] cr = Mat3.cross(vector(j), vector(k));
        return volume / Math.sqrt(cr[0] * cr[0] + cr[1] * cr[1] + cr[2] * cr[2]);
    }

    /** Fractional → Cartesian for one point; {@code out} may be {@code frac}. */
    public void toCartesian(double[] frac, int fOff, double[] out, int oOff) {
        double f0 = frac[fOff];
        double f1 = frac[fOff + 1];
        double f2 = frac[fOff + 2];
        out[oOff] = f0 * m[0] + f1 * m[3] + f2 * m[6];
        out[oOff + 1] = f0 * m[1] + f1 * m[4] + f2 * m[7];
        out[oOff + 2] = f0 * m[2] + f1 * m[5] + f2 * m[8];
    }

    /** Cartesian → fractional for one point; {@code out} may be {@code cart}. */
    public void toFractional(double[] cart, int cOff, double[] out, int oOff) {
        double x = cart[cOff];
        double y = cart[cOff + 1];
        double z = cart[cOff + 2];
        out[oOff] = x * inv[0] + y * inv[3] + z * inv[6];
        out[oOff + 1] = x * inv[1] + y * inv[4] + z * inv[7];
        out[oOff + 2] = x * inv[2] + y * inv[5] + z * inv[8];
    }

    public double[] toCartesian(double[] frac) {
        double[] out = new double[3];
        toCartesian(frac, 0, out, 0);
        return out;
    }

    public double[] toFractional(double[] cart) {
        double[] out = new double[3];
        toFractional(cart, 0, out, 0);
        return out;
    }

    /**
     * Shortest periodic image of the Cartesian vector {@code d} (in place). Exact for any cell shape: after folding
     * the fractional vector into [-½, ½) it searches as many neighbouring images as the current length requires.
     */
    public void minimumImage(double[] d) {
        double[] f = toFractional(d);
        for (int k = 0; k < 3; k++) {
            f[k] -= Math.rint(f[k]);
        }
        double[] best = toCartesian(f);
        double bestLen2 = dot(best, best);
        double len = Math.sqrt(bestLen2);
        int[] range = new int[3];
        for (int k = 0; k < 3; k++) {
            // a shorter image n has |f_k + n_k|·width_k < len with |f_k| ≤ ½
            range[k] = (int) Math.ceil(len / perpendicularWidth(k) + 0.5);
        }
        double[] trial = new double[3];
        double[] base = best.clone();
        for (int i = -range[0]; i <= range[0]; i++) {
            for (int j = -range[1]; j <= range[1]; j++) {
                for (int k = -range[2]; k <= range[2]; k++) {
                    if (i == 0 && j == 0 && k == 0) {
                        continue;
                    }
                    for (int c = 0; c < 3; c++) {
                        trial[c] = base[c] + i * m[c] + j * m[3 + c] + k * m[6 + c];
                    }
                    double l2 = dot(trial, trial);
                    if (l2 < bestLen2 - 1e-14) {
                        bestLen2 = l2;
                        System.arraycopy(trial, 0, best, 0, 3);
                    }
                }
            }
        }
        System.arraycopy(best, 0, d, 0, 3);
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** A lattice whose vectors are integer combinations of these: rows of {@code t} times this matrix. */
    public Lattice transformed(int[][] t) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = t[i][0] * m[j] + t[i][1] * m[3 + j] + t[i][2] * m[6 + j];
            }
        }
        return new Lattice(r);
    }

    /** Lattice with matrix (I + ε)·M applied to each vector, ε symmetric 3×3 strain given row-major. */
    public Lattice strained(double[] strain) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += m[3 * i + k] * ((k == j ? 1.0 : 0.0) + strain[3 * k + j]);
                }
                r[3 * i + j] = s;
            }
        }
        return new Lattice(r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lattice l && Arrays.equals(m, l.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return String.format("Lattice[a=%.6f b=%.6f c=%.6f α=%.4f β=%.4f γ=%.4f]", a(), b(), c(), alpha(), beta(),
                gamma());
    }
}
