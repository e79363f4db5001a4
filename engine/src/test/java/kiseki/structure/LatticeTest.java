package kiseki.structure;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatticeTest {

    @Test
    void parametersRoundTrip() {
        Lattice l = Lattice.fromParameters(5.37706, 5.41557, 7.62550, 90, 89.970, 90);
        assertEquals(5.37706, l.a(), 1e-12);
        assertEquals(5.41557, l.b(), 1e-12);
        assertEquals(7.62550, l.c(), 1e-12);
        assertEquals(90.0, l.alpha(), 1e-10);
        assertEquals(89.970, l.beta(), 1e-10);
        assertEquals(90.0, l.gamma(), 1e-10);
        // V = abc·sqrt(1 − cos²α − cos²β − cos²γ + 2 cosα cosβ cosγ)
        double cb = Math.cos(Math.toRadians(89.97));
        assertEquals(5.37706 * 5.41557 * 7.62550 * Math.sqrt(1 - cb * cb), l.volume(), 1e-9);
    }

    @Test
    void hexagonalVolume() {
        Lattice l = Lattice.fromParameters(3, 3, 5, 90, 90, 120);
        assertEquals(3 * 3 * 5 * Math.sqrt(3) / 2, l.volume(), 1e-12);
        assertEquals(120, l.gamma(), 1e-12);
    }

    @Test
    void orthogonalCellIsExactlyDiagonal() {
        Lattice l = Lattice.fromParameters(8.787646, 8.787646, 12.657546, 90, 90, 90);
        assertArrayEquals(new double[] {8.787646, 0, 0, 0, 8.787646, 0, 0, 0, 12.657546}, l.matrix(), 0.0);
    }

    @Test
    void fractionalCartesianInverse() {
        Random rnd = new Random(3);
        Lattice l = Lattice.fromParameters(4.1, 5.3, 6.7, 77, 101, 115);
        for (int t = 0; t < 100; t++) {
            double[] f = {rnd.nextDouble() * 3 - 1, rnd.nextDouble() * 3 - 1, rnd.nextDouble() * 3 - 1};
            assertArrayEquals(f, l.toFractional(l.toCartesian(f)), 1e-12);
        }
    }

    @Test
    void minimumImageIsShortestOverManyImages() {
        Random rnd = new Random(11);
        for (int t = 0; t < 200; t++) {
            Lattice l;
            try {
                l = Lattice.fromParameters(2 + 6 * rnd.nextDouble(), 2 + 6 * rnd.nextDouble(), 2 + 6 * rnd.nextDouble(),
                        50 + 80 * rnd.nextDouble(), 50 + 80 * rnd.nextDouble(), 50 + 80 * rnd.nextDouble());
            } catch (IllegalArgumentException e) {
                continue;
            }
            double[] d = {20 * rnd.nextDouble() - 10, 20 * rnd.nextDouble() - 10, 20 * rnd.nextDouble() - 10};
            double[] mi = d.clone();
            l.minimumImage(mi);
            // the result differs from d by a lattice translation
            double[] diff = l.toFractional(new double[] {mi[0] - d[0], mi[1] - d[1], mi[2] - d[2]});
            for (double v : diff) {
                assertEquals(Math.rint(v), v, 1e-9);
            }
            // brute force: any image shorter than |d| has |n_k| ≤ |d|/width_k + |f_k|
            double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            double[] fd = l.toFractional(d);
            int[] r = new int[3];
            for (int k = 0; k < 3; k++) {
                r[k] = (int) Math.ceil(len / l.perpendicularWidth(k) + Math.abs(fd[k])) + 1;
            }
            double best = Double.MAX_VALUE;
            double[] m = l.matrix();
            for (int a = -r[0]; a <= r[0]; a++) {
                for (int b = -r[1]; b <= r[1]; b++) {
                    for (int c = -r[2]; c <= r[2]; c++) {
                        double x = d[0] + a * m[0] + b * m[3] + c * m[6];
                        double y = d[1] + a * m[1] + b * m[4] + c * m[7];
                        double z = d[2] + a * m[2] + b * m[5] + c * m[8];
                        best = Math.min(best, Math.sqrt(x * x + y * y + z * z));
                    }
                }
            }
            assertEquals(best, Math.sqrt(mi[0] * mi[0] + mi[1] * mi[1] + mi[2] * mi[2]), 1e-9);
        }
    }

    @Test
    void perpendicularWidthOfOrthorhombicIsTheLength() {
        Lattice l = Lattice.orthorhombic(3, 4, 5);
        assertEquals(3, l.perpendicularWidth(0), 1e-12);
        assertEquals(4, l.perpendicularWidth(1), 1e-12);
        assertEquals(5, l.perpendicularWidth(2), 1e-12);
    }

    @Test
    void rejectsImpossibleCells() {
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(1, 1, 1, 10, 10, 150));
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(-1, 1, 1, 90, 90, 90));
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromVectors(1, 0, 0, 2, 0, 0, 0, 0, 1));
    }

    @Test
    void wrapMovesAtomsIntoTheCell() {
        Element li = PeriodicTable.require("Li");
        Lattice l = Lattice.fromParameters(4, 5, 6, 80, 95, 105);
        Structure s = Structure.fromFractional(l, new Element[] {li, li}, new double[] {-0.25, 1.5, 2.0, 0.1, -1e-17, 0.9});
        s.wrap();
        double[] f = s.fractionalPositions();
        for (double v : f) {
            assertTrue(v > -1e-12 && v < 1, "fractional " + v); // Cartesian round trip leaves ~1e-17
        }
        assertEquals(0.75, f[0], 1e-12);
        assertEquals(0.5, f[1], 1e-12);
        assertEquals(0.0, f[2], 1e-12);
    }
}
