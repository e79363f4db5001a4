package kiseki.descriptor;

import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Structures, descriptor variants and derivative assembly shared by the descriptor tests. */
final class DescriptorFixtures {

    static final Element LI = PeriodicTable.require("Li");
    static final Element P = PeriodicTable.require("P");
    static final Element S = PeriodicTable.require("S");
    static final List<Element> LPS = List.of(LI, P, S);

    private DescriptorFixtures() {
    }

    /** A descriptor variant with a readable name (for parameterised tests). */
    record Variant(String name, DescriptorSpec spec) {
        Descriptor create() {
            return Descriptors.create(spec, LPS);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static DescriptorSpec cheb(int nr, int na, double rcR, double rcA, String cutoff, String weighting, String arg) {
        return new DescriptorSpec("chebyshev", nr, na, rcR, rcA, cutoff, weighting, arg, false, List.of(), List.of());
    }

    static DescriptorSpec behler(double rcR, double rcA, String cutoff, String weighting, boolean narrow) {
        List<double[]> rad = List.of(new double[] {0.05, 0.0}, new double[] {0.4, 1.5}, new double[] {1.2, 2.6});
        List<double[]> ang = List.of(new double[] {0.03, 1, 0.0}, new double[] {0.1, 2, 0.0},
                new double[] {0.03, 4, 1.0}, new double[] {0.2, 2.5, 0.5}, new double[] {0.05, 16, 0.0});
        return new DescriptorSpec("behler", 0, 0, rcR, rcA, cutoff, weighting, "angle", narrow, rad, ang);
    }

    /** Every descriptor type and option, with different radial and angular cutoffs. */
    static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("chebyshev angle element tanh", cheb(9, 7, 4.6, 3.9, "tanh", "element", "angle")));
        v.add(new Variant("chebyshev cos element tanh", cheb(9, 7, 4.6, 3.9, "tanh", "element", "cos")));
        v.add(new Variant("chebyshev angle blocks tanh", cheb(6, 5, 4.6, 3.9, "tanh", "blocks", "angle")));
        v.add(new Variant("chebyshev cos blocks cosine", cheb(6, 5, 3.9, 4.6, "cosine", "blocks", "cos")));
        v.add(new Variant("chebyshev angle element cosine", cheb(9, 7, 4.2, 4.2, "cosine", "element", "angle")));
        v.add(new Variant("chebyshev radial only", cheb(5, 0, 4.2, 4.2, "tanh", "element", "angle")));
        v.add(new Variant("chebyshev angular only", cheb(0, 5, 4.2, 4.2, "tanh", "blocks", "angle")));
        v.add(new Variant("behler narrow element tanh", behler(4.6, 3.9, "tanh", "element", true)));
        v.add(new Variant("behler wide element tanh", behler(4.6, 3.9, "tanh", "element", false)));
        v.add(new Variant("behler narrow blocks cosine", behler(3.9, 4.6, "cosine", "blocks", true)));
        v.add(new Variant("behler wide blocks cosine", behler(4.2, 4.2, "cosine", "blocks", false)));
        return v;
    }

    /** A random triclinic cell of about 6 Å with atoms of Li, P and S at least 1.3 Å apart. */
    static Structure randomCell(long seed, int atoms) {
        Random rnd = new Random(seed);
        Lattice lattice = Lattice.fromParameters(5.6 + rnd.nextDouble(), 5.9 + rnd.nextDouble(),
                6.2 + rnd.nextDouble(), 78 + 20 * rnd.nextDouble(), 80 + 20 * rnd.nextDouble(),
                75 + 25 * rnd.nextDouble());
        Element[] species = new Element[atoms];
        double[] frac = new double[3 * atoms];
        for (int i = 0; i < atoms; i++) {
            species[i] = LPS.get(i % 3);
        }
        int placed = 0;
        while (placed < atoms) {
            for (int c = 0; c < 3; c++) {
                frac[3 * placed + c] = rnd.nextDouble();
            }
            Structure trial = Structure.fromFractional(lattice, java.util.Arrays.copyOf(species, placed + 1),
                    java.util.Arrays.copyOf(frac, 3 * placed + 3));
            boolean ok = true;
            for (int j = 0; j < placed && ok; j++) {
                ok = trial.distance(j, placed) > 1.3;
            }
            if (ok) {
                placed++;
            }
        }
        return Structure.fromFractional(lattice, species, frac);
    }

    /** All atoms' values (N × size). */
    static double[] values(Descriptor d, Structure s) {
        NeighborList nl = NeighborList.full(s, d.cutoff());
        double[] g = new double[s.size() * d.size()];
        d.values(s, nl, 0, s.size(), g);
        return g;
    }

    /**
     * ∂G_in/∂x_a (atom positions) assembled from the entry derivatives: [(i*size + n) * 3N + 3a + c]. An entry
     * (i → image of j) adds +∂/∂r_ij to atom j and −∂/∂r_ij to atom i.
     */
    static double[] positionDerivatives(Descriptor d, Structure s, NeighborList nl, double[] g) {
        int n = s.size();
        int m = d.size();
        double[] dg = new double[nl.size() * m * 3];
        d.valuesAndDerivatives(s, nl, 0, n, g, dg);
        double[] out = new double[n * m * 3 * n];
        for (int i = 0; i < n; i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int j = nl.neighbor(k);
                for (int f = 0; f < m; f++) {
                    for (int c = 0; c < 3; c++) {
                        double v = dg[(k * m + f) * 3 + c];
                        out[(i * m + f) * 3 * n + 3 * j + c] += v;
                        out[(i * m + f) * 3 * n + 3 * i + c] -= v;
                    }
                }
            }
        }
        return out;
    }

    /** A random orthogonal matrix with determinant +1 (row-major), from Gram–Schmidt on random vectors. */
    static double[] randomRotation(long seed) {
        Random rnd = new Random(seed);
        double[] q = new double[9];
        for (int r = 0; r < 3; r++) {
            double[] v = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            for (int p = 0; p < r; p++) {
                double dot = v[0] * q[3 * p] + v[1] * q[3 * p + 1] + v[2] * q[3 * p + 2];
                for (int c = 0; c < 3; c++) {
                    v[c] -= dot * q[3 * p + c];
                }
            }
            double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            for (int c = 0; c < 3; c++) {
                q[3 * r + c] = v[c] / norm;
            }
        }
        double det = q[0] * (q[4] * q[8] - q[5] * q[7]) - q[1] * (q[3] * q[8] - q[5] * q[6])
                + q[2] * (q[3] * q[7] - q[4] * q[6]);
        if (det < 0) {
            for (int c = 0; c < 3; c++) {
                q[6 + c] = -q[6 + c];
            }
        }
        return q;
    }

    /** Row vector times matrix: v' = v·Q for each 3-vector in {@code xs}. */
    static double[] rotateRows(double[] xs, double[] q) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length / 3; i++) {
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = xs[3 * i] * q[c] + xs[3 * i + 1] * q[3 + c] + xs[3 * i + 2] * q[6 + c];
            }
        }
        return out;
    }
}
