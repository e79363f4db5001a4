package kiseki.structure;

/** The closest pair of atoms in a structure, periodic images included. */
public record MinimumDistance(double distance, int atomA, int atomB) {

    /**
     * Finds the closest pair. For a single atom in a cell this is the distance to its own nearest image; for a single
     * atom without a cell it is infinity.
     */
    public static MinimumDistance of(Structure s) {
        if (s.size() == 0 || (s.size() == 1 && !s.hasLattice())) {
            return new MinimumDistance(Double.POSITIVE_INFINITY, -1, -1);
        }
        // grow the search radius until some pair turns up; a few Å covers every real structure at once
        double rc = 3.0;
        double limit = searchLimit(s);
        while (true) {
            NeighborList nl = NeighborList.half(s, rc);
            if (nl.size() > 0) {
                double best = Double.POSITIVE_INFINITY;
                int a = -1;
                int b = -1;
                for (int i = 0; i < s.size(); i++) {
                    for (int k = nl.start(i); k < nl.end(i); k++) {
                        if (nl.distance(k) < best) {
                            best = nl.distance(k);
                            a = i;
                            b = nl.neighbor(k);
                        }
                    }
                }
                return new MinimumDistance(best, a, b);
            }
            if (rc > limit) {
                return new MinimumDistance(Double.POSITIVE_INFINITY, -1, -1);
            }
            rc *= 2;
        }
    }

    private static double searchLimit(Structure s) {
        if (s.hasLattice()) {
            Lattice l = s.lattice();
            return 2 * (l.a() + l.b() + l.c()) + 1;
        }
        double[] p = s.positions();
        double extent = 0;
        for (int i = 1; i < s.size(); i++) {
            double dx = p[3 * i] - p[0];
            double dy = p[3 * i + 1] - p[1];
            double dz = p[3 * i + 2] - p[2];
            extent = Math.max(extent, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return 2 * extent + 1;
    }
}
