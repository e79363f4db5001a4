package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import kiseki.io.Units;

/**
 * The stochastic thermostats' velocity updates alone (no forces): in the strong-coupling limit (τ ≪ dt) one update
 * must draw the kinetic energy afresh from the canonical Gamma distribution, mean N_f kT/2 and variance
 * N_f (kT)²/2; at moderate coupling repeated updates must keep that distribution stationary.
 */
class ThermostatSamplingTest {

    @Test
    void bussiResamplesTheCanonicalKineticEnergy() {
        check(new Bussi(300, 1e-6, 17), "Bussi strong coupling");
        check(new Bussi(300, 5.0, 18), "Bussi moderate coupling");
    }

    @Test
    void langevinResamplesTheCanonicalKineticEnergy() {
        check(new Langevin(300, 1e-6, 19), "Langevin strong coupling");
        check(new Langevin(300, 5.0, 20), "Langevin moderate coupling");
    }

    private static void check(Thermostat th, String label) {
        MdState state = new MdState(MdTest.argon(1)); // 4 atoms, N_f = 9: a clearly non-Gaussian KE distribution
        state.maxwellBoltzmann(50, 1);
        int dof = state.degreesOfFreedom();
        double kT = Units.BOLTZMANN_EV_PER_K * 300;
        for (int s = 0; s < 1000; s++) {
            th.halfStep(state, 2.0);
        }
        int samples = 200_000;
        double sum = 0;
        double sum2 = 0;
        double sum3 = 0;
        for (int s = 0; s < samples; s++) {
            th.halfStep(state, 2.0);
            double ke = state.kineticEnergy() / kT;
            sum += ke;
            sum2 += ke * ke;
            sum3 += ke * ke * ke;
        }
        double mean = sum / samples;
        double var = sum2 / samples - mean * mean;
        double third = sum3 / samples - 3 * mean * var - mean * mean * mean;
        double shape = dof / 2.0; // Gamma(shape, 1) in units of kT: mean = var = shape, third central moment 2·shape
        System.out.printf("%s: <KE>/kT %.4f (%.1f), var %.4f (%.1f), third moment %.3f (%.1f)%n", label, mean, shape,
                var, shape, third, 2 * shape);
        assertEquals(shape, mean, 0.01 * shape, label + " mean");
        assertEquals(shape, var, 0.03 * shape, label + " variance");
        assertEquals(2 * shape, third, 0.1 * 2 * shape, label + " third central moment");
        for (double p : state.momentum()) {
            assertEquals(0, p, 1e-9, label + " momentum");
        }
    }
}
