package kiseki.io;

import kiseki.structure.Lattice;

/**
 * Finds every pair of points closer than a short cutoff (minimum-image distance in a periodic cell), including
 * coincident points, in time proportional to the number of points for ordinary structures: points are sorted into
 * bins at least one cutoff wide, and only neighbouring bins are compared.
 */
final class CifPairs {

    @FunctionalInterface
    interface PairVisitor {
        void visit(int i, int j, double distance);
    }

    private CifPairs() {
    }

    /**
     * Calls {@code visitor} once for each unordered pair i &lt; j with distance &lt; cutoff.
     *
     * @param frac fractional coordinates in [0, 1), 3 per point
     */
    static void forEachPair(Lattice lattice, double[] frac, int n, double cutoff, PairVisitor visitor) {
        int[] bins = new int[3];
        double[] width = new double[3];
        int cap = (int) Math.max(1, Math.min(64, Math.ceil(2 * Math.cbrt(n))));
        for (int k = 0; k < 3; k++) {
            width[k] = lattice.perpendicularWidth(k);
            double fit = Math.floor(width[k] / cutoff);
            bins[k] = (int) Math.max(1, Math.min(cap, Double.isFinite(fit) ? fit : 1));
        }
        int total = bins[0] * bins[1] * bins[2];
        int[] head = new int[total];
        java.util.Arrays.fill(head, -1);
        int[] next = new int[n];
        int[] binOf = new int[n];
        for (int i = 0; i < n; i++) {
            int b = 0;
            for (int k = 0; k < 3; k++) {
                int idx = (int) (frac[3 * i + k] * bins[k]);
                idx = Math.max(0, Math.min(bins[k] - 1, idx));
                b = b * bins[k] + idx;
            }
            binOf[i] = b;
            next[i] = head[b];
            head[b] = i;
        }
        int[][] offsets = new int[3][];
        for (int k = 0; k < 3; k++) {
            offsets[k] = bins[k] == 1 ? new int[] {0} : bins[k] == 2 ? new int[] {0, 1} : new int[] {-1, 0, 1};
        }
        double[] d = new double[3];
        double[] cart = new double[3];
        for (int i = 0; i < n; i++) {
            int b = binOf[i];
            int bz = b % bins[2];
            int by = (b / bins[2]) % bins[1];
            int bx = b / (bins[2] * bins[1]);
            for (int ox : offsets[0]) {
                int nx = Math.floorMod(bx + ox, bins[0]);
                for (int oy : offsets[1]) {
                    int ny = Math.floorMod(by + oy, bins[1]);
                    for (int oz : offsets[2]) {
                        int nz = Math.floorMod(bz + oz, bins[2]);
                        for (int j = head[(nx * bins[1] + ny) * bins[2] + nz]; j >= 0; j = next[j]) {
                            if (j <= i) {
                                continue;
                            }
                            double dist = distance(lattice, frac, i, j, width, cutoff, d, cart);
                            if (dist < cutoff) {
                                visitor.visit(i, j, dist);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Minimum-image distance, or +∞ when a quick bound shows it is not below the cutoff. */
    private static double distance(Lattice lattice, double[] frac, int i, int j, double[] width, double cutoff,
            double[] d, double[] cart) {
        for (int k = 0; k < 3; k++) {
            double f = frac[3 * j + k] - frac[3 * i + k];
            f -= Math.rint(f);
            // the distance between lattice planes bounds every image's distance from below
            if (Math.abs(f) * width[k] >= cutoff) {
                return Double.POSITIVE_INFINITY;
            }
            d[k] = f;
        }
        lattice.toCartesian(d, 0, cart, 0);
        lattice.minimumImage(cart);
        return Math.sqrt(cart[0] * cart[0] + cart[1] * cart[1] + cart[2] * cart[2]);
    }
}
