package kiseki.md;

import java.util.random.RandomGenerator;

import kiseki.io.Units;
import kiseki.structure.Structure;

/**
 * The dynamical state of an MD run: the structure (positions kept UNWRAPPED, so displacements and MSDs are direct),
 * velocities (Å/fs), masses (amu), step counter and simulated time (fs). Arrays are live and reused every step.
 */
public final class MdState {

    private final Structure structure;
    private final double[] velocities;
    private final double[] masses;
    long step;
    double timeFs;

    public MdState(Structure structure) {
        this.structure = structure;
        int n = structure.size();
        this.velocities = new double[3 * n];
        this.masses = new double[n];
        for (int i = 0; i < n; i++) {
            masses[i] = structure.element(i).mass();
            if (!(masses[i] > 0)) {
                throw new IllegalArgumentException("atom " + i + " (" + structure.element(i).symbol()
                        + ") has no positive mass");
            }
        }
    }

    public Structure structure() {
        return structure;
    }

    /** Live velocity array, 3 per atom (Å/fs). */
    public double[] velocities() {
        return velocities;
    }

    /** Live mass array (amu). */
    public double[] masses() {
        return masses;
    }

    public int size() {
        return masses.length;
    }

    public long step() {
        return step;
    }

    public double timeFs() {
        return timeFs;
    }

    public void setStepAndTime(long step, double timeFs) {
        this.step = step;
        this.timeFs = timeFs;
    }

    /** Degrees of freedom used for the temperature: 3N − 3 (total momentum is fixed), 3 for a single atom. */
    public int degreesOfFreedom() {
        int n = size();
        return n > 1 ? 3 * n - 3 : 3 * n;
    }

    /** Kinetic energy (eV) = ½ Σ m v². */
    public double kineticEnergy() {
        double sum = 0;
        for (int i = 0; i < masses.length; i++) {
            double vx = velocities[3 * i];
            double vy = velocities[3 * i + 1];
            double vz = velocities[3 * i + 2];
            sum += masses[i] * (vx * vx + vy * vy + vz * vz);
        }
        return 0.5 * sum * Units.AMU_A2_PER_FS2_EV;
    }

    /** Instantaneous temperature (K) = 2 KE / (N_f k_B). */
    public double temperature() {
        return 2 * kineticEnergy() / (degreesOfFreedom() * Units.BOLTZMANN_EV_PER_K);
    }

    /** Total momentum (amu·Å/fs), 3 numbers. */
    public double[] momentum() {
        double[] p = new double[3];
        for (int i = 0; i < masses.length; i++) {
            for (int k = 0; k < 3; k++) {
                p[k] += masses[i] * velocities[3 * i + k];
            }
        }
        return p;
    }

    /** Removes the centre-of-mass velocity (no allocation: used every step by the Langevin thermostat). */
    public void removeCenterOfMassMotion() {
        double px = 0;
        double py = 0;
        double pz = 0;
        double total = 0;
        for (int i = 0; i < masses.length; i++) {
            px += masses[i] * velocities[3 * i];
            py += masses[i] * velocities[3 * i + 1];
            pz += masses[i] * velocities[3 * i + 2];
            total += masses[i];
        }
        for (int i = 0; i < masses.length; i++) {
            velocities[3 * i] -= px / total;
            velocities[3 * i + 1] -= py / total;
            velocities[3 * i + 2] -= pz / total;
        }
    }

    /** Multiplies every velocity by {@code factor}. */
    public void scaleVelocities(double factor) {
        for (int k = 0; k < velocities.length; k++) {
            velocities[k] *= factor;
        }
    }

    /**
     * Maxwell–Boltzmann velocities at {@code temperatureK} from {@code seed}: Gaussian components with variance
     * kT/m, then the centre-of-mass motion removed and all velocities rescaled so that the temperature (with 3N − 3
     * degrees of freedom) is exactly {@code temperatureK}.
     */
    public void maxwellBoltzmann(double temperatureK, long seed) {
        if (!(temperatureK >= 0) || !Double.isFinite(temperatureK)) {
            throw new IllegalArgumentException("temperature must be a non-negative number of kelvin, got "
                    + temperatureK);
        }
        RandomGenerator random = new java.util.SplittableRandom(seed);
        double kT = Units.BOLTZMANN_EV_PER_K * temperatureK;
        for (int i = 0; i < masses.length; i++) {
            double sd = Math.sqrt(kT / (masses[i] * Units.AMU_A2_PER_FS2_EV));
            for (int k = 0; k < 3; k++) {
                velocities[3 * i + k] = sd * random.nextGaussian();
            }
        }
        if (size() > 1) {
            removeCenterOfMassMotion();
        }
        double t = temperature();
        scaleVelocities(t > 0 ? Math.sqrt(temperatureK / t) : 0);
    }
}
