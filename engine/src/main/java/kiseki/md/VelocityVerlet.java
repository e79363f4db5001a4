package kiseki.md;

import kiseki.io.Units;
import kiseki.potential.Potential;
import kiseki.potential.PotentialResult;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

/**
 * Velocity-Verlet integrator with a Verlet neighbour list (cutoff + skin): the list is refreshed every step and
 * rebuilt only when some atom has moved more than skin/2 since the last build. Nothing is allocated per step except
 * on a rebuild. The thermostat acts for dt/2 before and after each step.
 */
public final class VelocityVerlet {

    public static final double DEFAULT_SKIN = 1.0;

    private final Potential potential;
    private final MdState state;
    private final double dtFs;
    private final double skin;
    private final Thermostat thermostat;
    private final PotentialResult result;
    private final double[] positionsAtBuild;
    private NeighborList neighbors;
    private int rebuilds;

    public VelocityVerlet(Potential potential, MdState state, double dtFs, Thermostat thermostat) {
        this(potential, state, dtFs, DEFAULT_SKIN, thermostat);
    }

    /** {@code skin} = 0 rebuilds the list every step. */
    public VelocityVerlet(Potential potential, MdState state, double dtFs, double skin, Thermostat thermostat) {
        if (!(dtFs > 0) || !(skin >= 0)) {
            throw new IllegalArgumentException("time step must be > 0 fs and skin ≥ 0 Å, got " + dtFs + ", " + skin);
        }
        this.potential = potential;
        this.state = state;
        this.dtFs = dtFs;
        this.skin = skin;
        this.thermostat = thermostat;
        Structure s = state.structure();
        this.result = new PotentialResult(s.size(), true, s.isFullyPeriodic(), false);
        this.positionsAtBuild = new double[3 * s.size()];
        rebuild();
        computeForces();
    }

    public MdState state() {
        return state;
    }

    public Potential potential() {
        return potential;
    }

    public Thermostat thermostat() {
        return thermostat;
    }

    public double skin() {
        return skin;
    }

    public double timeStepFs() {
        return dtFs;
    }

    /** Forces, energy and virial of the current positions. */
    public PotentialResult result() {
        return result;
    }

    public NeighborList neighbors() {
        return neighbors;
    }

    /** How many times the neighbour list was built (including the first). */
    public int rebuilds() {
        return rebuilds;
    }

    public double potentialEnergy() {
        return result.energy;
    }

    public double kineticEnergy() {
        return state.kineticEnergy();
    }

    public double totalEnergy() {
        return result.energy + state.kineticEnergy();
    }

    /** E_pot + E_kin + the thermostat's contribution: the quantity the dynamics conserves. */
    public double conservedEnergy() {
        return totalEnergy() + thermostat.conservedContribution(state);
    }

    /** Pressure (bar) from the virial and the kinetic energy, or NaN when the cell is not fully periodic. */
    public double pressureBar() {
        Structure s = state.structure();
        if (result.virial == null || !s.isFullyPeriodic()) {
            return Double.NaN;
        }
        double[] w = result.virial;
        double volume = s.lattice().volume();
        double pressure = (2 * state.kineticEnergy() + w[0] + w[4] + w[8]) / (3 * volume);
        return pressure * Units.EV_PER_ANGSTROM3_TO_GPA * 1e4;
    }

    /** Advances one time step. */
    public void step() {
        thermostat.halfStep(state, dtFs);
        double[] x = state.structure().positions();
        double[] v = state.velocities();
        double[] m = state.masses();
        double[] f = result.forces;
        double halfKick = 0.5 * dtFs / Units.AMU_A2_PER_FS2_EV;
        double maxMove2 = 0;
        for (int i = 0; i < m.length; i++) {
            double c = halfKick / m[i];
            for (int k = 0; k < 3; k++) {
                int a = 3 * i + k;
                v[a] += c * f[a];
                x[a] += dtFs * v[a];
            }
            double dx = x[3 * i] - positionsAtBuild[3 * i];
            double dy = x[3 * i + 1] - positionsAtBuild[3 * i + 1];
            double dz = x[3 * i + 2] - positionsAtBuild[3 * i + 2];
            maxMove2 = Math.max(maxMove2, dx * dx + dy * dy + dz * dz);
        }
        if (skin == 0 || maxMove2 > 0.25 * skin * skin) {
            rebuild();
        } else {
            neighbors.refresh(state.structure());
        }
        computeForces();
        for (int i = 0; i < m.length; i++) {
            double c = halfKick / m[i];
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] += c * f[3 * i + k];
            }
        }
        thermostat.halfStep(state, dtFs);
        state.step++;
        state.timeFs += dtFs;
    }

    /** Smallest interatomic distance in the neighbour list (Å), +∞ when no pair is listed. */
    public double minimumDistance() {
        double[] d = neighbors.distanceArray();
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0, n = neighbors.size(); k < n; k++) {
            min = Math.min(min, d[k]);
        }
        return min;
    }

    /** Positions at the last neighbour-list build (a copy; saved in restart files). */
    public double[] listReferencePositions() {
        return positionsAtBuild.clone();
    }

    /**
     * Rebuilds the neighbour list from the positions of an earlier build and refreshes it to the current positions,
     * then recomputes the forces: a restarted run then sums exactly the same pairs in the same order as the
     * uninterrupted run would have.
     */
    public void restoreNeighborList(double[] referencePositions) {
        Structure reference = state.structure().copy();
        if (referencePositions.length != positionsAtBuild.length) {
            throw new IllegalArgumentException("expected " + positionsAtBuild.length + " reference coordinates, got "
                    + referencePositions.length);
        }
        System.arraycopy(referencePositions, 0, reference.positions(), 0, referencePositions.length);
        neighbors = NeighborList.full(reference, potential.cutoff() + skin);
        System.arraycopy(referencePositions, 0, positionsAtBuild, 0, positionsAtBuild.length);
        neighbors.refresh(state.structure());
        computeForces();
    }

    private void rebuild() {
        neighbors = NeighborList.full(state.structure(), potential.cutoff() + skin);
        System.arraycopy(state.structure().positions(), 0, positionsAtBuild, 0, positionsAtBuild.length);
        rebuilds++;
    }

    private void computeForces() {
        result.reset();
        potential.compute(state.structure(), neighbors, result);
    }
}
