package kiseki.dft;

import kiseki.io.FormatException;
import kiseki.io.LammpsDataFormatTest;
import kiseki.io.LammpsHardeningTest;
import kiseki.io.ReadOptions;
import kiseki.io.WriteOptions;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static kiseki.dft.PwTesting.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PwInputFormatTest {

    private static final PwInputFormat FORMAT = new PwInputFormat();
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
        String text = PwInput.render(silicon(), PwSettings.DEFAULTS.withKpoints(KPoints.mesh(2, 2, 2)), "kiseki",
                "./out");
        LammpsHardeningTest.checkCorpus(tmp, "variant.pwi", text, 12L, 250,
                p -> FORMAT.readAll(p, ReadOptions.DEFAULT));
    }
}
