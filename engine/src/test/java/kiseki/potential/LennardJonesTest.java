package kiseki.potential;

import kiseki.io.FormatException;
import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LennardJonesTest {

    private static final double EPS = 0.0104;
    private static final double SIGMA = 3.40;

    private static LennardJones threeElements() {
        return LennardJones.builder(8.5).element("Ar", 0.0104, 3.40).element("Kr", 0.0140, 3.65)
                .element("Xe", 0.0190, 4.10).pair("Ar", "Xe", 0.0120, 3.80).build();
    }

    @Test
    void dimerByHand() {
        LennardJones lj = LennardJones.of(EPS, SIGMA, 8.5);
        double rmin = Math.pow(2, 1.0 / 6) * SIGMA;
        assertEquals(-EPS, lj.pairEnergy("Ar", "Ar", rmin), 1e-15);
        assertEquals(0.0, lj.pairEnergy("Ar", "Ar", SIGMA), 1e-15);
        assertEquals(0.0, lj.pairDerivative("Ar", "Ar", rmin), 1e-15);
        // r = 4 Å: 4ε[(3.4/4)^12 − (3.4/4)^6]
        double q = Math.pow(SIGMA / 4.0, 6);
        assertEquals(4 * EPS * (q * q - q), lj.pairEnergy("Ar", "Ar", 4.0), 1e-16);
        // plain truncation as lj/cut: nonzero just inside, zero from the cutoff on
        assertTrue(lj.pairEnergy("Ar", "Ar", 8.4999) < 0);
        assertEquals(0.0, lj.pairEnergy("Ar", "Ar", 8.5));

        // the same through compute(): a dimer in a big box, forces −dE/dr along the bond
        Element ar = PeriodicTable.require("Ar");
        Structure s = new Structure(kiseki.structure.Lattice.orthorhombic(30, 30, 30), new Element[] {ar, ar},
                new double[] {1, 1, 1, 1 + rmin, 1, 1});
        PotentialResult r = lj.compute(s);
        assertEquals(-EPS, r.energy, 1e-15);
        assertEquals(-EPS / 2, r.perAtomEnergy[0], 1e-15);
        assertEquals(0, r.forces[0], 1e-15);
        s.setPosition(1, 1 + 4.0, 1, 1);
        r = lj.compute(s);
        double dEdr = lj.pairDerivative("Ar", "Ar", 4.0);
        assertEquals(dEdr, r.forces[0], 1e-15);
        assertEquals(-dEdr, r.forces[3], 1e-15);
        // virial W_xx = r·F_j = 4 · (−dE/dr)
        assertEquals(-4.0 * dEdr, r.virial[0], 1e-15);
    }

    @Test
    void mixingRules() {
        LennardJones lj = threeElements();
        LennardJones.Parameters arKr = lj.parameters("Ar", "Kr");
        assertEquals(Math.sqrt(0.0104 * 0.0140), arKr.epsilon(), 1e-15);
        assertEquals(0.5 * (3.40 + 3.65), arKr.sigma(), 1e-15);
        assertEquals(0.0120, lj.parameters("Xe", "Ar").epsilon());
        assertEquals(3.80, lj.parameters("Xe", "Ar").sigma());
        LennardJones geo = LennardJones.builder(8.5).mixing(LennardJones.Mixing.GEOMETRIC).element("Ar", 0.0104, 3.40)
                .element("Kr", 0.0140, 3.65).build();
        assertEquals(Math.sqrt(3.40 * 3.65), geo.parameters("Kr", "Ar").sigma(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LennardJones.builder(8.5).element("Ar", 0.01, 3.4).pair("Ar", "Ne", 0.01, 3.0).build());
        assertTrue(e.getMessage().contains("Ne–Ne"), e.getMessage());
        Structure withHe = PotentialTesting.randomCell(1, new double[] {12, 12, 12}, 4, 3.0, "Ar", "He");
        e = assertThrows(IllegalArgumentException.class, () -> lj.compute(withHe));
        assertTrue(e.getMessage().contains("element He"), e.getMessage());
    }

    @Test
    void pairCountingMatchesBruteForceIncludingOwnImages() {
        // a 5 Å cell with an 8.5 Å cutoff: every atom sees many of its own images
        LennardJones lj = threeElements();
        Structure s = PotentialTesting.randomCell(7, new double[] {5.0, 5.5, 6.0}, 3, 3.0, "Ar", "Kr", "Xe");
        double brute = PotentialTesting.bruteForce(s, lj.cutoff(), (ij, r) -> lj.pairEnergy(
                s.element(ij[0]).symbol(), s.element(ij[1]).symbol(), r));
        assertEquals(brute, lj.compute(s).energy, 1e-13 * Math.abs(brute));
    }

    @Test
    void forcesAndStressAgainstFiniteDifferences() {
        LennardJones lj = threeElements();
        Structure big = PotentialTesting.randomCell(11, new double[] {11.0, 12.0, 13.0}, 16, 3.1, "Ar", "Kr", "Xe");
        PotentialTesting.checkForces(lj, big, 1e-5, 1e-6);
        PotentialTesting.checkStress(lj, big, 1e-6, 1e-6);
        Structure small = PotentialTesting.randomCell(12, new double[] {5.0, 5.5, 6.0}, 3, 3.0, "Ar", "Kr", "Xe");
        PotentialTesting.checkForces(lj, small, 1e-5, 1e-6);
        PotentialTesting.checkStress(lj, small, 1e-6, 1e-6);
        LennardJones blind = LennardJones.of(EPS, SIGMA, 8.5);
        PotentialTesting.checkForces(blind, small, 1e-5, 1e-6);
        PotentialTesting.checkStress(blind, small, 1e-6, 1e-6);
    }

    @Test
    void perAtomSumsRangesAndSkin() {
        LennardJones lj = threeElements();
        Structure s = PotentialTesting.randomCell(13, new double[] {9.0, 10.0, 11.0}, 12, 3.0, "Ar", "Kr", "Xe");
        NeighborList nl = NeighborList.full(s, lj.cutoff());
        PotentialTesting.checkSumsAndRanges(lj, s, range -> {
            PotentialResult out = new PotentialResult(s.size(), true, true, true);
            lj.compute(s, nl, out, range[0], range[1]);
            return out;
        });
        // a list built with a skin (entries beyond the cutoff) gives the same result
        PotentialResult plain = lj.compute(s);
        PotentialResult skin = new PotentialResult(s.size(), true, true, true);
        lj.compute(s, NeighborList.full(s, lj.cutoff() + 2.0), skin);
        assertEquals(plain.energy, skin.energy, 1e-13);
        for (int k = 0; k < plain.forces.length; k++) {
            assertEquals(plain.forces[k], skin.forces[k], 1e-13);
        }
    }

    @Test
    void jsonFilesAndRegistry(@TempDir Path dir) throws IOException {
        Path simple = dir.resolve("ar.json");
        Files.writeString(simple, "{\"epsilon\": 0.0104, \"sigma\": 3.40, \"cutoff\": 8.5}");
        Potential p = Potentials.style("lj").load(simple);
        LennardJones lj = assertInstanceOf(LennardJones.class, p);
        assertEquals("lj", lj.style());
        assertEquals(8.5, lj.cutoff());
        assertTrue(lj.elementBlind());
        assertEquals(-0.0104, lj.pairEnergy("Ar", "Ar", Math.pow(2, 1.0 / 6) * 3.40), 1e-15);

        Path mixed = dir.resolve("mixed.json");
        Files.writeString(mixed, """
                {"cutoff": 8.5, "mixing": "geometric",
                 "elements": {"Ar": {"epsilon": 0.0104, "sigma": 3.40}, "kr": {"epsilon": 0.0140, "sigma": 3.65}},
                 "pairs": [{"elements": ["Ar", "Xe"], "epsilon": 0.012, "sigma": 3.8},
                           {"elements": ["Xe", "Xe"], "epsilon": 0.019, "sigma": 4.1}]}
                """);
        LennardJones m = LennardJones.load(mixed);
        assertEquals(Math.sqrt(3.40 * 3.65), m.parameters("Ar", "Kr").sigma(), 1e-15);
        assertEquals(3.8, m.parameters("Xe", "Ar").sigma());
        assertEquals(java.util.List.of("Ar", "Kr", "Xe"), m.elements());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"epsilon\": 0.0104,\n \"sigma\": \"big\", \"cutoff\": 8.5}");
        FormatException e = assertThrows(FormatException.class, () -> LennardJones.load(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()) && e.getMessage().contains("'sigma' must be a finite"),
                e.getMessage());
        Files.writeString(bad, "{\"epsilon\": 0.0104,\n \"sigma\": 3.4 \"cutoff\": 8.5}");
        e = assertThrows(FormatException.class, () -> LennardJones.load(bad));
        assertEquals(2, e.line(), e.getMessage());
        Files.writeString(bad, "{\"epsilon\": 0.0104, \"sigma\": 3.4}");
        e = assertThrows(FormatException.class, () -> LennardJones.load(bad));
        assertTrue(e.getMessage().contains("'cutoff' is missing"), e.getMessage());
        Files.writeString(bad, "{\"cutoff\": 8.5, \"elements\": {\"Ar\": {\"epsilon\": 0.01, \"sigma\": 3.4}},"
                + " \"pairs\": [{\"elements\": [\"Ar\", \"Qq\"], \"epsilon\": 0.01, \"sigma\": 3}]}");
        e = assertThrows(FormatException.class, () -> LennardJones.load(bad));
        assertTrue(e.getMessage().contains("'Qq' is not an element"), e.getMessage());
        Files.writeString(bad, "{\"epsilon\": -1, \"sigma\": 3.4, \"cutoff\": 8.5}");
        e = assertThrows(FormatException.class, () -> LennardJones.load(bad));
        assertTrue(e.getMessage().contains("epsilon must be"), e.getMessage());
    }
}
