package kiseki.md;

import kiseki.potential.Potential;
import kiseki.potential.PotentialResult;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

/**
 * Test potential with a known canonical distribution: every atom sits on its own harmonic spring,
 * E = Σ_i k/2 |r_i − r0_i|², the displacement taken as the minimum image in a cubic cell. Each Cartesian
 * displacement is then Gaussian with variance k_B T / k and ⟨E⟩ = 3/2 N k_B T exactly. The neighbour list is not
 * needed; the cutoff only sizes it.
 */
final class EinsteinCrystal implements Potential {

    private final double springConstant;
    private final double[] reference;
    private final double box;
    private int evaluations;

    /** Springs of constant {@code k} (eV/Å²) anchored at the current positions of {@code s} (a cubic cell). */
    EinsteinCrystal(double k, Structure s) {
        this.springConstant = k;
        this.reference = s.positions().clone();
        this.box = s.lattice().a();
    }

    /** n×n×n simple cubic argon with spacing {@code a} (Å), periodic. */
    static Structure simpleCubic(int n, double a) {
        int atoms = n * n * n;
        Element[] species = new Element[atoms];
        double[] x = new double[3 * atoms];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < n; l++) {
                    species[k] = PeriodicTable.require("Ar");
                    x[3 * k] = (i + 0.5) * a;
                    x[3 * k + 1] = (j + 0.5) * a;
                    x[3 * k + 2] = (l + 0.5) * a;
                    k++;
                }
            }
        }
        return new Structure(Lattice.orthorhombic(n * a, n * a, n * a), species, x);
    }

    /** Minimum-image displacement of coordinate {@code a} (3i + component) from its anchor. */
    double displacement(double[] positions, int a) {
        double d = positions[a] - reference[a];
        return d - box * Math.rint(d / box);
    }

    int evaluations() {
        return evaluations;
    }

    /** What a test does after each evaluation (change the energy, raise a flag). */
    interface AfterCompute {
        void apply(Structure structure, PotentialResult out);
    }

    /** These springs, followed by {@code after} on every evaluation. */
    Potential then(AfterCompute after) {
        EinsteinCrystal springs = this;
        return new Potential() {
            @Override
            public String style() {
                return springs.style() + "-modified";
            }

            @Override
            public double cutoff() {
                return springs.cutoff();
            }

            @Override
            public void compute(Structure structure, NeighborList neighbors, PotentialResult out) {
                springs.compute(structure, neighbors, out);
                after.apply(structure, out);
            }
        };
    }

    @Override
    public String style() {
        return "einstein-test";
    }

    @Override
    public double cutoff() {
        return 1.0;
    }

    @Override
    public void compute(Structure structure, NeighborList neighbors, PotentialResult out) {
        evaluations++;
        double[] x = structure.positions();
        double energy = 0;
        for (int a = 0; a < x.length; a++) {
            double d = displacement(x, a);
            energy += 0.5 * springConstant * d * d;
            if (out.forces != null) {
                out.forces[a] -= springConstant * d;
            }
        }
        out.energy += energy;
    }
}
