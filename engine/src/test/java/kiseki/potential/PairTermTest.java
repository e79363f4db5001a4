package kiseki.potential;

import kiseki.io.FormatException;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairTermTest {

    static final double RC = 6.0;

    /** Plausible coefficients: a repulsive wall and a shallow well near 2–3 Å for each pair. */
    static PairTerm liPS() {
        return new PairTerm(RC, List.of(
                new PairCoefficients("Li", "S", 4.3e4, -1.6e4, 1.8e3, -57),
                new PairCoefficients("P", "S", 6.3e3, 0, -2.8e3, 296),
                new PairCoefficients("S", "S", 1.7e6, -4.3e5, 3.9e4, -1.2e3),
                new PairCoefficients("Li", "Li", 8.5e5, -3.1e5, 3.7e4, -1.4e3),
                new PairCoefficients("Li", "P", 1.2e6, -1.7e5, -5.4e3, 1.1e3)));
    }

    @Test
    void formulaValuesAndCutoff() {
        PairCoefficients c = new PairCoefficients("p", "S", 6.3e3, 100, -2.8e3, 296);
        assertEquals("P", c.first());
        assertEquals("P-S", c.label());
        double r = 2.1;
        double expected = 0;
        double slope = 0;
        double[] a = {6.3e3, 100, -2.8e3, 296};
        int[] n = {12, 10, 8, 6};
        for (int k = 0; k < 4; k++) {
            expected += a[k] * (Math.pow(r, -n[k]) - Math.pow(RC, -n[k]) + n[k] * (r - RC) * Math.pow(RC, -n[k] - 1));
            slope += a[k] * (-n[k] * Math.pow(r, -n[k] - 1) + n[k] * Math.pow(RC, -n[k] - 1));
        }
        assertEquals(expected, c.energy(r, RC), 1e-12 * Math.abs(expected));
        assertEquals(slope, c.derivative(r, RC), 1e-12 * Math.abs(slope));
        // value and slope vanish at Rc (continuously: just inside is tiny, quadratically)
        assertEquals(0.0, c.energy(RC, RC));
        assertEquals(0.0, c.derivative(RC, RC));
        assertEquals(0.0, c.basis(12, RC, RC), 1e-25);
        assertEquals(0.0, PairCoefficients.basisDerivative(8, RC, RC), 1e-22);
        // continuously: just inside, φ ≈ ½ φ''(Rc) h² and φ' ≈ −φ''(Rc) h
        double curvature = 0;
        for (int k = 0; k < 4; k++) {
            curvature += a[k] * n[k] * (n[k] + 1) * Math.pow(RC, -n[k] - 2);
        }
        double h = 1e-3;
        assertEquals(0.5 * curvature * h * h, c.energy(RC - h, RC), 1e-2 * Math.abs(curvature) * h * h);
        assertEquals(-curvature * h, c.derivative(RC - h, RC), 1e-2 * Math.abs(curvature) * h);
        // the compute() kernel uses a rearranged formula: same numbers
        PairTerm term = new PairTerm(RC, List.of(c));
        Structure dimer = new Structure(kiseki.structure.Lattice.orthorhombic(20, 20, 20),
                new kiseki.structure.Element[] {kiseki.structure.PeriodicTable.require("P"),
                        kiseki.structure.PeriodicTable.require("S")},
                new double[] {1, 1, 1, 1 + r, 1, 1});
        PotentialResult res = term.compute(dimer);
        assertEquals(expected, res.energy, 1e-12 * Math.abs(expected));
        assertEquals(slope, res.forces[0], 1e-11 * Math.abs(slope));
        assertEquals(expected, term.energy("S", "P", r), 0);
        assertEquals(0.0, term.energy("S", "S", r), "pairs without coefficients do not interact");
    }

    @Test
    void forcesAndStressAgainstFiniteDifferences() {
        PairTerm term = liPS();
        Structure big = PotentialTesting.randomCell(21, new double[] {9.0, 9.5, 10.0}, 18, 1.8, "Li", "P", "S");
        PotentialTesting.checkForces(term, big, 1e-5, 1e-6);
        PotentialTesting.checkStress(term, big, 1e-6, 1e-6);
        // Rc = 6 Å in a ~4 Å cell: many own images
        Structure small = PotentialTesting.randomCell(22, new double[] {3.9, 4.2, 4.5}, 3, 1.9, "Li", "P", "S");
        PotentialTesting.checkForces(term, small, 1e-5, 1e-6);
        PotentialTesting.checkStress(term, small, 1e-6, 1e-6);
        double brute = PotentialTesting.bruteForce(small, RC, (ij, r) -> term.energy(
                small.element(ij[0]).symbol(), small.element(ij[1]).symbol(), r));
        assertEquals(brute, term.compute(small).energy, 1e-12 * Math.abs(brute));
    }

    @Test
    void perAtomSumsRangesAndUnknownElements() {
        PairTerm term = liPS();
        // Ge has no coefficients: present in the cell, feels nothing
        Structure s = PotentialTesting.randomCell(23, new double[] {8.0, 8.5, 9.0}, 14, 1.8, "Li", "P", "S", "Ge");
        NeighborList nl = NeighborList.full(s, RC + 1.0);
        PotentialTesting.checkSumsAndRanges(term, s, range -> {
            PotentialResult out = new PotentialResult(s.size(), true, true, true);
            term.compute(s, nl, out, range[0], range[1]);
            return out;
        });
        PotentialResult r = term.compute(s);
        for (int i = 0; i < s.size(); i++) {
            if (s.element(i).symbol().equals("Ge")) {
                assertEquals(0.0, r.forces[3 * i]);
                assertEquals(0.0, r.perAtomEnergy[i]);
            }
        }
        PotentialTesting.checkForces(term, s, 1e-5, 1e-6);
    }

    @Test
    void jsonRoundTripTableAndRegistry(@TempDir Path dir) throws IOException {
        PairTerm term = liPS();
        Path file = dir.resolve("pair.json");
        term.write(file);
        PairTerm back = assertInstanceOf(PairTerm.class, Potentials.style("pair-12-10-8-6").load(file));
        assertEquals(term.pairs(), back.pairs());
        assertEquals(RC, back.cutoff());

        Path table = dir.resolve("pair-table.csv");
        term.writeTable(table);
        List<String> lines = Files.readAllLines(table);
        assertEquals("r_angstrom,phi_Li-S_eV,phi_P-S_eV,phi_S-S_eV,phi_Li-Li_eV,phi_Li-P_eV", lines.get(0));
        assertEquals(1 + 501, lines.size(), "1.00 .. 6.00 Å in 0.01 Å steps");
        String[] first = lines.get(1).split(",");
        assertEquals("1.0000", first[0]);
        assertEquals(term.energy("S", "Li", 1.0), Double.parseDouble(first[1]), 1e-9 * Math.abs(Double.parseDouble(
                first[1])));
        assertEquals("6.0000,0.000000000,0.000000000,0.000000000,0.000000000,0.000000000", lines.get(501));

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"cutoff\": 6, \"pairs\": [{\"elements\": [\"P\", \"S\"], \"A12\": 1, \"A10\": 2,"
                + " \"A8\": 3}]}");
        FormatException e = assertThrows(FormatException.class, () -> PairTerm.load(bad));
        assertTrue(e.getMessage().contains("pair 1: the number 'A6' is missing"), e.getMessage());
        Files.writeString(bad, "{\"cutoff\": 6, \"pairs\": [{\"elements\": [\"P\", \"S\"], \"A12\": 1, \"A10\": 2,"
                + " \"A8\": 3, \"A6\": 4}, {\"elements\": [\"S\", \"P\"], \"A12\": 1, \"A10\": 2, \"A8\": 3, \"A6\": 4}]}");
        e = assertThrows(FormatException.class, () -> PairTerm.load(bad));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
        Files.writeString(bad, "{\"style\": \"lj\", \"cutoff\": 6, \"pairs\": []}");
        e = assertThrows(FormatException.class, () -> PairTerm.load(bad));
        assertTrue(e.getMessage().contains("expected 'pair-12-10-8-6'"), e.getMessage());
    }
}
