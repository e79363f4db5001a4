package kiseki.descriptor;

import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation, translation, permutation and periodic-cell invariance; skins; threads. */
class DescriptorInvarianceTest {

    static List<DescriptorFixtures.Variant> variants() {
        return DescriptorFixtures.variants();
    }

    private static void assertClose(double[] expected, double[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + ": all zero");
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], rel * (Math.abs(expected[k]) + 1e-6 * scale), what + " [" + k + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void rotationAndTranslationLeaveValuesUnchanged(DescriptorFixtures.Variant variant) {
        Descriptor d = variant.create();
        Structure s = DescriptorFixtures.randomCell(3, 7);
        double[] g = DescriptorFixtures.values(d, s);
        double[] q = DescriptorFixtures.randomRotation(77);
        Lattice rotatedCell = Lattice.fromVectors(DescriptorFixtures.rotateRows(s.lattice().matrix(), q));
        double[] rotatedPos = DescriptorFixtures.rotateRows(s.positions(), q);
        for (int i = 0; i < s.size(); i++) {
            rotatedPos[3 * i] += 12.3;
            rotatedPos[3 * i + 1] -= 4.1;
            rotatedPos[3 * i + 2] += 0.77;
        }
        Structure moved = new Structure(rotatedCell, s.species(), rotatedPos);
        assertClose(g, DescriptorFixtures.values(d, moved), 1e-9, variant + " rotated and translated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void permutingLikeAtomsPermutesRows(DescriptorFixtures.Variant variant) {
        Descriptor d = variant.create();
        Structure s = DescriptorFixtures.randomCell(4, 7);
        // atoms 0, 3, 6 are Li: cycle them
        Element[] species = s.species();
        assertEquals(species[0], species[3]);
        assertEquals(species[0], species[6]);
        double[] pos = s.positions().clone();
        int[] perm = {3, 1, 2, 6, 4, 5, 0}; // new atom i is old atom perm[i]
        double[] newPos = new double[pos.length];
        for (int i = 0; i < perm.length; i++) {
            System.arraycopy(pos, 3 * perm[i], newPos, 3 * i, 3);
        }
        Structure permuted = new Structure(s.lattice(), species, newPos);
        double[] g = DescriptorFixtures.values(d, s);
        double[] gp = DescriptorFixtures.values(d, permuted);
        int m = d.size();
        double[] expected = new double[g.length];
        for (int i = 0; i < perm.length; i++) {
            System.arraycopy(g, perm[i] * m, expected, i * m, m);
        }
        assertClose(expected, gp, 1e-11, variant + " permuted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void supercellGivesTheSamePerAtomValues(DescriptorFixtures.Variant variant) {
        Descriptor d = variant.create();
        Structure s = DescriptorFixtures.randomCell(5, 6);
        Structure big = Supercells.repeat(s, 2, 1, 1);
        double[] g = DescriptorFixtures.values(d, s);
        double[] gb = DescriptorFixtures.values(d, big);
        int m = d.size();
        // the images of each atom are consecutive in the supercell
        double[] expected = new double[gb.length];
        for (int i = 0; i < s.size(); i++) {
            System.arraycopy(g, i * m, expected, (2 * i) * m, m);
            System.arraycopy(g, i * m, expected, (2 * i + 1) * m, m);
        }
        for (int i = 0; i < big.size(); i++) {
            assertEquals(s.element(i / 2), big.element(i), "supercell atom order");
        }
        assertClose(expected, gb, 1e-10, variant + " 2×1×1 supercell");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void entriesBeyondTheCutoffAreIgnored(DescriptorFixtures.Variant variant) {
        Descriptor d = variant.create();
        Structure s = DescriptorFixtures.randomCell(6, 7);
        double[] g = DescriptorFixtures.values(d, s);
        NeighborList wide = NeighborList.full(s, d.cutoff() + 1.5);
        double[] gw = new double[g.length];
        d.values(s, wide, 0, s.size(), gw);
        assertClose(g, gw, 1e-12, variant + " list with skin");
    }

    /** The seed setting on LGPS: the 50-atom cell and its 2×2×1 supercell give the same per-atom descriptors. */
    @Test
    void lgpsUnitCellAndSupercellAgree() throws Exception {
        java.nio.file.Path cif = kiseki.testing.SharedData.require("data/structures/LGPS_mp-696128.cif");
        Structure cell = kiseki.io.StructureFormats.require("cif").readFirst(cif, kiseki.io.ReadOptions.DEFAULT)
                .structure();
        assertEquals(50, cell.size());
        Descriptor d = Descriptors.create(DescriptorSpec.chebyshev(50, 30, 6.0), cell.elements());
        assertEquals(80, d.size());
        double[] g = DescriptorFixtures.values(d, cell);
        Structure big = Supercells.repeat(cell, 2, 2, 1);
        double[] gb = DescriptorFixtures.values(d, big);
        int m = d.size();
        for (int i = 0; i < big.size(); i++) {
            int orig = i / 4; // the four images of each atom are consecutive
            for (int f = 0; f < m; f++) {
                assertEquals(g[orig * m + f], gb[i * m + f], 1e-9 * (1 + Math.abs(g[orig * m + f])),
                        "atom " + i + " function " + f);
            }
        }
    }

    @Test
    void twoThreadsOnDifferentRangesAgreeWithOneThread() throws Exception {
        Descriptor d = Descriptors.create(DescriptorSpec.chebyshev(12, 8, 4.5), DescriptorFixtures.LPS);
        Structure s = Supercells.repeat(DescriptorFixtures.randomCell(8, 7), 2, 2, 1);
        NeighborList nl = NeighborList.full(s, d.cutoff());
        int n = s.size();
        int m = d.size();
        double[] g = new double[n * m];
        d.values(s, nl, 0, n, g);
        double[] dEdG = new double[n * m];
        for (int k = 0; k < dEdG.length; k++) {
            dEdG[k] = Math.sin(0.37 * k);
        }
        double[] dEdr = new double[3 * nl.size()];
        d.backward(s, nl, 0, n, dEdG, dEdr);

        int half = n / 2;
        double[] g1 = new double[half * m];
        double[] g2 = new double[(n - half) * m];
        double[] r1 = new double[3 * nl.size()];
        double[] r2 = new double[3 * nl.size()];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int rep = 0; rep < 20; rep++) {
                Future<?> a = pool.submit(() -> {
                    d.values(s, nl, 0, half, g1);
                    java.util.Arrays.fill(r1, 0);
                    d.backward(s, nl, 0, half, java.util.Arrays.copyOfRange(dEdG, 0, half * m), r1);
                });
                Future<?> b = pool.submit(() -> {
                    d.values(s, nl, half, n, g2);
                    java.util.Arrays.fill(r2, 0);
                    d.backward(s, nl, half, n, java.util.Arrays.copyOfRange(dEdG, half * m, n * m), r2);
                });
                a.get();
                b.get();
                assertArrayEquals(java.util.Arrays.copyOfRange(g, 0, half * m), g1);
                assertArrayEquals(java.util.Arrays.copyOfRange(g, half * m, n * m), g2);
                for (int k = 0; k < dEdr.length; k++) {
                    assertEquals(dEdr[k], r1[k] + r2[k], 0.0);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
