package kiseki.app.viewer;

import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The viewer's geometry (bonds, meshes, cell, picking) without a JavaFX toolkit. */
class ViewerGeometryTest {

    private static final double F = ViewerGeometry.DEFAULT_BOND_FACTOR;

    @Test
    void siliconDiamondHasFourBondsPerAtomIncludingThoseAcrossTheCellBoundary() {
        Structure si = ViewerTestStructures.siliconDiamond();
        BondList bonds = new BondList(si, F);
        int[] perAtom = bonds.bondsPerAtom();
        int[] four = new int[8];
        Arrays.fill(four, 4);
        assertArrayEquals(four, perAtom);
        assertEquals(16, bonds.size());
        double expected = ViewerTestStructures.SI_A * Math.sqrt(3) / 4; // 2.3517 Å
        int acrossBoundary = 0;
        double[] p = si.positions();
        for (int k = 0; k < bonds.size(); k++) {
            assertEquals(expected, bonds.length(k), 1e-9);
            // the bonded image differs from the atom itself when the bond leaves the cell
            int j = bonds.second(k);
            double gap = 0;
            for (int c = 0; c < 3; c++) {
                gap += Math.abs(p[3 * bonds.first(k) + c] + bonds.vector(k, c) - p[3 * j + c]);
            }
            if (gap > 1e-6) {
                acrossBoundary++;
            }
        }
        // the atom at (¼,¼,¼) has its 4 neighbours inside the cell; those at (¾,¾,¼), (¾,¼,¾) and (¼,¾,¾) one
        // each, and reach the other 3 across a face: 9 of the 16 bonds cross the boundary
        assertEquals(9, acrossBoundary);
    }

    @Test
    void rockSaltHasSixBondsPerAtomAndNoSodiumSodiumBonds() {
        BondList bonds = new BondList(ViewerTestStructures.rockSalt(), F);
        int[] six = new int[8];
        Arrays.fill(six, 6);
        assertArrayEquals(six, bonds.bondsPerAtom());
        assertEquals(24, bonds.size());
        for (int k = 0; k < bonds.size(); k++) {
            assertEquals(5.64 / 2, bonds.length(k), 1e-9);
            assertTrue(bonds.first(k) < 4 != bonds.second(k) < 4, "every bond joins Na and Cl");
        }
    }

    @Test
    void lgpsBondsAreThePS4AndGeS4TetrahedraPlusLiS() throws Exception {
        Structure lgps = ViewerTestStructures.lgps();
        assertEquals(50, lgps.size());
        BondList bonds = new BondList(lgps, F);
        Map<String, Integer> byPair = new TreeMap<>();
        for (int k = 0; k < bonds.size(); k++) {
            String a = lgps.element(bonds.first(k)).symbol();
            String b = lgps.element(bonds.second(k)).symbol();
            byPair.merge(a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a, 1, Integer::sum);
        }
        // 4 PS4 and 2 GeS4 tetrahedra; Li–S contacts up to 1.15 × (1.28 + 1.05) = 2.68 Å; no Li–Li (ions)
        assertEquals(Map.of("Ge-S", 8, "P-S", 16, "Li-S", 64), byPair);
        int[] perAtom = bonds.bondsPerAtom();
        for (int i = 0; i < lgps.size(); i++) {
            String symbol = lgps.element(i).symbol();
            if (symbol.equals("P") || symbol.equals("Ge")) {
                assertEquals(4, perAtom[i], symbol + " atom " + i);
            }
        }
        // with f = 1.15 the two shortest Li–Li pairs (2.917 Å) would count as bonds but for the ion rule
        assertTrue(BondList.isAlkaliOrAlkalineEarth(PeriodicTable.require("Li")));
        assertFalse(BondList.isAlkaliOrAlkalineEarth(PeriodicTable.require("S")));
        assertFalse(BondList.isAlkaliOrAlkalineEarth(PeriodicTable.require("H")));
    }

