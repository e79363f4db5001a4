package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static kiseki.io.QePwOutputFormatTest.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QePwInputFormatTest {

    private static final QePwInputFormat FORMAT = new QePwInputFormat();
    private static final double BOHR = 0.529177210903;

    @TempDir
    Path tmp;

    /** The 2-atom Si cell of the pw.x fixtures (si.scf.in). */
    static Structure silicon() {
        Element si = PeriodicTable.require("Si");
        return new Structure(Lattice.fromVectors(0, 2.715, 2.715, 2.715, 0, 2.715, 2.715, 2.715, 0),
                new Element[] {si, si}, new double[] {0, 0, 0, 1.40, 1.30, 1.35});
    }

    @Test
    void describesItself() {
        assertEquals("qe-in", FORMAT.name());
        assertEquals(List.of("pwi", "in"), FORMAT.extensions());
        assertTrue(FORMAT.canRead());
        assertTrue(FORMAT.canWrite());
    }

    @Test
    void rendersACompleteScfInputWithDefaults() {
        String expected = """
                &CONTROL
                  calculation = 'scf'
                  prefix = 'kiseki'
                  outdir = './out'
                  pseudo_dir = './pseudo'
                  tprnfor = .true.
                  tstress = .true.
                /
                &SYSTEM
                  ibrav = 0
                  nat = 2
                  ntyp = 1
                  ecutwfc = 30.0
                  ecutrho = 120.0
                /
                &ELECTRONS
                  conv_thr = 1.0E-8
                  mixing_beta = 0.7
                /
                ATOMIC_SPECIES
                  Si  28.085 Si.UPF
                CELL_PARAMETERS angstrom
                  0.0 2.715 2.715
                  2.715 0.0 2.715
                  2.715 2.715 0.0
                ATOMIC_POSITIONS angstrom
                  Si       0.000000000000      0.000000000000      0.000000000000
                  Si       1.400000000000      1.300000000000      1.350000000000
                K_POINTS gamma
                """;
        assertEquals(expected, QePwInputFormat.render(silicon(), QePwSettings.DEFAULTS));
    }

    @Test
    void rendersSettingsSpeciesAndKpointGrid() {
        Element li = PeriodicTable.require("Li");
        Element s = PeriodicTable.require("S");
        Structure ls = new Structure(Lattice.fromParameters(5.1, 5.2, 5.3, 90, 90, 120), new Element[] {s, li, s},
                new double[] {0.1, 0.2, 0.3, -1.0 / 3, 2.0 / 3, 1e-13, 4.5, 4.4, 4.3});
        QePwSettings settings = QePwSettings.DEFAULTS.withPrefix("lgps-0001")
                .withPseudopotentials("/data/pseudo", Map.of("Li", "Li.pbe-sl-rrkjus_psl.1.0.0.UPF", "S",
                        "S.pbe-nl-rrkjus_psl.1.0.0.UPF"))
                .withCutoffs(40, 320).withConvergence(1e-10, 0.3).withKpoints(new int[] {2, 2, 3},
                        new int[] {1, 1, 0});
        String text = QePwInputFormat.render(ls, settings);
        assertTrue(text.contains("  prefix = 'lgps-0001'\n  outdir = './out'\n  pseudo_dir = '/data/pseudo'\n"), text);
        assertTrue(text.contains("  nat = 3\n  ntyp = 2\n  ecutwfc = 40.0\n  ecutrho = 320.0\n"), text);
        assertTrue(text.contains("&ELECTRONS\n  conv_thr = 1.0E-10\n  mixing_beta = 0.3\n/\n"), text);
        assertTrue(text.contains("ATOMIC_SPECIES\n  S   32.06 S.pbe-nl-rrkjus_psl.1.0.0.UPF\n"
                + "  Li  6.94 Li.pbe-sl-rrkjus_psl.1.0.0.UPF\nCELL_PARAMETERS angstrom\n"), text);
        double[] m = ls.lattice().matrix();
        assertTrue(text.contains("\n  " + m[3] + " " + m[4] + " 0.0\n"), "full precision: " + text);
        assertTrue(text.contains("\n  Li      -0.333333333333      0.666666666667      0.000000000000\n"), text);
        assertTrue(text.endsWith("K_POINTS automatic\n  2 2 3 1 1 0\n"), text);
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> QePwSettings.DEFAULTS.withCutoffs(30, 100),
                "ecutrho below 4 × ecutwfc");
        assertThrows(IllegalArgumentException.class, () -> QePwSettings.DEFAULTS.withPrefix("it's"));
        assertThrows(IllegalArgumentException.class, () -> QePwSettings.DEFAULTS.withConvergence(1e-8, 1.5));
        assertThrows(IllegalArgumentException.class, () -> QePwSettings.DEFAULTS.withKpoints(new int[] {2, 0, 2},
                null));
        assertThrows(IllegalArgumentException.class, () -> QePwSettings.DEFAULTS.withKpoints(new int[] {2, 2, 2},
                new int[] {0, 2, 0}));
        QePwSettings onlyLi = QePwSettings.DEFAULTS.withPseudopotentials("p", Map.of("Li", "Li.UPF"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QePwInputFormat.render(silicon(), onlyLi));
        assertTrue(e.getMessage().contains("no pseudopotential file is given for Si"), e.getMessage());
        Structure molecule = new Structure(null, silicon().species(), silicon().positions());
        assertThrows(IllegalArgumentException.class, () -> QePwInputFormat.render(molecule, QePwSettings.DEFAULTS));
        int[] grid = {3, 3, 3};
        QePwSettings k = QePwSettings.DEFAULTS.withKpoints(grid, null);
        grid[0] = 9;
        assertArrayEquals(new int[] {3, 3, 3}, k.kpoints(), "settings keep their own copy");
        assertEquals(k, QePwSettings.DEFAULTS.withKpoints(new int[] {3, 3, 3}, new int[] {0, 0, 0}));
    }

    @Test
    void writtenInputReadsBack() throws IOException {
        Lattice cell = Lattice.fromParameters(8.787646, 8.787646, 12.657546, 88, 92, 95);
        Structure s = LammpsDataFormatTest.randomStructure(cell, 21, "Li", "Ge", "P", "S");
        Path p = tmp.resolve("lgps.pwi");
        FORMAT.write(p, List.of(new Frame(s)), WriteOptions.DEFAULT);
        Frame back = FORMAT.readFirst(p, ReadOptions.DEFAULT);
        assertEquals(cell, back.structure().lattice(), "the cell is written in full precision");
        assertArrayEquals(s.positions(), back.structure().positions(), 1e-12);
        assertArrayEquals(s.species(), back.structure().species());
        assertEquals("scf", back.info().get("qe.calculation"));
    }

    @Test
    void readsFixtureInputs() throws IOException {
        Structure scf = FORMAT.readFirst(resource("si.scf.in"), ReadOptions.DEFAULT).structure();
        assertEquals(silicon().lattice(), scf.lattice());
        assertArrayEquals(silicon().positions(), scf.positions(), 0);
        // CELL_PARAMETERS bohr, ATOMIC_POSITIONS crystal, species labels Si1 / Si2
        Structure relax = FORMAT.readFirst(resource("si2.relax.in"), ReadOptions.DEFAULT).structure();
        double c = 5.13 * BOHR;
        assertArrayEquals(new double[] {0, c, c, c, 0, c, c, c, 0}, relax.lattice().matrix(), 1e-15);
        assertEquals("Si", relax.element(1).symbol());
        assertArrayEquals(new double[] {0.49 * c, 0.52 * c, 0.51 * c}, relax.position(1), 1e-14);
    }

    @Test
    void readsAlatUnitsCommentsAndFortranNumbers() throws IOException {
        String text = """
                 &control
                    calculation='relax', prefix = "x" ! a comment, with 'quotes'
                 /
                 &system
                    ibrav=0, celldm(1) = 10.2d0, nat= 2, ntyp= 1,
                    ecutwfc =18.0
                 /
                 &electrons
                 /
                ATOMIC_SPECIES
                 Fe_up  55.845  Fe.pz-nd-rrkjus.UPF
                CELL_PARAMETERS {alat}
                  -0.5 0.0 0.5
                   0.0 0.5 0.5
                  -0.5 0.5 0.0
                ATOMIC_POSITIONS
                 Fe_up 0.00 0.00 0.00
                 Fe_up 0.25 0.25 0.25 0 0 1
                K_POINTS automatic
                 4 4 4 1 1 1
                """;
        Path p = tmp.resolve("fe.in");
        Files.writeString(p, text);
        Frame f = FORMAT.readFirst(p, ReadOptions.DEFAULT);
        double alat = 10.2 * BOHR;
        Structure s = f.structure();
        assertArrayEquals(new double[] {-0.5 * alat, 0, 0.5 * alat, 0, 0.5 * alat, 0.5 * alat, -0.5 * alat,
                0.5 * alat, 0}, s.lattice().matrix(), 1e-14);
        assertEquals("Fe", s.element(0).symbol());
        assertArrayEquals(new double[] {0.25 * alat, 0.25 * alat, 0.25 * alat}, s.position(1), 1e-14);
        assertEquals("relax", f.info().get("qe.calculation"));
    }

    @Test
    void inputErrorsNameTheLine() throws IOException {
        String good = Files.readString(resource("si.scf.in"));
        assertError("ibrav.in", good.replace("ibrav = 0", "ibrav = 2"), ":10: ibrav = 2 is not supported");
        assertError("short.in", good.replace("Si 1.40 1.30 1.35\n", ""),
                ":26: ATOMIC_POSITIONS has 1 lines, expected 2");
        assertError("species.in", good.replace("Si 1.40", "Ge 1.40"),
                ":26: atom 2 has species 'Ge', which ATOMIC_SPECIES does not list");
        assertError("namelist.in", good.replace("  tstress = .true.\n/\n", "  tstress = .true.\n"),
                ":8: cannot read '&SYSTEM' in a namelist");
        assertError("number.in", good.replace("2.715 0.0 2.715", "2.715 zero 2.715"),
                ":22: expected a cell vector component (a number), found 'zero'");
        assertError("card.in", good.replace("K_POINTS", "KPOINTS"), ":27: expected a namelist");
        assertError("empty.in", "", ": this is not a pw.x input");
    }

    private void assertError(String name, String text, String expected) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        FormatException e = assertThrows(FormatException.class, () -> FORMAT.readFirst(p, ReadOptions.DEFAULT),
                name);
        assertTrue(e.getMessage().startsWith(p + expected), "expected '" + p + expected + "...', got '"
                + e.getMessage() + "'");
    }

    @Test
    void readerSurvivesTheCorpus() throws IOException {
        String text = QePwInputFormat.render(silicon(), QePwSettings.DEFAULTS.withKpoints(new int[] {2, 2, 2},
                null));
        LammpsHardeningTest.checkCorpus(tmp, "variant.pwi", text, 12L, 250,
                p -> FORMAT.readAll(p, ReadOptions.DEFAULT));
    }

    /**
     * With pw.x installed: the rendered input runs, and its output reads back with the energy of the recorded
     * fixture (same cell, atoms, pseudopotential, cutoff and k-points).
     */
    @Test
    void pwxRunsTheRenderedInput() throws Exception {
        String pwx = LammpsDataFormatTest.findOnPath("pw.x");
        Assumptions.assumeTrue(pwx != null, "skipped: pw.x (Quantum ESPRESSO) is not on PATH");
        Path pseudo = SharedData.require("pseudo/Si.pz-vbc.UPF");
        QePwSettings settings = QePwSettings.DEFAULTS.withPrefix("si")
                .withPseudopotentials(pseudo.getParent().toString(), Map.of("Si", "Si.pz-vbc.UPF"))
                .withCutoffs(20, 80).withKpoints(new int[] {2, 2, 2}, null);
        Files.writeString(tmp.resolve("si.pwi"), QePwInputFormat.render(silicon(), settings));
        Process proc = new ProcessBuilder(pwx, "-in", "si.pwi").directory(tmp.toFile())
                .redirectOutput(tmp.resolve("si.pwo").toFile()).redirectError(tmp.resolve("si.err").toFile())
                .start();
        assertTrue(proc.waitFor(300, TimeUnit.SECONDS), "pw.x finished");
        assertEquals(0, proc.exitValue(), () -> "pw.x failed: " + readQuietly(tmp.resolve("si.pwo")));
        Frame f = new QePwOutputFormat().readFirst(tmp.resolve("si.pwo"), ReadOptions.DEFAULT);
        assertEquals(-15.65443546 * 13.605693122994, f.energy(), 1e-3, "energy of the recorded si.scf.out");
        assertEquals("true", f.info().get("qe.converged"));
        assertArrayEquals(silicon().positions(), f.structure().positions(), 2e-6);
        assertArrayEquals(silicon().lattice().matrix(), f.structure().lattice().matrix(), 2e-6);
        assertEquals(6, f.forces().length);
        assertEquals(9, f.stress().length);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
