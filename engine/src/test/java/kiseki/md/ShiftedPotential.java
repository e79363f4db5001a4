package kiseki.md;

import kiseki.potential.Potential;
import kiseki.potential.PotentialResult;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

/**
 * Test helper: a pair potential with its energy shifted to zero at the cutoff (LAMMPS "pair_modify shift yes"):
 * subtracts φ(rc) per pair inside the cutoff. Forces are unchanged, so the dynamics are identical; only the energy
 * jumps when a pair crosses rc disappear, which isolates the integrator's own energy error.
 */
final class ShiftedPotential implements Potential {

    private final Potential inner;
    private final double energyAtCutoff;
    private int pairsInside;

    ShiftedPotential(Potential inner, double energyAtCutoff) {
        this.inner = inner;
        this.energyAtCutoff = energyAtCutoff;
    }

    static ShiftedPotential lennardJones(Potential lj, double epsilon, double sigma) {
        double sr6 = Math.pow(sigma / lj.cutoff(), 6);
        return new ShiftedPotential(lj, 4 * epsilon * (sr6 * sr6 - sr6));
    }

    @Override
    public String style() {
        return inner.style() + "-shifted";
    }

    @Override
    public double cutoff() {
        return inner.cutoff();
    }

    @Override
    public void compute(Structure structure, NeighborList neighbors, PotentialResult out) {
        inner.compute(structure, neighbors, out);
        double rc = cutoff();
        double[] d = neighbors.distanceArray();
        int inside = 0;
        for (int k = 0, n = neighbors.size(); k < n; k++) {
            if (d[k] < rc) {
                inside++;
            }
        }
        pairsInside = inside / 2; // full list: each pair twice
        out.energy -= pairsInside * energyAtCutoff;
    }

    /** The shift subtracted in the last evaluation (eV): add it back to get the plainly truncated energy. */
    double lastShift() {
        return pairsInside * energyAtCutoff;
    }
}
