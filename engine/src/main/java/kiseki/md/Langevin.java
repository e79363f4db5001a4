package kiseki.md;

import kiseki.io.Units;

/**
 * Langevin thermostat in the OBABO splitting: an exact Ornstein–Uhlenbeck velocity update for dt/2 before and after
 * the velocity-Verlet step, v ← c v + sqrt((1 − c²) kT/m) ξ with c = exp(−dt/(2τ)). τ is the damping time (fs).
 * The centre-of-mass velocity is removed after each O step (zero total momentum, 3N − 3 degrees of freedom).
 * Conserved energy: E_kin + E_pot minus the accumulated kinetic-energy change of the O steps.
 */
public final class Langevin extends StochasticThermostat {

    /** Default damping time (fs), as commonly used for LAMMPS fix langevin in metal units. */
    public static final double DEFAULT_TAU_FS = 100.0;

    /** Default damping time {@value #DEFAULT_TAU_FS} fs. */
    public Langevin(double targetK, long seed) {
        this(targetK, DEFAULT_TAU_FS, seed);
    }

    public Langevin(double targetK, double tauFs, long seed) {
        super("Langevin", targetK, tauFs, seed);
    }

    @Override
    public String name() {
        return "langevin";
    }

    @Override
    public void halfStep(MdState state, double dtFs) {
        double before = state.kineticEnergy();
        double c = Math.exp(-0.5 * dtFs / tauFs);
        double kT = Units.BOLTZMANN_EV_PER_K * targetK;
        double[] v = state.velocities();
        double[] m = state.masses();
        for (int i = 0; i < m.length; i++) {
            double sd = Math.sqrt((1 - c * c) * kT / (m[i] * Units.AMU_A2_PER_FS2_EV));
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] = c * v[3 * i + k] + sd * random.nextGaussian();
            }
        }
        // keep the total momentum at zero so the temperature's 3N − 3 degrees of freedom are the thermalised ones
        if (m.length > 1) {
            state.removeCenterOfMassMotion();
        }
        injected += state.kineticEnergy() - before;
    }
}
