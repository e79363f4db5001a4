package kiseki.structure;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeighborListTest {

    /** Brute force over every image within reach: the reference the cell list must equal. */
    static List<String> bruteForce(Structure s, double rc, boolean half) {
        Lattice l = s.lattice();
        int[] reach = new int[3];
        for (int k = 0; k < 3; k++) {
            reach[k] = (int) Math.ceil(rc / l.perpendicularWidth(k)) + 1;
        }
        double[] m = l.matrix();
        double[] p = s.positions();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            for (int j = 0; j < s.size(); j++) {
                for (int a = -reach[0]; a <= reach[0]; a++) {
                    for (int b = -reach[1]; b <= reach[1]; b++) {
                        for (int c = -reach[2]; c <= reach[2]; c++) {
                            if (i == j && a == 0 && b == 0 && c == 0) {
                                continue;
                            }
                            double[] v = new double[3];
                            for (int q = 0; q < 3; q++) {
                                v[q] = p[3 * j + q] + a * m[q] + b * m[3 + q] + c * m[6 + q] - p[3 * i + q];
                            }
                            double r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
                            if (r < rc) {
                                if (half && (j < i || (j == i && !firstNonZeroPositive(a, b, c)))) {
                                    continue;
                                }
                                out.add(key(i, j, v));
                            }
                        }
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean firstNonZeroPositive(int a, int b, int c) {
        return a != 0 ? a > 0 : b != 0 ? b > 0 : c > 0;
    }

    static String key(int i, int j, double[] v) {
        return String.format("%d %d %.6f %.6f %.6f", i, j, v[0] + 0.0, v[1] + 0.0, v[2] + 0.0);
    }

    static List<String> fromList(NeighborList nl, Structure s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nl.atomCount(); i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                double[] v = {nl.dx(k), nl.dy(k), nl.dz(k)};
                assertEquals(Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]), nl.distance(k), 1e-12);
                out.add(key(i, nl.neighbor(k), v));
            }
        }
        out.sort(null);
        return out;
    }

    static Structure randomTriclinic(Random rnd, int atoms, double scale) {
        Lattice l;
        while (true) {
            double a = scale * (0.6 + rnd.nextDouble());
            double b = scale * (0.6 + rnd.nextDouble());
            double c = scale * (0.6 + rnd.nextDouble());
            double al = 60 + 60 * rnd.nextDouble();
            double be = 60 + 60 * rnd.nextDouble();
            double ga = 60 + 60 * rnd.nextDouble();
            try {
                l = Lattice.fromParameters(a, b, c, al, be, ga);
                if (l.volume() > 0.3 * a * b * c) {
                    break;
                }
            } catch (IllegalArgumentException e) {
                // angles that do not close a cell: draw again
            }
        }
        Element[] sp = new Element[atoms];
        double[] f = new double[3 * atoms];
        for (int i = 0; i < atoms; i++) {
            sp[i] = PeriodicTable.byZ(1 + rnd.nextInt(20));
            for (int k = 0; k < 3; k++) {
                // some atoms outside [0,1) to exercise wrapping
                f[3 * i + k] = rnd.nextDouble() * 1.4 - 0.2;
            }
        }
        return Structure.fromFractional(l, sp, f);
    }

    @Test
    void equalsBruteForceOnRandomTriclinicCells() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 40; trial++) {
            int atoms = 1 + rnd.nextInt(30);
            double scale = trial % 3 == 0 ? 2.5 : 7.0; // small cells: cutoff far beyond half the cell
            Structure s = randomTriclinic(rnd, atoms, scale);
            double rc = 2.0 + 4.0 * rnd.nextDouble();
            assertEquals(bruteForce(s, rc, false), fromList(NeighborList.full(s, rc), s), "full list, trial " + trial);
            assertEquals(bruteForce(s, rc, true), fromList(NeighborList.half(s, rc), s), "half list, trial " + trial);
        }
    }

    @Test
    void twoAtomCellWithSixAngstromCutoffIncludesEveryImage() {
        // bcc-like 2-atom cubic cell, a = 3 Å: with rc = 6 Å each atom sees many of its own images
        Element fe = PeriodicTable.require("Fe");
        Structure s = Structure.fromFractional(Lattice.orthorhombic(3, 3, 3), new Element[] {fe, fe},
                new double[] {0, 0, 0, 0.5, 0.5, 0.5});
        NeighborList nl = NeighborList.full(s, 6.0);
        assertEquals(bruteForce(s, 6.0, false), fromList(nl, s));
        // count by hand: same-sublattice images |n|·3 < 6 → integer vectors with n² < 4, excluding 0:
        int same = 0;
        for (int a = -2; a <= 2; a++) {
            for (int b = -2; b <= 2; b++) {
                for (int c = -2; c <= 2; c++) {
                    int n2 = a * a + b * b + c * c;
                    if (n2 > 0 && n2 < 4) {
                        same++;
                    }
                }
            }
        }
        // other sublattice: (a+½,b+½,c+½)·3 < 6
        int other = 0;
        for (int a = -3; a <= 2; a++) {
            for (int b = -3; b <= 2; b++) {
                for (int c = -3; c <= 2; c++) {
                    double r2 = 9 * (Math.pow(a + 0.5, 2) + Math.pow(b + 0.5, 2) + Math.pow(c + 0.5, 2));
                    if (r2 < 36) {
                        other++;
                    }
                }
            }
        }
        assertEquals(same + other, nl.count(0));
        assertEquals(26 + 32, nl.count(0)); // own images 6+12+8; other sublattice 8 at 2.6 Å + 24 at 4.97 Å
    }

    @Test
    void singleAtomCellListsItsOwnImages() {
        Structure s = new Structure(Lattice.orthorhombic(2, 2, 2), new Element[] {PeriodicTable.require("Ar")},
                new double[] {0.3, 0.3, 0.3});
        NeighborList nl = NeighborList.full(s, 2.5);
        assertEquals(6, nl.count(0)); // six images at 2 Å; the next shell (2.83 Å) lies beyond 2.5 Å
    }

    @Test
    void nonPeriodicMoleculeHasNoImages() {
        Element h = PeriodicTable.require("H");
        Element o = PeriodicTable.require("O");
        Structure water = new Structure(null, new Element[] {o, h, h},
                new double[] {0, 0, 0, 0.9572, 0, 0, -0.2399872, 0.9266272, 0});
        NeighborList nl = NeighborList.full(water, 5.0);
        assertEquals(6, nl.size());
        for (int k = nl.start(0); k < nl.end(0); k++) {
            assertEquals(0.9572, nl.distance(k), 1e-6); // both O–H bonds
        }
    }

    @Test
    void slabIsNotPeriodicAlongC() {
        Element ar = PeriodicTable.require("Ar");
        Structure s = new Structure(Lattice.orthorhombic(4, 4, 4), new boolean[] {true, true, false},
                new Element[] {ar}, new double[] {0, 0, 0});
        NeighborList nl = NeighborList.full(s, 4.5);
        // in-plane images only: (±1,0), (0,±1) at 4 Å; diagonals at 5.66 Å are beyond
        assertEquals(4, nl.count(0));
        for (int k = 0; k < nl.size(); k++) {
            assertEquals(0.0, nl.dz(k), 1e-12);
        }
    }

    @Test
    void linearScalingInAtomCount() {
        Random rnd = new Random(7);
        Element ar = PeriodicTable.require("Ar");
        int n = 20_000;
        double box = Math.cbrt(n * 40.0);
        double[] p = new double[3 * n];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextDouble() * box;
        }
        Element[] sp = new Element[n];
        java.util.Arrays.fill(sp, ar);
        Structure s = new Structure(Lattice.orthorhombic(box, box, box), sp, p);
        long t0 = System.nanoTime();
        NeighborList nl = NeighborList.full(s, 6.0);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        // density 1/40 Å⁻³: expected neighbours ≈ 4/3 π 6³ / 40 ≈ 22.6 per atom
        assertEquals(22.6, nl.size() / (double) n, 1.0);
        assertTrue(seconds < 5, "20,000 atoms took " + seconds + " s: the build is not O(N)");
    }

    @Test
    void refreshFollowsMovingAtomsAcrossTheCellBoundary() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 10; trial++) {
            Structure s = randomTriclinic(rnd, 12, 6.0);
            NeighborList nl = NeighborList.full(s, 5.0);
            // move every atom a little, some out of the cell: the refreshed vectors must equal a direct computation
            Structure moved = s.copy();
            double[] p = moved.positions();
            for (int k = 0; k < p.length; k++) {
                p[k] += (rnd.nextDouble() - 0.5) * 0.6;
            }
            nl.refresh(moved);
            double[] m = s.lattice().matrix();
            int[] sh = nl.shiftArray();
            for (int i = 0; i < moved.size(); i++) {
                for (int k = nl.start(i); k < nl.end(i); k++) {
                    int j = nl.neighbor(k);
                    for (int c = 0; c < 3; c++) {
                        double expected = p[3 * j + c] - p[3 * i + c] + sh[3 * k] * m[c] + sh[3 * k + 1] * m[3 + c]
                                + sh[3 * k + 2] * m[6 + c];
                        assertEquals(expected, nl.vectorArray()[3 * k + c], 1e-12);
                    }
                }
            }
            // and before moving, the shifts reproduce the built vectors from the original (unwrapped) positions
            NeighborList fresh = NeighborList.full(s, 5.0);
            double[] built = fresh.vectorArray().clone();
            fresh.refresh(s);
            for (int k = 0; k < built.length; k++) {
                assertEquals(built[k], fresh.vectorArray()[k], 1e-9);
            }
        }
    }
}
