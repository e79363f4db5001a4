package kiseki.md;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A thermostat applied symmetrically around the velocity-Verlet step: {@link #halfStep} is called with the full
 * time step before the first velocity half-kick and again after the second one, and acts for dt/2 each time
 * (Trotter splitting). Implementations allocate nothing per step.
 */
public interface Thermostat {

    /** Name for logs and thermo files ("nve", "nose-hoover-chain", "langevin", "bussi"). */
    String name();

    /** Target temperature (K), NaN when the thermostat has none (NVE). */
    default double targetTemperature() {
        return Double.NaN;
    }

    /** Propagates the thermostat and the velocities by dt/2. */
    void halfStep(MdState state, double dtFs);

    /**
     * Energy (eV) to add to E_kin + E_pot to get the conserved ("extended") energy of the dynamics: thermostat
     * variables for Nosé–Hoover chains, minus the accumulated energy the stochastic thermostats put in.
     */
    double conservedContribution(MdState state);

    /** Writes the thermostat's variables (and random-number state) for a restart file. */
    default void writeState(ObjectNode out) {
    }

    /** Restores what {@link #writeState} wrote. */
    default void readState(JsonNode in) {
    }

    /** No thermostat: plain NVE dynamics. */
    static Thermostat none() {
        return new Thermostat() {
            @Override
            public String name() {
                return "nve";
            }

            @Override
            public void halfStep(MdState state, double dtFs) {
            }

            @Override
            public double conservedContribution(MdState state) {
                return 0;
            }
        };
    }
}
