package kiseki.structure;

import java.util.Arrays;

/** Supercells by diagonal repetition or a general integer transformation. */
public final class Supercells {

    private static final double EPS = 1e-8;

    private Supercells() {
    }

    /** Repeats the cell na × nb × nc times. */
    public static Structure repeat(Structure s, int na, int nb, int nc) {
        if (na < 1 || nb < 1 || nc < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1, got " + na + "x" + nb + "x" + nc);
        }
        return transform(s, new int[][] {{na, 0, 0}, {0, nb, 0}, {0, 0, nc}});
    }

    /**
     * Supercell whose lattice vectors are the rows of {@code t} in units of the old vectors (a' = t00 a + t01 b + t02 c,
     * ...), the convention of ASE's make_supercell and pymatgen. The result has det(t) × N atoms; the images of each
     * atom are consecutive, so atoms stay grouped by element.
     */
    public static Structure transform(Structure s, int[][] t) {
        if (!s.hasLattice() || !s.isFullyPeriodic()) {
            throw new IllegalArgumentException("a supercell needs a structure that is periodic in all three directions");
        }
        if (t.length != 3 || t[0].length != 3 || t[1].length != 3 || t[2].length != 3) {
            throw new IllegalArgumentException("the supercell matrix must be 3×3");
        }
        long det = determinant(t);
        if (det == 0) {
            throw new IllegalArgumentException("the supercell matrix " + Arrays.deepToString(t) + " is singular");
        }
        if (det < 0) {
            throw new IllegalArgumentException("the supercell matrix " + Arrays.deepToString(t)
                    + " has a negative determinant (a left-handed cell); swap two rows or negate one");
        }
        long total = det * s.size();
        if (total > 50_000_000L) {
            throw new IllegalArgumentException("the supercell would hold " + total + " atoms; the limit is 50,000,000");
        }
        Lattice big = s.lattice().transformed(t);
        double[] tInv = inverse(t);

        // integer translations n (old basis) inside the new cell: search the bounding box of its corners
        int[] lo = new int[3];
        int[] hi = new int[3];
        for (int k = 0; k < 3; k++) {
            int min = 0;
            int max = 0;
            for (int corner = 0; corner < 8; corner++) {
                int v = 0;
                for (int r = 0; r < 3; r++) {
                    if ((corner >> r & 1) == 1) {
                        v += t[r][k];
                    }
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            lo[k] = min - 1;
            hi[k] = max + 1;
        }
        double[] frac = s.fractionalPositions();
        int n = s.size();
        Element[] species = new Element[(int) total];
        double[] newFrac = new double[3 * (int) total];
        int count = 0;
        double[] g = new double[3];
        for (int i = 0; i < n; i++) {
            double f0 = frac[3 * i] - Math.floor(frac[3 * i]);
            double f1 = frac[3 * i + 1] - Math.floor(frac[3 * i + 1]);
            double f2 = frac[3 * i + 2] - Math.floor(frac[3 * i + 2]);
            for (int a = lo[0]; a <= hi[0]; a++) {
                for (int b = lo[1]; b <= hi[1]; b++) {
                    for (int c = lo[2]; c <= hi[2]; c++) {
                        double x = f0 + a;
                        double y = f1 + b;
                        double z = f2 + c;
                        boolean inside = true;
                        for (int k = 0; k < 3; k++) {
                            g[k] = x * tInv[k] + y * tInv[3 + k] + z * tInv[6 + k];
                            if (g[k] < -EPS || g[k] >= 1 - EPS) {
                                inside = false;
                                break;
                            }
                        }
                        if (!inside) {
                            continue;
                        }
                        if (count == total) {
                            throw new IllegalStateException("supercell search found more than det × N atoms");
                        }
                        species[count] = s.element(i);
                        for (int k = 0; k < 3; k++) {
                            newFrac[3 * count + k] = Math.max(0.0, g[k]);
                        }
                        count++;
                    }
                }
            }
        }
        if (count != total) {
            throw new IllegalStateException("supercell search found " + count + " atoms, expected " + total);
        }
        return Structure.fromFractional(big, species, newFrac);
    }

    /** Parses "4x4x2" (also "4 4 2" or "4,4,2"). */
    public static int[] parseSize(String text) {
        String[] parts = text.trim().split("\\s*[xX×,\\s]\\s*");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected a size like 4x4x2, got '" + text + "'");
        }
        int[] n = new int[3];
        for (int k = 0; k < 3; k++) {
            try {
                n[k] = Integer.parseInt(parts[k]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a size like 4x4x2, got '" + text + "'");
            }
            if (n[k] < 1) {
                throw new IllegalArgumentException("repetitions must be at least 1, got '" + text + "'");
            }
        }
        return n;
    }

    /** Parses nine integers "2 0 0 0 2 0 0 0 2" (row by row) into a matrix. */
    public static int[][] parseMatrix(String text) {
        String[] parts = text.trim().split("[\\s,;]+");
        if (parts.length != 9) {
            throw new IllegalArgumentException("expected nine integers (row by row), got " + parts.length + " in '"
                    + text + "'");
        }
        int[][] t = new int[3][3];
        for (int k = 0; k < 9; k++) {
            try {
                t[k / 3][k % 3] = Integer.parseInt(parts[k]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[k] + "' in the supercell matrix is not an integer");
            }
        }
        return t;
    }

    /** det(t): the supercell {@code t} holds det(t) times the atoms of the cell (singular or left-handed if ≤ 0). */
    public static long determinant(int[][] t) {
        return (long) t[0][0] * ((long) t[1][1] * t[2][2] - (long) t[1][2] * t[2][1])
                - (long) t[0][1] * ((long) t[1][0] * t[2][2] - (long) t[1][2] * t[2][0])
                + (long) t[0][2] * ((long) t[1][0] * t[2][1] - (long) t[1][1] * t[2][0]);
    }

    private static double[] inverse(int[][] t) {
        double[] m = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[3 * i + j] = t[i][j];
            }
        }
        return Mat3.inverse(m);
    }
}
