package kiseki.dft;

import kiseki.structure.Frame;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders inputs, runs the installed pw.x (Quantum ESPRESSO 6.7 here) and reads the results back: the 8-atom
 * diamond-Si cube (a = 5.43 Å), Si.pz-vbc.UPF, 20 Ry, 2×2×2 mesh, one thread (about 2 s per run). Skipped when pw.x
 * or the shared pseudopotentials are absent.
 */
class PwRunTest {

    private static final Pattern FINAL_ENERGY = Pattern.compile("!\\s+total energy\\s*=\\s*(\\S+)\\s*Ry");

    @TempDir
    Path tmp;

    private PwResult run(Structure s, String name) throws Exception {
        PwTesting.requirePwx();
        PseudoAssignment si = PseudoAssignment.choose(PseudoLibrary.scan(List.of(PseudoLibraryTest.sharedPseudoDir())),
                List.of("Si"));
        assertEquals(List.of(), si.problems());
        PwSettings settings = PwSettings.DEFAULTS.withCutoffs(20, null).withKpoints(KPoints.mesh(2, 2, 2));
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("scf.in"), PwInput.render(s, settings, si, name, "./out"));
        int exit = PwTesting.run(dir, "scf.in", "scf.out", "scf.err");
        PwResult r = PwOutput.parse(dir.resolve("scf.out"), dir.resolve("scf.err"), exit);
        assertEquals(PwStatus.CONVERGED, r.status(), () -> r.reason() + "\n" + read(dir.resolve("scf.out")));
        assertEquals(0, exit);
        // the energy is exactly the printed "!    total energy" in Ry times 13.605693122994
        Matcher m = FINAL_ENERGY.matcher(read(dir.resolve("scf.out")));
        assertTrue(m.find());
        double printedRy = Double.parseDouble(m.group(1));
        assertEquals(printedRy, r.totalEnergyRy(), 0);
        assertEquals(printedRy * 13.605693122994, r.frame().energy(), 1e-6);
        assertEquals(8e-9, r.convThrRy(), 0, "1e-9 Ry per atom × 8 atoms");
        assertTrue(r.wallTimeSeconds() > 0 && r.wallTimeSeconds() < 300, "wall time " + r.wallTimeSeconds());
        return r;
    }

    @Test
    void perfectDiamondHasNoForces() throws Exception {
        Structure si = PwTesting.silicon8();
        PwResult r = run(si, "perfect");
        Frame f = r.labelsOn(si);
        assertEquals(-7.9, f.energy() / 13.605693122994 / 8, 0.1, "about -7.9 Ry per atom (LDA, 20 Ry)");
        for (double v : f.forces()) {
            assertEquals(0, v, 1e-4, "forces vanish by symmetry");
        }
        double[] st = f.stress();
        assertEquals(st[0], st[4], 1e-6, "cubic: equal diagonal stress");
        assertEquals(st[0], st[8], 1e-6);
        assertEquals(0, st[1], 1e-6);
        assertArrayEquals(si.positions(), r.frame().structure().positions(), 2e-6);
    }

    @Test
    void displacedCellHasBalancedForces() throws Exception {
        Structure si = PwTesting.silicon8();
        si.setPosition(0, 0.08, -0.05, 0.03);
        si.setPosition(5, si.x(5, 0) - 0.06, si.x(5, 1) + 0.04, si.x(5, 2) + 0.07);
        PwResult r = run(si, "displaced");
        Frame f = r.labelsOn(si);
        double[] sum = new double[3];
        double largest = 0;
        for (int i = 0; i < 8; i++) {
            for (int c = 0; c < 3; c++) {
                sum[c] += f.forces()[3 * i + c];
                largest = Math.max(largest, Math.abs(f.forces()[3 * i + c]));
            }
        }
        assertTrue(Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]) < 1e-3, "|ΣF| < 1e-3 eV/Å");
        assertTrue(largest > 0.05, "displaced atoms feel forces: " + largest);
        // the displaced atom is pushed back: the force opposes its displacement
        double dot = 0.08 * f.forces()[0] - 0.05 * f.forces()[1] + 0.03 * f.forces()[2];
        assertTrue(dot < 0, "restoring force on atom 1");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(cannot read " + p + ": " + e.getMessage() + ")";
        }
    }
}