    @Test
    void bondFactorControlsTheCriterion() {
        Structure si = ViewerTestStructures.siliconDiamond();
        // Si–Si 2.352 Å against 2 × 1.11 Å: bonded for f > 1.0594, not below
        assertEquals(0, new BondList(si, 1.05).size());
        assertEquals(16, new BondList(si, 1.07).size());
        // second neighbours at a/√2 = 3.840 Å join above f = 1.7297
        assertEquals(16 + 48, new BondList(si, 1.75).size());
        assertThrows(IllegalArgumentException.class, () -> new BondList(si, 0));
        assertThrows(IllegalArgumentException.class, () -> new BondList(si, Double.NaN));
    }

    @Test
    void aTinyCellBondsAnAtomToItsOwnImages() {
        // simple cubic with a = 2.3 Å: each atom bonds to its own 6 images (3 stored bonds, each counted twice)
        Structure s = new Structure(Lattice.orthorhombic(2.3, 2.3, 2.3), new Element[] {PeriodicTable.require("Si")},
                new double[] {0.1, 0.2, 0.3});
        BondList bonds = new BondList(s, F);
        assertEquals(3, bonds.size());
        assertArrayEquals(new int[] {6}, bonds.bondsPerAtom());
    }

    @Test
    void bondsFollowMovingAtomsAndTheCandidateListIsRebuiltOnlyAfterLargeMoves() {
        Structure si = ViewerTestStructures.siliconDiamond();
        BondList bonds = new BondList(si, F);
        assertEquals(1, bonds.rebuildCount());
        double[] p = si.positions();
        p[0] += 0.2; // atom 0 stretches its bonds a little: refreshed, still 16 bonds, same pairs
        assertFalse(bonds.update(si));
        assertEquals(1, bonds.rebuildCount());
        assertEquals(16, bonds.size());
        p[0] += 1.2; // now far from its neighbours: a rebuild, and atom 0 loses its bonds
        assertTrue(bonds.update(si));
        assertEquals(2, bonds.rebuildCount());
        assertTrue(bonds.bondsPerAtom()[0] < 4);
        p[0] -= 1.4; // back where it was: bonded again
        assertTrue(bonds.update(si));
        assertEquals(4, bonds.bondsPerAtom()[0]);
        assertEquals(16, bonds.size());
    }

    @Test
    void sphereTemplateIsAUnitIcosphereWithOutwardTriangles() {
        int[][] expected = {{12, 20}, {42, 80}, {162, 320}, {642, 1280}};
        for (int level = 0; level < expected.length; level++) {
            SphereTemplate t = SphereTemplate.icosphere(level);
            assertEquals(expected[level][0], t.vertexCount(), "vertices at level " + level);
            assertEquals(expected[level][1], t.triangleCount(), "triangles at level " + level);
            float[] v = t.vertices();
            for (int i = 0; i < t.vertexCount(); i++) {
                assertEquals(1.0, Math.sqrt(v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1]
                        + v[3 * i + 2] * v[3 * i + 2]), 1e-6);
            }
            int[] tri = t.triangles();
            for (int f = 0; f < t.triangleCount(); f++) {
                double[] n = normal(v, tri[3 * f], tri[3 * f + 1], tri[3 * f + 2]);
                double[] centroid = new double[3];
                for (int c = 0; c < 3; c++) {
                    centroid[c] = (v[3 * tri[3 * f] + c] + v[3 * tri[3 * f + 1] + c] + v[3 * tri[3 * f + 2] + c]) / 3;
                }
                assertTrue(dot(n, centroid) > 0, "triangle " + f + " at level " + level + " faces inwards");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SphereTemplate.icosphere(-1));
    }

