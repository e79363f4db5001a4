package kiseki.potential;

import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random cells and finite-difference checks shared by the potential tests. */
final class PotentialTesting {

    private PotentialTesting() {
    }

    /**
     * A random triclinic cell (angles 70–110°) with {@code atoms} atoms of the given elements (cycled), placed at
     * random with at least {@code minDistance} Å between any two atoms including periodic images.
     */
    static Structure randomCell(long seed, double[] lengths, int atoms, double minDistance, String... symbols) {
        Random rnd = new Random(seed);
        Lattice cell = Lattice.fromParameters(lengths[0], lengths[1], lengths[2], 70 + 40 * rnd.nextDouble(),
                70 + 40 * rnd.nextDouble(), 70 + 40 * rnd.nextDouble());
        Element[] species = new Element[atoms];
        for (int i = 0; i < atoms; i++) {
            species[i] = PeriodicTable.require(symbols[i % symbols.length]);
        }
        // atoms one at a time, each at a random spot at least minDistance from everything placed so far
        double[] frac = new double[3 * atoms];
        for (int i = 0; i < atoms; i++) {
            boolean placed = false;
            for (int attempt = 0; attempt < 10_000 && !placed; attempt++) {
                for (int k = 0; k < 3; k++) {
                    frac[3 * i + k] = rnd.nextDouble();
                }
                Structure partial = Structure.fromFractional(cell, java.util.Arrays.copyOf(species, i + 1),
                        java.util.Arrays.copyOf(frac, 3 * i + 3));
                placed = NeighborList.full(partial, minDistance).size() == 0;
            }
            if (!placed) {
                break;
            }
            if (i == atoms - 1) {
                return Structure.fromFractional(cell, species, frac);
            }
        }
        throw new IllegalStateException("could not place " + atoms + " atoms " + minDistance + " Å apart");
    }

    /** Energy with a freshly built neighbour list. */
    static double energy(Potential p, Structure s) {
        PotentialResult out = new PotentialResult(s.size(), false, false, false);
        p.compute(s, NeighborList.full(s, p.cutoff()), out);
        return out.energy;
    }

    /** Forces against central differences of the energy: |F − F_fd| ≤ tol · max(|F|∞, 1e-3). */
    static void checkForces(Potential p, Structure s, double h, double tol) {
        PotentialResult r = p.compute(s);
        double scale = 1e-3;
        for (double f : r.forces) {
            scale = Math.max(scale, Math.abs(f));
        }
        double[] x = s.positions();
        for (int k = 0; k < x.length; k++) {
            double x0 = x[k];
            x[k] = x0 + h;
            double ep = energy(p, s);
            x[k] = x0 - h;
            double em = energy(p, s);
            x[k] = x0;
            double fd = -(ep - em) / (2 * h);
            assertEquals(fd, r.forces[k], tol * scale, "force component " + k + " (atom " + k / 3 + ")");
        }
    }

    /** Stress σ_ab = (1/V) ∂E/∂ε_ab under x → x(I+ε) of cell and atoms, against {@code stress(V)}. */
    static void checkStress(Potential p, Structure s, double h, double tol) {
        PotentialResult r = p.compute(s);
        double volume = s.lattice().volume();
        double[] stress = r.stress(volume);
        double scale = 1e-6;
        for (double v : stress) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double[] eps = new double[9];
                eps[3 * a + b] = h;
                double ep = energy(p, strained(s, eps));
                eps[3 * a + b] = -h;
                double em = energy(p, strained(s, eps));
                double fd = (ep - em) / (2 * h) / volume;
                assertEquals(fd, stress[3 * a + b], tol * scale, "stress component " + a + b);
            }
        }
    }

    /** The structure with cell and atoms deformed by (I + ε): rows x → x(I+ε). */
    static Structure strained(Structure s, double[] eps) {
        Structure c = s.copy();
        c.setLattice(s.lattice().strained(eps), true);
        return c;
    }

    /** Per-atom energies add up to the total; ranges partitioning the atoms add up to the whole. */
    static void checkSumsAndRanges(Potential p, Structure s, java.util.function.Function<int[], PotentialResult> range) {
        PotentialResult whole = p.compute(s);
        double sum = 0;
        for (double e : whole.perAtomEnergy) {
            sum += e;
        }
        assertEquals(whole.energy, sum, 1e-12 * Math.max(1, Math.abs(whole.energy)), "per-atom energies sum");
        int n = s.size();
        int split = n / 3;
        PotentialResult a = range.apply(new int[] {0, split});
        PotentialResult b = range.apply(new int[] {split, n});
        assertEquals(whole.energy, a.energy + b.energy, 1e-12 * Math.max(1, Math.abs(whole.energy)));
        for (int k = 0; k < 3 * n; k++) {
            assertEquals(whole.forces[k], a.forces[k] + b.forces[k], 1e-12 * (1 + Math.abs(whole.forces[k])));
        }
        for (int k = 0; k < 9; k++) {
            assertEquals(whole.virial[k], a.virial[k] + b.virial[k], 1e-12 * (1 + Math.abs(whole.virial[k])));
        }
        double net = 0;
        for (int c = 0; c < 3; c++) {
            double f = 0;
            for (int i = 0; i < n; i++) {
                f += whole.forces[3 * i + c];
            }
            net = Math.max(net, Math.abs(f));
        }
        assertTrue(net < 1e-10 * (1 + n), "forces sum to zero, got " + net);
        for (int a1 = 0; a1 < 3; a1++) {
            for (int b1 = 0; b1 < 3; b1++) {
                assertEquals(whole.virial[3 * a1 + b1], whole.virial[3 * b1 + a1],
                        1e-10 * (1 + Math.abs(whole.virial[3 * a1 + b1])), "pair virial is symmetric");
            }
        }
    }

    /**
     * Brute-force periodic pair sum ½ Σ_i Σ_{j, image} φ(r) over every image within the cutoff (an independent check
     * of the neighbour-list pair counting).
     */
    static double bruteForce(Structure s, double cutoff, java.util.function.ToDoubleBiFunction<int[], Double> phi) {
        double[] m = s.lattice().matrix();
        int reach = 0;
        for (int k = 0; k < 3; k++) {
            reach = Math.max(reach, (int) Math.ceil(cutoff / s.lattice().perpendicularWidth(k)) + 1);
        }
        double[] x = s.positions();
        double e = 0;
        for (int i = 0; i < s.size(); i++) {
            for (int j = 0; j < s.size(); j++) {
                for (int a = -reach; a <= reach; a++) {
                    for (int b = -reach; b <= reach; b++) {
                        for (int c = -reach; c <= reach; c++) {
                            if (i == j && a == 0 && b == 0 && c == 0) {
                                continue;
                            }
                            double dx = x[3 * j] - x[3 * i] + a * m[0] + b * m[3] + c * m[6];
                            double dy = x[3 * j + 1] - x[3 * i + 1] + a * m[1] + b * m[4] + c * m[7];
                            double dz = x[3 * j + 2] - x[3 * i + 2] + a * m[2] + b * m[5] + c * m[8];
                            double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
                            if (r < cutoff) {
                                e += 0.5 * phi.applyAsDouble(new int[] {i, j}, r);
                            }
                        }
                    }
                }
            }
        }
        return e;
    }
}
