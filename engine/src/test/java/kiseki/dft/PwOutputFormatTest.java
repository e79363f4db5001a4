package kiseki.dft;

import kiseki.io.FormatException;
import kiseki.io.LammpsHardeningTest;
import kiseki.io.ReadOptions;
import kiseki.io.Units;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixtures in resources/kiseki/dft are real pw.x 6.7 outputs of a 2-atom Si cell (see the README there).
 * Expected numbers are the printed ones times the CODATA 2018 factors written out: 1 Ry = 13.605693122994 eV,
 * 1 Ry/bohr = 25.711033738162943 eV/Å, 1 Ry/bohr³ = 91.81576822484752 eV/Å³, 1 bohr = 0.529177210903 Å.
 */
class PwOutputFormatTest {

    private static final PwOutputFormat FORMAT = new PwOutputFormat();
    private static final double RY = 13.605693122994;
    private static final double RY_BOHR = 25.711033738162943;
    private static final double RY_BOHR3 = 91.81576822484752;
    private static final double BOHR = 0.529177210903;

    @TempDir
    Path tmp;

    static Path resource(String name) {
        return PwTesting.resource(name);
    }

    private static Frame read(Path p) throws IOException {
        return FORMAT.readFirst(p, ReadOptions.DEFAULT);
    }

    @Test
    void describesItself() {
        assertEquals("qe-out", FORMAT.name());
        assertEquals(List.of("pwo", "out"), FORMAT.extensions());
        assertTrue(FORMAT.canRead());
        assertFalse(FORMAT.canWrite());
        assertFalse(FORMAT.multiFrame());
        assertEquals(RY_BOHR, Units.RY_PER_BOHR_TO_EV_PER_ANGSTROM, 1e-12);
        assertEquals(RY_BOHR3, Units.RY_PER_BOHR3_TO_EV_PER_ANGSTROM3, 1e-11);
    }

    @Test
    void scfOutput() throws IOException {
        Frame f = read(resource("si.scf.out"));
        assertEquals(-212.9894448824754, f.energy(), 1e-8, "-15.65443546 Ry");
        double[] forces = f.forces();
        assertEquals(0.7039243949935465, forces[0], 1e-8, "0.02737830 Ry/bohr");
        assertEquals(-0.03731530 * RY_BOHR, forces[1], 1e-8);
        assertEquals(0.00152391 * RY_BOHR, forces[5], 1e-8);
        double[] stress = f.stress();
        // QE row 1: 0.00036028 0.00000789 0.00015544 (compressive positive); ASE sign: negated
        assertEquals(-0.03307938497604806, stress[0], 1e-8);
        assertEquals(-0.00000789 * RY_BOHR3, stress[1], 1e-8);
        assertEquals(-0.00015544 * RY_BOHR3, stress[2], 1e-8);
        assertEquals(0.00011408 * RY_BOHR3, stress[5], 1e-8);
        assertEquals(-0.00036895 * RY_BOHR3, stress[8], 1e-8);
        assertEquals(stress[1], stress[3], 0);

        // structure from the crystal-axes and site tables (alat = 7.255773 bohr): the input had a = (0, 2.715,
        // 2.715) Å etc. and atoms at (0,0,0) and (1.40, 1.30, 1.35) Å; 6-7 printed decimals give ~1e-6 Å
        Structure s = f.structure();
        assertArrayEquals(new double[] {0, 2.715, 2.715, 2.715, 0, 2.715, 2.715, 2.715, 0}, s.lattice().matrix(),
                2e-6);
        assertEquals(0.707107 * 7.255773 * BOHR, s.lattice().get(0, 1), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 1.40, 1.30, 1.35}, s.positions(), 2e-6);
        assertEquals(0.3646223 * 7.255773 * BOHR, s.x(1, 0), 1e-12);
        assertEquals("Si", s.element(0).symbol());
        assertEquals("Si", s.element(1).symbol());

