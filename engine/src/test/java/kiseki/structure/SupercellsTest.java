package kiseki.structure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupercellsTest {

    static Structure rocksalt() {
        Element na = PeriodicTable.require("Na");
        Element cl = PeriodicTable.require("Cl");
        // primitive fcc cell of NaCl, a = 5.64 Å: a triclinic (60°) cell with 2 atoms
        double a = 5.64 / Math.sqrt(2);
        Lattice l = Lattice.fromParameters(a, a, a, 60, 60, 60);
        return Structure.fromFractional(l, new Element[] {na, cl}, new double[] {0, 0, 0, 0.5, 0.5, 0.5});
    }

    @Test
    void diagonalRepetitionCountsAndKeepsElementsGrouped() {
        Structure s = rocksalt();
        Structure big = Supercells.repeat(s, 4, 4, 2);
        assertEquals(64, big.size());
        assertEquals(32 * s.lattice().volume(), big.lattice().volume(), 1e-9);
        for (int i = 0; i < 32; i++) {
            assertEquals("Na", big.element(i).symbol());
            assertEquals("Cl", big.element(32 + i).symbol());
        }
        assertNoOverlaps(big);
    }

    @Test
    void generalMatrixGivesTheConventionalCubicCell() {
        // rows (-1 1 1), (1 -1 1), (1 1 -1) turn the fcc primitive cell into the conventional cube: det = 4
        Structure cube = Supercells.transform(rocksalt(), new int[][] {{-1, 1, 1}, {1, -1, 1}, {1, 1, -1}});
        assertEquals(8, cube.size());
        assertEquals(5.64, cube.lattice().a(), 1e-9);
        assertEquals(5.64, cube.lattice().b(), 1e-9);
        assertEquals(5.64, cube.lattice().c(), 1e-9);
        assertEquals(90, cube.lattice().alpha(), 1e-9);
        assertEquals(5.64 * 5.64 * 5.64, cube.lattice().volume(), 1e-9);
        // nearest Na–Cl distance stays a/2
        assertEquals(2.82, MinimumDistance.of(cube).distance(), 1e-9);
        assertEquals(4, cube.composition().count(PeriodicTable.require("Na")));
        assertNoOverlaps(cube);
    }

    @Test
    void everyAtomIsAnImageOfTheOriginal() {
        Structure s = NeighborListTest.randomTriclinic(new java.util.Random(5), 7, 5);
        int[][] t = {{2, 1, 0}, {0, 1, 1}, {1, 0, 2}}; // det = 2·2 − 1·(−1)... = 5
        assertEquals(5, Supercells.determinant(t));
        Structure big = Supercells.transform(s, t);
        assertEquals(35, big.size());
        for (int i = 0; i < big.size(); i++) {
            int orig = i / 5;
            assertEquals(s.element(orig), big.element(i));
            double[] d = {big.x(i, 0) - s.x(orig, 0), big.x(i, 1) - s.x(orig, 1), big.x(i, 2) - s.x(orig, 2)};
            double[] f = s.lattice().toFractional(d);
            for (double v : f) {
                assertEquals(Math.rint(v), v, 1e-9, "atom " + i + " is not a lattice translation of atom " + orig);
            }
        }
        assertNoOverlaps(big);
    }

    @Test
    void rejectsBadMatrices() {
        assertThrows(IllegalArgumentException.class,
                () -> Supercells.transform(rocksalt(), new int[][] {{1, 0, 0}, {2, 0, 0}, {0, 0, 1}}));
        assertThrows(IllegalArgumentException.class,
                () -> Supercells.transform(rocksalt(), new int[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> Supercells.repeat(rocksalt(), 0, 1, 1));
    }

    @Test
    void parsesSizesAndMatrices() {
        assertArrayEquals(new int[] {4, 4, 2}, Supercells.parseSize("4x4x2"));
        assertArrayEquals(new int[] {4, 4, 2}, Supercells.parseSize("4 4 2"));
        assertArrayEquals(new int[] {2, 0, 0}, Supercells.parseMatrix("2 0 0 0 2 0 0 0 2")[0]);
        assertThrows(IllegalArgumentException.class, () -> Supercells.parseSize("4x4"));
        assertThrows(IllegalArgumentException.class, () -> Supercells.parseMatrix("2 0 0 0 2 0 0 0"));
    }

    static void assertNoOverlaps(Structure s) {
        assertTrue(MinimumDistance.of(s).distance() > 0.5, "two atoms coincide in the supercell");
    }
}
