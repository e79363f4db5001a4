package kiseki.md;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import kiseki.io.Units;

/**
 * Nosé–Hoover chain thermostat (Martyna, Tuckerman, Klein 1992) with the Trotter splitting of LAMMPS fix nvt
 * (one loop, no Suzuki–Yoshida weights). Masses Q₁ = N_f k T τ², Q_i = k T τ² as in LAMMPS. Conserved energy:
 * E_kin + E_pot + Σ ½ Q_i η̇_i² + N_f k T η₁ + k T Σ_{i≥2} η_i.
 */
public final class NoseHooverChain implements Thermostat {

    public static final int DEFAULT_CHAIN_LENGTH = 3;
    public static final double DEFAULT_TAU_FS = 100.0;

    private final double targetK;
    private final double tauFs;
    private final int chain;
    private final double[] eta;
    private final double[] etaDot;
    private final double[] etaDotDot;
    private final double[] q;

    public NoseHooverChain(double targetK) {
        this(targetK, DEFAULT_TAU_FS, DEFAULT_CHAIN_LENGTH);
    }

    public NoseHooverChain(double targetK, double tauFs, int chainLength) {
        if (!(targetK > 0) || !(tauFs > 0) || chainLength < 1) {
            throw new IllegalArgumentException("Nosé–Hoover chain needs T > 0, τ > 0 and a chain length ≥ 1, got T = "
                    + targetK + " K, τ = " + tauFs + " fs, length " + chainLength);
        }
        this.targetK = targetK;
        this.tauFs = tauFs;
        this.chain = chainLength;
        this.eta = new double[chainLength];
        this.etaDot = new double[chainLength + 1]; // last element stays 0
        this.etaDotDot = new double[chainLength];
        this.q = new double[chainLength];
    }

    @Override
    public String name() {
        return "nose-hoover-chain";
    }

    @Override
    public double targetTemperature() {
        return targetK;
    }

    public double tauFs() {
        return tauFs;
    }

    /** Thermostat positions η (live copy not exposed; for restart files). */
    public double[] positions() {
        return eta.clone();
    }

    /** Thermostat velocities η̇ (1/fs). */
    public double[] velocities() {
        return java.util.Arrays.copyOf(etaDot, chain);
    }

    public void setState(double[] positions, double[] velocities) {
        System.arraycopy(positions, 0, eta, 0, chain);
        System.arraycopy(velocities, 0, etaDot, 0, chain);
    }

    private void updateMasses(int dof) {
        double kT = Units.BOLTZMANN_EV_PER_K * targetK;
        q[0] = dof * kT * tauFs * tauFs;
        for (int i = 1; i < chain; i++) {
            q[i] = kT * tauFs * tauFs;
        }
    }

    @Override
    public void halfStep(MdState state, double dtFs) {
        int dof = state.degreesOfFreedom();
        updateMasses(dof);
        double kT = Units.BOLTZMANN_EV_PER_K * targetK;
        double keTarget = dof * kT;
        double dthalf = 0.5 * dtFs;
        double dt4 = 0.25 * dtFs;
        double dt8 = 0.125 * dtFs;
        // η̇ and Q in eV·fs² and 1/fs: forces on the chain in eV
        double keCurrent = 2 * state.kineticEnergy();
        etaDotDot[0] = (keCurrent - keTarget) / q[0];
        for (int i = 1; i < chain; i++) {
            etaDotDot[i] = (q[i - 1] * etaDot[i - 1] * etaDot[i - 1] - kT) / q[i];
        }
        for (int i = chain - 1; i >= 0; i--) {
            double expfac = Math.exp(-dt8 * etaDot[i + 1]);
            etaDot[i] *= expfac;
            etaDot[i] += etaDotDot[i] * dt4;
            etaDot[i] *= expfac;
        }
        double factor = Math.exp(-dthalf * etaDot[0]);
        state.scaleVelocities(factor);
        keCurrent *= factor * factor;
        etaDotDot[0] = (keCurrent - keTarget) / q[0];
        for (int i = 0; i < chain; i++) {
            eta[i] += dthalf * etaDot[i];
        }
        for (int i = 0; i < chain; i++) {
            double expfac = Math.exp(-dt8 * etaDot[i + 1]);
            if (i > 0) {
                etaDotDot[i] = (q[i - 1] * etaDot[i - 1] * etaDot[i - 1] - kT) / q[i];
            }
            etaDot[i] *= expfac;
            etaDot[i] += etaDotDot[i] * dt4;
            etaDot[i] *= expfac;
        }
    }

    @Override
    public double conservedContribution(MdState state) {
        int dof = state.degreesOfFreedom();
        updateMasses(dof);
        double kT = Units.BOLTZMANN_EV_PER_K * targetK;
        double e = dof * kT * eta[0];
        for (int i = 0; i < chain; i++) {
            e += 0.5 * q[i] * etaDot[i] * etaDot[i];
            if (i > 0) {
                e += kT * eta[i];
            }
        }
        return e;
    }

    @Override
    public void writeState(ObjectNode out) {
        ArrayNode positions = out.putArray("eta");
        ArrayNode velocities = out.putArray("eta_dot_per_fs");
        for (int i = 0; i < chain; i++) {
            positions.add(eta[i]);
            velocities.add(etaDot[i]);
        }
    }

    @Override
    public void readState(JsonNode in) {
        JsonNode positions = in.path("eta");
        JsonNode velocities = in.path("eta_dot_per_fs");
        if (positions.size() != chain || velocities.size() != chain) {
            throw new IllegalArgumentException("the restart holds a Nosé–Hoover chain of length " + positions.size()
                    + ", this thermostat has " + chain);
        }
        for (int i = 0; i < chain; i++) {
            eta[i] = positions.get(i).asDouble();
            etaDot[i] = velocities.get(i).asDouble();
        }
    }
}
