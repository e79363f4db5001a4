package kiseki.potential;

import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance: the pair term fitted to the 590 LGPS random-displacement frames (Li10GeP2S12, 50 atoms, Rc = 6 Å) is
 * physical for every pair present and puts the minima of the bonded pairs at the bond lengths of the data.
 */
class PairTermFitLgpsTest {

    @Test
    void lgpsPairTermIsPhysicalWithMinimaAtTheBondLengths(@TempDir Path dir) throws IOException {
        Path data = SharedData.require("data/lgps/lgps_init_590.extxyz");
        PairTermFit fit = new PairTermFit(6.0);
        fit.addAll(data);
        PairTermFit.Result r = fit.solve(PairTermFit.Options.DEFAULT);
        System.out.println(r.summary());

        assertEquals(590, r.frames());
        assertEquals(0, r.skippedFrames());
        // every element pair closer than 6 Å somewhere; Ge–Ge never is (two Ge per cell, > 6 Å apart)
        List<String> labels = r.pairs().stream().map(PairTermFit.PairReport::label).sorted().toList();
        assertEquals(List.of("Ge-P", "Ge-S", "Li-Ge", "Li-Li", "Li-P", "Li-S", "P-P", "P-S", "S-S"), labels);
        assertEquals(1.886, r.pair("P", "S").shortest(), 1e-3);
        assertEquals(2.086, r.pair("Ge", "S").shortest(), 1e-3);

        for (PairTermFit.PairReport p : r.pairs()) {
            assertTrue(p.repulsiveAtShortRange(), p.label() + " must be repulsive below " + p.shortest() + " Å");
            PairCoefficients c = r.pairTerm().coefficients(p.first(), p.second()).orElseThrow();
            for (double x = 0.5; x < p.shortest(); x += 0.01) {
                assertTrue(c.energy(x, 6.0) > 0 && c.derivative(x, 6.0) < 0, p.label() + " at " + x + " Å");
            }
        }
        // minima at the bond lengths: P–S ≈ 2.05 Å, Ge–S ≈ 2.2 Å (±0.15), and each at its first-shell peak
        assertEquals(2.05, r.pair("P", "S").minimumAt(), 0.15);
        assertEquals(2.2, r.pair("Ge", "S").minimumAt(), 0.15);
        for (String[] ab : new String[][] {{"P", "S"}, {"Ge", "S"}, {"Li", "S"}}) {
            PairTermFit.PairReport p = r.pair(ab[0], ab[1]);
            assertTrue(p.minimumValue() < 0, p.label() + " has a well");
            assertEquals(p.firstShellPeak(0.5), p.minimumAt(), 0.15, p.label() + " minimum at the first-shell peak");
        }
        // the pair term alone explains most of the force variance
        assertEquals(0.2745, r.forceRms(), 1e-3);
        assertTrue(r.forceRmse() < 0.14, "force RMSE of E_C alone " + r.forceRmse());
        assertTrue(r.explainedForceVariance() > 0.7);
        assertTrue(r.energyRmsePerAtom() < 0.5 * r.referenceOnlyRmsePerAtom());
        // one composition: the reference energies cannot be told apart and stay equal
        double li = r.referenceEnergies().get("Li");
        r.referenceEnergies().values().forEach(e -> assertEquals(li, e, 1e-6));

        // without the constraints the same data give curves that are not physical at short range
        PairTermFit.Result free = fit.solve(PairTermFit.Options.DEFAULT.withRepulsion(PairTermFit.Repulsion.NONE));
        assertFalse(free.pairs().stream().allMatch(PairTermFit.PairReport::repulsiveAtShortRange));
        System.out.printf("unconstrained: force RMSE %.4f eV/Å, energy RMSE %.2f meV/atom%n", free.forceRmse(),
                1000 * free.energyRmsePerAtom());

        // what the trainer writes beside the potential
        r.pairTerm().write(dir.resolve("pair.json"));
        r.pairTerm().writeTable(dir.resolve("pair-table.csv"));
        assertEquals(r.pairTerm().pairs(), PairTerm.load(dir.resolve("pair.json")).pairs());
        assertEquals(502, Files.readAllLines(dir.resolve("pair-table.csv")).size());
    }
}
