package kiseki.dft;

import kiseki.io.LammpsHardeningTest;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static kiseki.dft.PwTesting.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classification of real pw.x 6.7 outputs (the si2-* fixtures, recorded by {@link RecordPwFixtures}). Numbers are the
 * printed ones times the CODATA 2018 factors: 1 Ry = 13.605693122994 eV, 1 Ry/bohr = 25.711033738162943 eV/Å,
 * 1 Ry/bohr³ = 91.81576822484752 eV/Å³.
 */
class PwOutputTest {

    private static final double RY = 13.605693122994;
    private static final double RY_BOHR = 25.711033738162943;
    private static final double RY_BOHR3 = 91.81576822484752;

    @TempDir
    Path tmp;

    @Test
    void converged() throws IOException {
        PwResult r = PwOutput.parse(resource("si2-converged.out"));
        assertEquals(PwStatus.CONVERGED, r.status());
        assertTrue(r.isConverged());
        assertEquals("SCF converged in 7 iterations", r.reason());
        assertEquals(7, r.scfIterations());
        assertEquals("6.7MaX", r.qeVersion());
        assertEquals(-15.61360533, r.totalEnergyRy(), 0);
        assertEquals(2.4e-10, r.scfAccuracyRy(), 0);
        assertEquals(2.0e-9, r.convThrRy(), 0);
        assertEquals(0.09, r.wallTimeSeconds(), 0);
        Frame f = r.frame();
        assertEquals(-15.61360533 * RY, f.energy(), 1e-9);
        assertArrayEquals(new double[] {0.02844387 * RY_BOHR, -0.03876966 * RY_BOHR, -0.00175839 * RY_BOHR,
                -0.02844387 * RY_BOHR, 0.03876966 * RY_BOHR, 0.00175839 * RY_BOHR}, f.forces(), 1e-12);
        // pw.x: positive = compressive; Kiseki: positive = tensile
        assertArrayEquals(new double[] {-0.00019386 * RY_BOHR3, -0.00000964 * RY_BOHR3, -0.00016132 * RY_BOHR3,
                -0.00000964 * RY_BOHR3, -0.00018650 * RY_BOHR3, 0.00011848 * RY_BOHR3,
                -0.00016132 * RY_BOHR3, 0.00011848 * RY_BOHR3, -0.00020253 * RY_BOHR3}, f.stress(), 1e-12);
        Structure s = f.structure();
        assertArrayEquals(PwTesting.silicon2Displaced().positions(), s.positions(), 2e-6);
        assertEquals("7", f.info().get("qe.scf_iterations"));
        assertEquals(0, f.warnings().size());

        // the labels on the exact input structure
        Structure input = PwTesting.silicon2Displaced();
        Frame labelled = r.labelsOn(input);
        assertArrayEquals(input.positions(), labelled.structure().positions(), 0);
        assertEquals(f.energy(), labelled.energy(), 0);
        assertArrayEquals(f.forces(), labelled.forces(), 0);
        Structure moved = input.copy();
        moved.setPosition(1, 1.41, 1.30, 1.35);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.labelsOn(moved));
        assertTrue(e.getMessage().startsWith("atom 2 is 0.0"), e.getMessage());
        // the same atom one cell further is the same structure
        Structure shifted = input.copy();
        shifted.setPosition(1, 1.40 + 2.715, 1.30 + 2.715, 1.35);
        assertEquals(f.energy(), r.labelsOn(shifted).energy(), 0);
    }

    @Test
    void notConverged() throws IOException {
        PwResult r = PwOutput.parse(resource("si2-not-converged.out"), resource("si2-not-converged.err"), 2);
        assertEquals(PwStatus.NOT_CONVERGED, r.status());
        assertEquals("the SCF did not converge ('convergence NOT achieved after   2 iterations: stopping'; last"
                + " estimated scf accuracy 4.5E-03 Ry, threshold 2.0E-09 Ry)", r.reason());
        assertNull(r.frame());
        assertEquals(2, r.scfIterations());
        assertTrue(Double.isNaN(r.totalEnergyRy()));
        assertEquals(0.00452628, r.scfAccuracyRy(), 0);
        assertEquals(0.04, r.wallTimeSeconds(), 0);
        assertThrows(IllegalStateException.class, () -> r.labelsOn(PwTesting.silicon2Displaced()));
    }

    @Test
    void missingPseudopotential() throws IOException {
        PwResult r = PwOutput.parse(resource("si2-missing-pseudo.out"), resource("si2-missing-pseudo.err"), 1);
        assertEquals(PwStatus.MISSING_PSEUDOPOTENTIAL, r.status());
        assertEquals("Error in routine readpp (1): file /usr/share/espresso/pseudo/Si.pz-vbc.UPF not found",
                r.reason());
        assertEquals(0, r.scfIterations());
        assertEquals("6.7MaX", r.qeVersion());
        assertTrue(Double.isNaN(r.wallTimeSeconds()));
        // the same without error output and exit status: pw.x's own text is enough
        assertEquals(PwStatus.MISSING_PSEUDOPOTENTIAL, PwOutput.parse(resource("si2-missing-pseudo.out")).status());
    }

    @Test
    void truncated() throws IOException {
        PwResult r = PwOutput.parse(resource("si2-truncated.out"));
        assertEquals(PwStatus.INCOMPLETE, r.status());
        assertEquals("the output ends before 'JOB DONE.' during SCF iteration 3: pw.x was stopped, is still"
                + " running, or the file was cut off", r.reason());
        assertEquals(3, r.scfIterations());
        assertEquals(0.00008780, r.scfAccuracyRy(), 0);
        // stopped by a signal while running: the exit status makes it a crash; 137 is the out-of-memory killer
        PwResult killed = PwOutput.parse(resource("si2-truncated.out"), null, 137);
        assertEquals(PwStatus.OUT_OF_MEMORY, killed.status());
        assertEquals("pw.x was killed (exit status 137, SIGKILL), most likely by the operating system's"
                + " out-of-memory killer during SCF iteration 3", killed.reason());
        Path err = tmp.resolve("err");
        Files.writeString(err, "forrtl: severe (174): SIGSEGV, segmentation fault occurred\n");
        PwResult segv = PwOutput.parse(resource("si2-truncated.out"), err, 174);
        assertEquals(PwStatus.CRASHED, segv.status());
        assertEquals("pw.x stopped with exit status 174 during SCF iteration 3; its error output ends: 'forrtl:"
                + " severe (174): SIGSEGV, segmentation fault occurred'", segv.reason());
        // cut inside the forces block
        String out = Files.readString(resource("si2-converged.out"));
        PwResult inForces = PwOutput.parse(out.substring(0, out.indexOf("     atom    2 type  1   force")));
        assertEquals(PwStatus.INCOMPLETE, inForces.status());
        assertEquals("the output ends before 'JOB DONE.' after the SCF converged (the forces block has 1 atom lines,"
                + " the output has 2 atoms): pw.x was stopped, is still running, or the file was cut off",
                inForces.reason());
        assertEquals(-15.61360533, inForces.totalEnergyRy(), 0);
    }

    @Test
    void outOfMemory() throws IOException {
        String out = Files.readString(resource("si2-truncated.out"));
        for (String stderr : new String[] {"terminate called after throwing an instance of 'std::bad_alloc'",
                "/bin/sh: line 1: 4242 Killed                  pw.x -in scf.in > scf.out",
                "Operating system error: Cannot allocate memory\nAllocation would exceed memory limit",
                "forrtl: severe (41): insufficient virtual memory"}) {
            PwResult r = PwOutput.parse(out, stderr, 1);
            assertEquals(PwStatus.OUT_OF_MEMORY, r.status(), stderr);
            assertTrue(r.reason().startsWith("pw.x ran out of memory: '"), r.reason());
        }
        String block = out + """

                 %%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%
                     Error in routine allocate_fft (1):
                     cannot allocate psic
                 %%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%
                """;
        PwResult r = PwOutput.parse(block);
        assertEquals(PwStatus.OUT_OF_MEMORY, r.status());
        assertEquals("Error in routine allocate_fft (1): cannot allocate psic", r.reason());
    }

    @Test
    void otherFailures() {
        PwResult empty = PwOutput.parse("");
        assertEquals(PwStatus.INCOMPLETE, empty.status());
        assertEquals("the output is empty", empty.reason());
        PwResult emptyFailed = PwOutput.parse("", "pw.x: error while loading shared libraries: libmpi.so.40\n", 127);
        assertEquals(PwStatus.CRASHED, emptyFailed.status());
        assertEquals("pw.x stopped with exit status 127; its error output ends: 'pw.x: error while loading shared"
                + " libraries: libmpi.so.40'", emptyFailed.reason());
        PwResult other = PwOutput.parse("hello\nworld\n");
        assertEquals(PwStatus.CRASHED, other.status());
        assertEquals("this is not a pw.x output: it has no 'Program PWSCF v.X starts' line", other.reason());
        PwResult input = PwOutput.parse("""
                     Program PWSCF v.6.7MaX starts on 24Nov2026 at  4:52:22

                 %%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%
                     Error in routine read_namelists (1):
                     bad line in namelist &system: "  ecutwfc = twelve" (error could be in the previous line)
                 %%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%
                """, "", 1);
        assertEquals(PwStatus.CRASHED, input.status());
        assertEquals("Error in routine read_namelists (1): bad line in namelist &system: \"  ecutwfc = twelve\""
                + " (error could be in the previous line)", input.reason());
    }

    @Test
    void scfCorrectionWarningAndExitStatusReachTheFrame() throws IOException {
        String out = Files.readString(resource("si2-converged.out")).replace("     Computing stress",
                "     SCF correction compared to forces is large: reduce conv_thr to get better values\n"
                        + "     Computing stress");
        PwResult r = PwOutput.parse(out, "", 1);
        assertEquals(PwStatus.CONVERGED, r.status());
        assertEquals(2, r.frame().warnings().size());
        assertEquals("pw.x: SCF correction compared to forces is large: reduce conv_thr to get better values",
                r.frame().warnings().get(0));
        assertEquals("pw.x finished its output but exited with status 1", r.frame().warnings().get(1));
    }

    @Test
    void wallTimeFormats() {
        assertEquals(1.45, PwOutput.parseDuration("      1.45s "), 1e-12);
        assertEquals(83.45, PwOutput.parseDuration(" 1m23.45s "), 1e-12);
        assertEquals(4920, PwOutput.parseDuration("   1h22m "), 1e-12);
        assertEquals(86400 + 3 * 3600 + 12 * 60, PwOutput.parseDuration("   1d    3h12m "), 1e-12);
        assertTrue(Double.isNaN(PwOutput.parseDuration(" ** ")));
        assertTrue(Double.isNaN(PwOutput.parseDuration("  ")));
        String out = """
                     Program PWSCF v.7.2 starts on 1Jan2026
                     PWSCF        :   1h 2m CPU      1h 3m WALL
                """;
        assertEquals(3780, PwOutput.parse(out).wallTimeSeconds(), 1e-12);
        assertEquals("7.2", PwOutput.parse(out).qeVersion());
    }

    @Test
    void parsingNeverThrowsOnGarbledOutput() throws IOException {
        // every variant is classified (no exception of any kind); the strict reader's corpus is in PwOutputFormatTest
        String text = Files.readString(resource("si2-converged.out"));
        LammpsHardeningTest.checkCorpus(tmp, "variant.out", text, 21L, 200, p -> {
            PwResult r = PwOutput.parse(p, null, null);
            assertNotNull(r.reason());
            if (r.isConverged()) {
                assertEquals(2, r.frame().structure().size());
            }
        });
    }

    @Test
    void progressFollowsARun() throws IOException {
        PwProgress p = new PwProgress();
        assertEquals("starting pw.x", p.statusText());
        assertEquals(0, p.fraction());
        double last = 0;
        boolean sawIteration = false;
        for (String line : Files.readAllLines(resource("si2-converged.out"))) {
            p.accept(line);
            assertTrue(p.fraction() >= last, "never backwards: " + line);
            last = p.fraction();
            if (line.contains("estimated scf accuracy    <       0.00008780 Ry")) {
                sawIteration = true;
                assertEquals(3, p.iteration());
                assertEquals(8.78e-5, p.scfAccuracyRy(), 0);
                assertEquals(2e-9, p.convThrRy(), 0);
                // log(0.10037/8.78e-5) / log(0.10037/2e-9) of the SCF's 0.9 share
                assertEquals(0.9 * Math.log(0.10037005 / 8.78e-5) / Math.log(0.10037005 / 2e-9), p.fraction(),
                        1e-12);
                assertEquals("SCF iteration 3: estimated accuracy 8.8E-05 Ry, target 2.0E-09 Ry", p.statusText());
            }
            if (line.contains("convergence has been achieved")) {
                assertEquals("SCF converged in 7 iterations; computing forces and stress", p.statusText());
                assertEquals(0.9, p.fraction(), 0);
            }
        }
        assertTrue(sawIteration);
        assertTrue(p.isDone());
        assertEquals(1, p.fraction());
        assertEquals("pw.x finished", p.statusText());

        PwProgress nc = new PwProgress();
        Files.readAllLines(resource("si2-not-converged.out")).forEach(nc::accept);
        assertEquals("pw.x finished, but the SCF did not converge after 2 iterations", nc.statusText());
        PwProgress missing = new PwProgress();
        Files.readAllLines(resource("si2-missing-pseudo.out")).forEach(missing::accept);
        assertEquals("pw.x stopped with an error: Error in routine readpp (1): file"
                + " /usr/share/espresso/pseudo/Si.pz-vbc.UPF not found", missing.statusText());
        PwProgress garbled = new PwProgress();
        garbled.accept("     iteration #  x");
        garbled.accept("     estimated scf accuracy    <       NaN Ry");
        garbled.accept(null);
        assertEquals("starting pw.x", garbled.statusText());
    }
}
