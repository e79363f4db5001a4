package kiseki.md;

import kiseki.io.Units;

/**
 * Stochastic velocity rescaling (Bussi, Donadio, Parrinello, J. Chem. Phys. 126, 014101 (2007)), the exact
 * resampling of the kinetic energy of their appendix, applied for dt/2 before and after each velocity-Verlet step.
 * Conserved energy: E_kin + E_pot minus the kinetic energy the thermostat has put in.
 */
public final class Bussi extends StochasticThermostat {

    public static final double DEFAULT_TAU_FS = 100.0;

    /** Default coupling time {@value #DEFAULT_TAU_FS} fs. */
    public Bussi(double targetK, long seed) {
        this(targetK, DEFAULT_TAU_FS, seed);
    }

    public Bussi(double targetK, double tauFs, long seed) {
        super("Bussi", targetK, tauFs, seed);
    }

    @Override
    public String name() {
        return "bussi";
    }

    @Override
    public void halfStep(MdState state, double dtFs) {
        double kinetic = state.kineticEnergy();
        if (!(kinetic > 0)) {
            return;
        }
        int dof = state.degreesOfFreedom();
        double target = 0.5 * dof * Units.BOLTZMANN_EV_PER_K * targetK;
        double c = Math.exp(-0.5 * dtFs / tauFs);
        double r1 = random.nextGaussian();
        double sumSquares = sumOfSquaredGaussians(dof - 1);
        double newKinetic = kinetic + (1 - c) * (target * (sumSquares + r1 * r1) / dof - kinetic)
                + 2 * r1 * Math.sqrt(kinetic * target / dof * (1 - c) * c);
        double alpha = Math.sqrt(Math.max(newKinetic, 0) / kinetic);
        // sign of α as in the paper: negative when R1 + sqrt(c N_f K / ((1 − c) K̄)) < 0
        if (r1 + Math.sqrt(c * dof * kinetic / ((1 - c) * target)) < 0) {
            alpha = -alpha;
        }
        state.scaleVelocities(alpha);
        injected += alpha * alpha * kinetic - kinetic;
    }

    /** Σ of n squared standard normals = 2·Gamma(n/2) (chi-squared), without drawing n numbers. */
    private double sumOfSquaredGaussians(int n) {
        if (n <= 0) {
            return 0;
        }
        if (n == 1) {
            double r = random.nextGaussian();
            return r * r;
        }
        if (n % 2 == 0) {
            return 2 * gamma(n / 2.0);
        }
        double r = random.nextGaussian();
        return 2 * gamma((n - 1) / 2.0) + r * r;
    }

    /** Gamma(shape, 1) for shape ≥ 1 by Marsaglia and Tsang (2000). */
    private double gamma(double shape) {
        double d = shape - 1.0 / 3.0;
        double cc = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + cc * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