        assertEquals("6.7MaX", f.info().get("qe.version"));
        assertEquals("true", f.info().get("qe.converged"));
        assertEquals("7", f.info().get("qe.scf_iterations"));
    }

    @Test
    void relaxOutputGivesTheLastStructureInCrystalCoordinates() throws IOException {
        Frame f = read(resource("si2.relax.out"));
        assertEquals(-15.65756113 * RY, f.energy(), 1e-8);
        assertEquals(0.00002291 * RY_BOHR, f.forces()[0], 1e-8);
        assertEquals(-0.00002533 * RY_BOHR, f.forces()[4], 1e-8);
        assertEquals(-0.00035091 * RY_BOHR3, f.stress()[0], 1e-8);
        assertEquals(0.00000010 * RY_BOHR3, f.stress()[2], 1e-8);
        Structure s = f.structure();
        // labels Si1 and Si2 map to Si
        assertEquals("Si", s.element(0).symbol());
        assertEquals("Si", s.element(1).symbol());
        // last ATOMIC_POSITIONS (crystal): Si2 0.2599973458 0.2449963909 0.2500098724 in the fixed cell of the input
        // (CELL_PARAMETERS bohr, 5.13 off the diagonal)
        double c = 5.13 * BOHR;
        double[] frac = {0.2599973458, 0.2449963909, 0.2500098724};
        double[] expected = {(frac[1] + frac[2]) * c, (frac[0] + frac[2]) * c, (frac[0] + frac[1]) * c};
        assertArrayEquals(expected, s.position(1), 5e-6);
        assertArrayEquals(s.lattice().toCartesian(frac), s.position(1), 1e-12);
        assertEquals("3", f.info().get("qe.scf_iterations"), "of the last SCF");
    }

    @Test
    void vcRelaxOutputUsesTheFinalCellAndTheFinalScf() throws IOException {
        Frame f = read(resource("si.vcrelax.out"));
        assertEquals(-15.66088282 * RY, f.energy(), 1e-8, "energy of the final SCF at the relaxed structure");
        assertEquals(0.00015773 * RY_BOHR, f.forces()[0], 1e-8);
        assertEquals(0.00004337 * RY_BOHR, f.forces()[5], 1e-8);
        assertEquals(-0.00000774 * RY_BOHR3, f.stress()[0], 1e-8);
        assertEquals(0.00000047 * RY_BOHR3, f.stress()[5], 1e-8);
        Structure s = f.structure();
        // the full-precision final CELL_PARAMETERS (angstrom), not the 6-decimal reprint of the final SCF
        assertArrayEquals(new double[] {0.000042519, 2.761704676, 2.761878650, 2.761821584, 0.000003918, 2.761906800,
                2.761823339, 2.761745454, 0.000003617}, s.lattice().matrix(), 0);
        assertArrayEquals(new double[] {0.0214819014, -0.0290638723, -0.0037745022, 1.4026720495, 1.3514382535,
                1.3770927446}, s.positions(), 0);
        assertEquals("true", f.info().get("qe.converged"));
        assertEquals("8", f.info().get("qe.scf_iterations"));
    }

    @Test
    void unconvergedScfIsRefusedWithTheReason() {
        Path p = resource("si.nc.out");
        FormatException e = assertThrows(FormatException.class, () -> read(p));
        assertEquals(p + ": the SCF did not converge ('convergence NOT achieved after   3 iterations: stopping';"
                + " last estimated scf accuracy 8.4E-05 Ry, threshold 1.0E-12 Ry)", e.getMessage());
    }

    @Test
    void truncatedOutputsAreRefused() throws IOException {
        String text = Files.readString(resource("si.scf.out"));
        Path beforeEnergy = tmp.resolve("before-energy.out");
        Files.writeString(beforeEnergy, text.substring(0, text.indexOf("!    total energy")));
        FormatException e = assertThrows(FormatException.class, () -> read(beforeEnergy));
        assertEquals(beforeEnergy + ": the output ends before 'JOB DONE.' during SCF iteration 7: pw.x was stopped,"
                + " is still running, or the file was cut off", e.getMessage());

        Path beforeDone = tmp.resolve("before-done.out");
        Files.writeString(beforeDone, text.substring(0, text.indexOf("Writing output data file")));
        e = assertThrows(FormatException.class, () -> read(beforeDone));
        assertEquals(beforeDone + ": the output ends before 'JOB DONE.' after the SCF converged: pw.x was stopped,"
                + " is still running, or the file was cut off", e.getMessage());

        Path inForces = tmp.resolve("in-forces.out");
        Files.writeString(inForces, text.substring(0, text.indexOf("     atom    2 type  1   force")));
        e = assertThrows(FormatException.class, () -> read(inForces));
        assertEquals(inForces + ":218: the forces block has 1 atom lines, the output has 2 atoms", e.getMessage());

        Path inStress = tmp.resolve("in-stress.out");
        Files.writeString(inStress, text.substring(0, text.indexOf("   0.00000789   0.00035293")));
        e = assertThrows(FormatException.class, () -> read(inStress));
        assertEquals(inStress + ":227: file ends early: expected stress tensor row 2", e.getMessage());

        Path notQe = tmp.resolve("other.out");
        Files.writeString(notQe, "hello\n");
        e = assertThrows(FormatException.class, () -> read(notQe));
        assertEquals(notQe + ": this is not a pw.x output: it has no 'Program PWSCF v.X starts' line",
                e.getMessage());
    }

    @Test
    void everyTruncationAndGarblingIsAFormatException() throws IOException {
        LammpsHardeningTest.checkCorpus(tmp, "variant.out", Files.readString(resource("si.scf.out")), 3L, 150,
                v -> FORMAT.readAll(v, ReadOptions.DEFAULT));
        LammpsHardeningTest.checkCorpus(tmp, "variant2.out", Files.readString(resource("si2.relax.out")), 4L, 100,
                v -> FORMAT.readAll(v, ReadOptions.DEFAULT));
    }

    @Test
    void everyCutBeforeJobDoneIsRefused() throws IOException {
        String text = Files.readString(resource("si.scf.out"));
        int done = text.indexOf("JOB DONE.");
        Path p = tmp.resolve("cut.out");
        int cuts = 0;
        for (int i = text.indexOf('\n'); i >= 0 && i < done; i = text.indexOf('\n', i + 1)) {
            Files.writeString(p, text.substring(0, i + 1));
            int at = i;
            assertThrows(FormatException.class, () -> read(p), () -> "cut after character " + at);
            cuts++;
        }
        assertTrue(cuts > 250);
    }

    @Test
    void versionOfNewerReleases() throws IOException {
        String text = Files.readString(resource("si.scf.out")).replace("Program PWSCF v.6.7MaX starts",
                "Program PWSCF v.7.2 starts");
        Path p = tmp.resolve("v72.out");
        Files.writeString(p, text);
        assertEquals("7.2", read(p).info().get("qe.version"));
    }
}
