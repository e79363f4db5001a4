package kiseki.md;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the stochastic thermostats (Bussi, Langevin) share: a target temperature, a coupling time, a seeded random
 * stream whose state goes into restart files, and the bookkeeping of the kinetic energy they inject, which makes
 * E_kin + E_pot − injected the conserved quantity.
 */
abstract class StochasticThermostat implements Thermostat {

    protected final double targetK;
    protected final double tauFs;
    protected final MdRandom random;
    /** Kinetic energy the thermostat has put in so far (eV). */
    protected double injected;

    StochasticThermostat(String what, double targetK, double tauFs, long seed) {
        if (!(targetK > 0) || !(tauFs > 0)) {
            throw new IllegalArgumentException(what + " thermostat needs T > 0 and τ > 0, got T = " + targetK
                    + " K, τ = " + tauFs + " fs");
        }
        this.targetK = targetK;
        this.tauFs = tauFs;
        this.random = new MdRandom(seed);
    }

    @Override
    public double targetTemperature() {
        return targetK;
    }

    @Override
    public double conservedContribution(MdState state) {
        return -injected;
    }

    @Override
    public void writeState(ObjectNode out) {
        out.put("random_state", random.state());
        out.put("injected_energy_eV", injected);
    }

    @Override
    public void readState(JsonNode in) {
        random.setState(in.path("random_state").asLong());
        injected = in.path("injected_energy_eV").asDouble();
    }
}