    @Test
    void atomMeshesHoldOneSpherePerAtomPerElement() {
        Structure s = Supercells.repeat(ViewerTestStructures.rockSalt(), 2, 1, 1);
        ViewerGeometry g = new ViewerGeometry(s, 0.4, F);
        assertEquals(2, g.elements().size());
        for (int e = 0; e < 2; e++) {
            AtomMeshData mesh = g.atomMesh(e);
            assertEquals(8, mesh.atoms().length);
            assertEquals(3 * 162 * 8, mesh.points().length);
            assertEquals(9 * 320 * 8, mesh.faces().length);
            assertEquals(3 * 162, mesh.normals().length);
            assertEquals(0.4 * g.elements().get(e).covalentRadius(), mesh.radius(), 1e-6);
            // every face belongs to an atom of this element, and the faces of atom k point at its own vertices
            for (int face = 0; face < 320 * 8; face += 97) {
                int atom = mesh.atomOfFace(face);
                assertEquals(g.elements().get(e), s.element(atom));
                int slot = Arrays.binarySearch(mesh.atoms(), atom);
                int point = mesh.faces()[9 * face];
                assertEquals(slot, point / 162);
            }
        }
        // 48 Na–Cl bonds, each drawn as 2 half-bonds of 8 sides: 2 rings of 8 points, 16 triangles per half
        assertEquals(48, g.bonds().size());
        TubeMeshData bonds = g.bondMesh();
        assertEquals(96, bonds.segmentCount());
        assertEquals(96 * 16, bonds.pointCount());
        assertEquals(96 * 8, bonds.normalCount());
        assertEquals(96 * 16, bonds.triangleCount());
    }

    @Test
    void updatePositionsMovesVerticesInPlaceByExactlyTheDisplacement() {
        Structure si = ViewerTestStructures.siliconDiamond();
        ViewerGeometry g = new ViewerGeometry(si, 0.4, F);
        AtomMeshData mesh = g.atomMesh(0);
        float[] pointsArray = mesh.points();
        float[] before = pointsArray.clone();
        float[] bondPoints = g.bondMesh().points();
        double[] moved = si.positions().clone();
        int atom = 4; // at (¼, ¼, ¼): a small move stays inside the cell
        double[] d = {0.0625, -0.125, 0.03125}; // exact in binary, so float sums are exact too
        for (int c = 0; c < 3; c++) {
            moved[3 * atom + c] += d[c];
        }
        g.bondMesh().acknowledgeFaces();
        assertFalse(g.updatePositions(moved), "the same four bonds per atom: bond faces need no upload");
        assertSame(pointsArray, mesh.points(), "points are rewritten in place");
        assertSame(bondPoints, g.bondMesh().points(), "bond points too");
        int slot = Arrays.binarySearch(mesh.atoms(), atom);
        for (int v = 0; v < before.length / 3; v++) {
            boolean ofAtom = v / 162 == slot;
            for (int c = 0; c < 3; c++) {
                double expected = before[3 * v + c] + (ofAtom ? d[c] : 0);
                assertEquals(expected, pointsArray[3 * v + c], 2e-6, "vertex " + v);
            }
        }
        // the caller's structure is not changed; the viewer's copy is
        assertEquals(ViewerTestStructures.SI_A / 4, si.positions()[3 * atom], 0);
        assertEquals(ViewerTestStructures.SI_A / 4 + d[0], g.structure().positions()[3 * atom], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> g.updatePositions(new double[3]));
    }

    @Test
    void atomsAreDrawnWrappedIntoTheCellButReportedAsGiven() {
        Structure si = ViewerTestStructures.siliconDiamond();
        ViewerGeometry g = new ViewerGeometry(si, 0.4, F);
        double[] moved = si.positions().clone();
        moved[3 * 4] += ViewerTestStructures.SI_A; // one cell further along a (an unwrapped trajectory)
        g.updatePositions(moved);
        assertEquals(ViewerTestStructures.SI_A / 4, g.displayPositions()[3 * 4], 1e-9);
        AtomInfo info = g.atomInfo(4);
        assertEquals(1.25, info.fa(), 1e-12);
        assertEquals(0.25, info.fb(), 1e-12);
        assertEquals(5 * ViewerTestStructures.SI_A / 4, info.x(), 1e-12);
        assertEquals("Si", info.symbol());
        assertEquals(16, g.bonds().size(), "bonds do not care about the image an atom is in");
    }

