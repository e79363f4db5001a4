package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import kiseki.io.Units;

/** Long runs on LJ argon with known statistical answers. */
class MdPhysicsTest {

    static final ShiftedPotential SHIFTED = ShiftedPotential.lennardJones(MdTest.ARGON, 0.0104, 3.40);

    /** Slope (per step) of the least-squares line through y[0..n-1]. */
    static double slope(double[] y, int n) {
        double mx = (n - 1) / 2.0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            my += y[i];
        }
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        return sxy / sxx;
    }

    @Test
    void lennardJonesWithEnergyShiftConservesEnergy() {
        // the user-facing form of the shift (LAMMPS pair_modify shift yes): same energies as the test wrapper
        kiseki.potential.LennardJones lj = kiseki.potential.LennardJones.of(0.0104, 3.40, 8.5).withEnergyShift();
        MdState state = new MdState(MdTest.argon(4));
        state.maxwellBoltzmann(100, 2024);
        VelocityVerlet md = new VelocityVerlet(lj, state, 2.0, Thermostat.none());
        MdState twin = new MdState(MdTest.argon(4));
        twin.maxwellBoltzmann(100, 2024);
        assertEquals(new VelocityVerlet(SHIFTED, twin, 2.0, Thermostat.none()).potentialEnergy(),
                md.potentialEnergy(), 1e-9);
        double e0 = md.totalEnergy();
        double maxDev = 0;
        for (int step = 0; step < 10_000; step++) {
            md.step();
            maxDev = Math.max(maxDev, Math.abs(md.totalEnergy() - e0));
        }
        assertTrue(maxDev / 256 < 1e-4, "largest energy deviation " + maxDev / 256 + " eV/atom over 20 ps");
    }

    @Test
    void nveConservesEnergyForFccArgon() {
        // 256-atom fcc argon, 100 K Maxwell–Boltzmann start, 2 fs steps, 20 ps (10,000 steps, about 2 s)
        MdState state = new MdState(MdTest.argon(4));
        state.maxwellBoltzmann(100, 2024);
        VelocityVerlet md = new VelocityVerlet(SHIFTED, state, 2.0, Thermostat.none());
        int steps = Integer.getInteger("kiseki.md.nveSteps", 10_000);
        double[] energies = new double[steps];
        double e0 = md.totalEnergy();
        double raw0 = e0 + SHIFTED.lastShift();
        double[] rawEnergies = new double[steps];
        double maxDev = 0;
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            md.step();
            energies[s] = md.totalEnergy();
            rawEnergies[s] = energies[s] + SHIFTED.lastShift();
            maxDev = Math.max(maxDev, Math.abs(energies[s] - e0));
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        int n = state.size();
        double endToEnd = Math.abs(energies[steps - 1] - e0) / n;
        double fittedDrift = Math.abs(slope(energies, steps)) * steps / n;
        System.out.printf("same run, plainly truncated LJ energy (LAMMPS lj/cut without shift): end-to-start %.3e"
                + " eV/atom, fitted drift %.3e eV/atom%n", Math.abs(rawEnergies[steps - 1] - raw0) / n,
                Math.abs(slope(rawEnergies, steps)) * steps / n);
        System.out.printf("NVE 256 Ar (energy shifted at rc), %d steps of 2 fs: end-to-start %.3e eV/atom, fitted "
                + "drift %.3e eV/atom over the run, max deviation %.3e eV/atom, T end %.2f K, %d rebuilds, P %.1f bar,"
                + " %.2f s%n", steps, endToEnd, fittedDrift, maxDev / n, state.temperature(), md.rebuilds(),
                md.pressureBar(), seconds);
        assertTrue(endToEnd < 1e-4, "energy change " + endToEnd + " eV/atom");
        assertTrue(fittedDrift < 1e-4, "energy drift " + fittedDrift + " eV/atom");
        assertTrue(Double.isFinite(md.pressureBar()));
    }

    @Test
    void noseHooverChainSamplesCanonicalKineticEnergy() {
        canonical("NHC", s -> new NoseHooverChain(100.0), 5);
    }

    @Test
    void bussiSamplesCanonicalKineticEnergy() {
        canonical("Bussi", s -> new Bussi(100.0, 100.0, 99), 6);
    }

    @Test
    void langevinSamplesCanonicalKineticEnergy() {
        canonical("Langevin", s -> new Langevin(100.0, 200.0, 5), 8);
    }

    interface Factory {
        Thermostat make(MdState s);
    }

    private static void canonical(String label, Factory factory, long seed) {
        MdState state = new MdState(MdTest.argon(2));
        state.maxwellBoltzmann(100, seed);
        Thermostat th = factory.make(state);
        VelocityVerlet md = new VelocityVerlet(SHIFTED, state, 2.0, th);
        int steps = Integer.getInteger("kiseki.md.nvtSteps", 50_000);
        double c0 = md.conservedEnergy();
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        double maxConservedDev = 0;
        double[] conserved = new double[steps];
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            md.step();
            conserved[s] = md.conservedEnergy();
            maxConservedDev = Math.max(maxConservedDev, Math.abs(conserved[s] - c0));
            if (s >= steps / 2) {
                double ke = state.kineticEnergy();
                sum += ke;
                sum2 += ke * ke;
                n++;
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        double mean = sum / n;
        double variance = sum2 / n - mean * mean;
        int dof = state.degreesOfFreedom();
        double kT = Units.BOLTZMANN_EV_PER_K * 100.0;
        double meanT = 2 * mean / (dof * Units.BOLTZMANN_EV_PER_K);
        double canonicalVariance = 0.5 * dof * kT * kT;
        double conservedDrift = Math.abs(slope(conserved, steps)) * steps;
        System.out.printf("%s 32 Ar, %d steps: <T> = %.2f K, var(KE)/canonical = %.3f, fitted conserved drift %.3e eV over the run "
                + "(kT = %.3e eV, max dev %.3e), %.2f s%n", label, steps, meanT, variance / canonicalVariance,
                conservedDrift, kT, maxConservedDev, seconds);
        assertEquals(100.0, meanT, 2.0, label + " mean temperature");
        assertEquals(1.0, variance / canonicalVariance, 0.10, label + " KE variance / canonical");
        assertTrue(conservedDrift < 0.1 * kT, label + " conserved-energy drift " + conservedDrift);
    }
}
