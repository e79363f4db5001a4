package kiseki.analysis;

import kiseki.io.StructureFormats;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdfTest {

    static Structure fcc(double a, int reps) {
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        int n = 4 * reps * reps * reps;
        double[] x = new double[3 * n];
        int k = 0;
        for (int i = 0; i < reps; i++) {
            for (int j = 0; j < reps; j++) {
                for (int l = 0; l < reps; l++) {
                    for (double[] b : basis) {
                        x[k++] = (i + b[0]) * a;
                        x[k++] = (j + b[1]) * a;
                        x[k++] = (l + b[2]) * a;
                    }
                }
            }
        }
        Element[] sp = new Element[n];
        Arrays.fill(sp, PeriodicTable.require("Cu"));
        return new Structure(Lattice.orthorhombic(a * reps, a * reps, a * reps), sp, x);
    }

    static int peak(double[] g, Rdf rdf, double lo, double hi) {
        int best = -1;
        for (int b = 0; b < g.length; b++) {
            if (rdf.r(b) >= lo && rdf.r(b) <= hi && (best < 0 || g[b] > g[best])) {
                best = b;
            }
        }
        return best;
    }

    @Test
    void fccShellsAndCoordination() {
        double a = 4.0;
        // a 2x2x2 cell (8 Å) with rmax 6 Å > half the cell: images must be counted
        Rdf rdf = new Rdf(6.0, 0.02, null);
        rdf.add(fcc(a, 2));
        assertEquals(List.of(new Rdf.Pair("Cu", "Cu")), rdf.pairs());
        double[] g = rdf.g(0);
        assertEquals(a / Math.sqrt(2), rdf.r(peak(g, rdf, 2.0, 3.4)), 0.011);
        assertEquals(a, rdf.r(peak(g, rdf, 3.4, 4.4)), 0.011);
        assertEquals(a * Math.sqrt(1.5), rdf.r(peak(g, rdf, 4.4, 5.3)), 0.011);
        assertEquals(12, rdf.coordinationAt(0, 3.2), 1e-12);
        assertEquals(12 + 6, rdf.coordinationAt(0, 4.4), 1e-12);
        assertEquals(12 + 6 + 24, rdf.coordinationAt(0, 5.3), 1e-12);
        // single element: total equals the partial
        assertEquals(Arrays.toString(g), Arrays.toString(rdf.gTotal()));
    }

    @Test
    void idealGasIsOne() {
        Random rnd = new Random(7);
        double box = 10;
        int n = 200;
        Element[] sp = new Element[n];
        for (int i = 0; i < n; i++) {
            sp[i] = PeriodicTable.require(i % 2 == 0 ? "Li" : "S");
        }
        Rdf rdf = new Rdf(4.0, 0.2, List.of(Rdf.Pair.parse("li-S"), Rdf.Pair.parse("Li-Li")));
        assertEquals("Li-S", rdf.pairs().get(0).label());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Rdf.Pair.parse("Xx-S"));
        for (int f = 0; f < 60; f++) {
            double[] x = new double[3 * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble() * box;
            }
            rdf.add(new Structure(Lattice.orthorhombic(box, box, box), sp, x));
        }
        double[] total = rdf.gTotal();
        double[] liS = rdf.g(0);
        double[] liLi = rdf.g(1);
        double sum = 0;
        int count = 0;
        for (int b = 0; b < rdf.bins(); b++) {
            if (rdf.r(b) > 1.5) {
                assertEquals(1, total[b], 0.06, "total at " + rdf.r(b));
                assertEquals(1, liS[b], 0.12, "Li-S at " + rdf.r(b));
                assertEquals(1, liLi[b], 0.12, "Li-Li at " + rdf.r(b));
                sum += total[b];
                count++;
            }
        }
        assertEquals(1, sum / count, 0.01);
        // n(r) = ρ 4/3 π r³ for an ideal gas: Li-S around Li, ρ_S = 100/1000
        assertEquals(0.1 * 4.0 / 3 * Math.PI * 64, rdf.coordinationAt(0, 4.0), 0.03 * 0.1 * 4.0 / 3 * Math.PI * 64);
    }

    @Test
    void lgpsPhosphorusSulfurTetrahedra() throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Structure s = StructureFormats.require("cif").readFirst(cif, kiseki.io.ReadOptions.DEFAULT).structure();
        Rdf rdf = new Rdf(6.0, 0.02, List.of(Rdf.Pair.parse("P-S"), Rdf.Pair.parse("Li-S")));
        rdf.add(s);
        int ps = rdf.indexOf("P-S");
        double[] g = rdf.g(ps);
        assertEquals(2.05, rdf.r(peak(g, rdf, 1.5, 2.6)), 0.05);
        assertEquals(4.0, rdf.coordinationAt(ps, 2.6), 1e-12);
        StringWriter w = new StringWriter();
        rdf.writeCsv(w);
        String[] lines = w.toString().split("\n");
        assertEquals("r_A,g_total,g_P-S,g_Li-S,n_P-S,n_Li-S", lines[0]);
        assertEquals(rdf.bins() + 1, lines.length);
        assertTrue(lines[1].startsWith("0.0100000,"), lines[1]);
    }

    @Test
    void lgpsDisplacedFramesKeepTetrahedra() throws Exception {
        Path xyz = SharedData.require("data/lgps/lgps_init_590.extxyz");
        Rdf rdf = new Rdf(6.0, 0.02, List.of(Rdf.Pair.parse("P-S")));
        try (kiseki.io.FrameReader r = StructureFormats.forPath(xyz).orElseThrow().open(xyz,
                kiseki.io.ReadOptions.DEFAULT)) {
            for (kiseki.structure.Frame f = r.next(); f != null; f = r.next()) {
                rdf.add(f.structure());
            }
        }
        assertEquals(590, rdf.frames());
        // random displacements of 0.1-0.2 Å broaden the P-S peak but every P keeps its 4 S within 2.6 Å
        assertEquals(2.05, rdf.r(peak(rdf.g(0), rdf, 1.5, 2.6)), 0.1);
        assertEquals(4.0, rdf.coordinationAt(0, 2.6), 1e-12);
    }
}