    @Test
    void cellEdgesAreTheTwelveEdgesOfATriclinicCell() {
        Lattice cell = Lattice.fromParameters(5.0, 6.0, 7.0, 80, 95, 105);
        double[] edges = ViewerGeometry.cellEdges(cell);
        assertEquals(72, edges.length);
        int[] alongVector = new int[3];
        for (int e = 0; e < 12; e++) {
            double[] d = new double[3];
            for (int c = 0; c < 3; c++) {
                d[c] = edges[6 * e + 3 + c] - edges[6 * e + c];
            }
            int matches = 0;
            for (int k = 0; k < 3; k++) {
                double[] v = cell.vector(k);
                if (Math.abs(d[0] - v[0]) + Math.abs(d[1] - v[1]) + Math.abs(d[2] - v[2]) < 1e-12) {
                    alongVector[k]++;
                    matches++;
                }
            }
            assertEquals(1, matches, "edge " + e + " is one lattice vector");
        }
        assertArrayEquals(new int[] {4, 4, 4}, alongVector);
        Structure s = new Structure(cell, new Element[] {PeriodicTable.require("O")}, new double[] {1, 1, 1});
        TubeMeshData mesh = new ViewerGeometry(s, 0.4, F).cellMesh();
        assertEquals(12, mesh.segmentCount());
        assertEquals(12 * 2 * ViewerGeometry.CELL_SIDES, mesh.pointCount());
    }

    @Test
    void tubesAreRoundAndFaceOutwards() {
        TubeMeshData tube = new TubeMeshData(8, 0.5);
        tube.resize(3);
        double[][] ends = {{0, 0, 0, 0, 0, 2}, {1, 1, 1, 3, 1, 1}, {0, 0, 0, -1, 2, 0.5}};
        for (int k = 0; k < 3; k++) {
            tube.set(k, ends[k][0], ends[k][1], ends[k][2], ends[k][3], ends[k][4], ends[k][5], k);
        }
        assertTrue(tube.facesChanged());
        float[] p = tube.points();
        int[] f = tube.faces();
        for (int k = 0; k < 3; k++) {
            double[] axis = {ends[k][3] - ends[k][0], ends[k][4] - ends[k][1], ends[k][5] - ends[k][2]};
            for (int j = 0; j < 16; j++) {
                int point = 16 * k + j;
                double[] start = j < 8 ? new double[] {ends[k][0], ends[k][1], ends[k][2]}
                        : new double[] {ends[k][3], ends[k][4], ends[k][5]};
                double[] r = {p[3 * point] - start[0], p[3 * point + 1] - start[1], p[3 * point + 2] - start[2]};
                assertEquals(0.5, Math.sqrt(dot(r, r)), 1e-6);
                assertEquals(0, dot(r, axis), 1e-6);
            }
            for (int t = 16 * k; t < 16 * (k + 1); t++) {
                double[] n = normal(p, f[9 * t], f[9 * t + 3], f[9 * t + 6]);
                double[] out = new double[3];
                for (int c = 0; c < 3; c++) {
                    double centroid = (p[3 * f[9 * t] + c] + p[3 * f[9 * t + 3] + c] + p[3 * f[9 * t + 6] + c]) / 3;
                    out[c] = centroid - ends[k][c];
                }
                double along = dot(out, axis) / dot(axis, axis);
                for (int c = 0; c < 3; c++) {
                    out[c] -= along * axis[c];
                }
                assertTrue(dot(n, out) > 0, "triangle " + t + " faces inwards");
                assertEquals(k, f[9 * t + 2], "texcoord = colour");
            }
        }
        tube.acknowledgeFaces();
        tube.set(1, 0, 0, 0, 1, 0, 0, 1);
        assertFalse(tube.facesChanged(), "same colour: only points and normals change");
        tube.set(1, 0, 0, 0, 1, 0, 0, 2);
        assertTrue(tube.facesChanged());
    }

