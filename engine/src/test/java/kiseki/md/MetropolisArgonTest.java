package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import kiseki.io.Units;
import kiseki.potential.LennardJones;
import kiseki.potential.Potential;

/**
 * Monte Carlo and molecular dynamics sample the same canonical distribution: the mean potential energy of 108-atom
 * fcc LJ argon (ε = 0.0104 eV, σ = 3.40 Å, cutoff 8.5 Å) at 100 K from Metropolis MC must agree with a Nosé–Hoover
 * chain NVT run within the combined statistical error (block-averaged standard errors of both).
 *
 * <p>The energy is shifted to zero at the cutoff. With the plain truncated potential the two methods sample
 * different ensembles: MD never feels the energy step φ(r_c) ≈ −1.7e-4 eV a pair makes when it crosses the cutoff
 * (the forces are those of the shifted potential), MC does — and the fcc shell at 8.32 Å crosses 8.5 Å all the time.
 * Measured with 6,000 MC sweeps and 60 ps of MD: truncated MC −0.07212 vs MD −0.07190 eV/atom (≈ 4σ apart), shifted
 * MC −0.06583 vs MD −0.06580 eV/atom.
 */
class MetropolisArgonTest {

    static final double T = 100;
    static final int CELLS = 3;
    static final Potential ARGON_SHIFTED = LennardJones.of(0.0104, 3.40, 8.5).withEnergyShift();

    @Test
    void monteCarloAndNvtMdGiveTheSameMeanPotentialEnergy() throws Exception {
        long t0 = System.nanoTime();
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(ARGON_SHIFTED, MdTest.argon(CELLS), T, 2024)
                .equilibrationSweeps(150).logEvery(1000);
        MetropolisMonteCarlo.Result r = mc.run(2000);
        int n = mc.structure().size();
        double mcMean = r.meanEnergy() / n;
        double mcError = r.meanEnergyError() / n;
        long t1 = System.nanoTime();

        MdState state = new MdState(MdTest.argon(CELLS));
        state.maxwellBoltzmann(T, 2024);
        VelocityVerlet md = new VelocityVerlet(ARGON_SHIFTED, state, 4.0, new NoseHooverChain(T, 200, 3));
        for (int s = 0; s < 1500; s++) {
            md.step();
        }
        BlockAverage mdEnergy = new BlockAverage();
        for (int s = 0; s < 12_000; s++) {
            md.step();
            mdEnergy.add(md.potentialEnergy() / n);
        }
        long t2 = System.nanoTime();
        double combined = Math.hypot(mcError, mdEnergy.standardError());
        System.out.printf("LJ argon, %d atoms, %.0f K: MC <E_pot>/N = %.6f ± %.6f eV (acceptance %.3f, step %.4f Å, "
                + "%.1f s); NVT MD %.6f ± %.6f eV (%.1f s); difference %.6f eV = %.2f combined σ%n", n, T, mcMean,
                mcError, r.meanAcceptance(), r.maxStep(), (t1 - t0) * 1e-9, mdEnergy.mean(),
                mdEnergy.standardError(), (t2 - t1) * 1e-9, mcMean - mdEnergy.mean(),
                (mcMean - mdEnergy.mean()) / combined);
        assertEquals(MetropolisMonteCarlo.Outcome.COMPLETED, r.outcome());
        assertTrue(combined < 2e-4, "error bars too wide to compare: " + combined + " eV/atom");
        assertEquals(mdEnergy.mean(), mcMean, 3 * combined, "MC and MD mean potential energy per atom");
        // and both are 3/2 k_B T (harmonic) above the static lattice energy, up to a few per cent anharmonicity
        double lattice = ARGON_SHIFTED.compute(MdTest.argon(CELLS)).energy / n;
        double thermal = 1.5 * Units.BOLTZMANN_EV_PER_K * T;
        assertEquals(thermal, mcMean - lattice, 0.15 * thermal, "harmonic estimate");
    }
}