    @Test
    void pickingFindsTheNearestSphereAlongTheRay() {
        Structure si = ViewerTestStructures.siliconDiamond();
        ViewerGeometry g = new ViewerGeometry(si, 0.4, F);
        double[] p = g.displayPositions();
        // looking down −z through atom 4 at (¼, ¼, ¼)a: hits it, not atom 0 below it (not in line)
        assertEquals(4, g.pick(p[12] + 0.1, p[13] - 0.1, 100, 0, 0, -1));
        // along the body diagonal from outside the corner: atoms 0 (0,0,0) and 4 (¼,¼,¼)a are in line; 0 is first
        assertEquals(0, g.pick(-10, -10, -10, 1, 1, 1));
        assertEquals(4, g.pick(p[12] - 0.01, p[13] - 0.01, p[14] - 0.01, 1, 1, 1), "starting inside atom 4");
        assertEquals(-1, g.pick(p[12] + 0.5, p[13], 100, 0, 0, -1), "0.5 Å beside a 0.44 Å sphere");
        assertEquals(-1, g.pick(p[12], p[13], 100, 0, 0, 1), "pointing away");
    }

    @Test
    void aMoleculeWithoutCellHasNoCellMeshAndIsCentredOnItsAtoms() {
        Element o = PeriodicTable.require("O");
        Element h = PeriodicTable.require("H");
        Structure water = new Structure(null, new Element[] {o, h, h},
                new double[] {10, 10, 10, 10.757, 10.586, 10, 9.243, 10.586, 10});
        ViewerGeometry g = new ViewerGeometry(water, 0.4, F);
        assertNull(g.cellMesh());
        assertArrayEquals(new double[] {10, 10.293, 10}, g.centre(), 1e-12);
        assertEquals(2, g.bonds().size());
        assertTrue(Double.isNaN(g.atomInfo(0).fa()));
        assertEquals("O, atom 1   x, y, z = 10.0000, 10.0000, 10.0000 Å", g.atomInfo(0).describe());
        assertEquals(10.0, g.displayPositions()[0], 0);
    }

    @Test
    void describeGivesOneBasedAtomNumberAndFractionalCoordinates() {
        ViewerGeometry g = new ViewerGeometry(ViewerTestStructures.siliconDiamond(), 0.4, F);
        assertEquals("Si, atom 5   x, y, z = 1.3578, 1.3578, 1.3578 Å   a, b, c = 0.25000, 0.25000, 0.25000"
                + " (fractional)", g.atomInfo(4).describe());
    }

    @Test
    void hiddenBondsAreNotComputedUntilShownAgain() {
        Structure si = ViewerTestStructures.siliconDiamond();
        ViewerGeometry g = new ViewerGeometry(si, 0.4, F);
        g.setBondsEnabled(false);
        double[] moved = si.positions().clone();
        moved[0] += 1.4;
        assertFalse(g.updatePositions(moved));
        assertEquals(16, g.bonds().size(), "not re-selected while hidden");
        g.setBondsEnabled(true);
        assertTrue(g.bonds().bondsPerAtom()[0] < 4);
        g.setBondFactor(1.75);
        assertTrue(g.bonds().size() > 16);
        assertEquals(2 * g.bonds().size(), g.bondMesh().segmentCount());
    }

    private static double[] normal(float[] v, int a, int b, int c) {
        double[] e1 = {v[3 * b] - v[3 * a], v[3 * b + 1] - v[3 * a + 1], v[3 * b + 2] - v[3 * a + 2]};
        double[] e2 = {v[3 * c] - v[3 * a], v[3 * c + 1] - v[3 * a + 1], v[3 * c + 2] - v[3 * a + 2]};
        return new double[] {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
            e1[0] * e2[1] - e1[1] * e2[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
