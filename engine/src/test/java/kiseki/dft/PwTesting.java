package kiseki.dft;

import kiseki.io.LammpsDataFormatTest;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Shared test material: silicon cells, fixture files, running the installed pw.x. */
final class PwTesting {

    /** Diamond-Si lattice constant (Å). */
    static final double A_SI = 5.43;

    private PwTesting() {
    }

    static Path resource(String name) {
        try {
            return Path.of(PwTesting.class.getResource("/kiseki/dft/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource /kiseki/dft/" + name + " is missing", e);
        }
    }

    /** The 8-atom conventional diamond-Si cube, a = 5.43 Å. */
    static Structure silicon8() {
        Element si = PeriodicTable.require("Si");
        double[] frac = {0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0,
                0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.25};
        Element[] species = new Element[8];
        java.util.Arrays.fill(species, si);
        return Structure.fromFractional(Lattice.orthorhombic(A_SI, A_SI, A_SI), species, frac);
    }

    /** The 2-atom primitive diamond-Si cell with the second atom moved off its ideal site (forces are not zero). */
    static Structure silicon2Displaced() {
        Element si = PeriodicTable.require("Si");
        double h = A_SI / 2;
        return new Structure(Lattice.fromVectors(0, h, h, h, 0, h, h, h, 0), new Element[] {si, si},
                new double[] {0, 0, 0, 1.40, 1.30, 1.35});
    }

    /** The pw.x executable, or null when none is installed. */
    static String pwx() {
        return kiseki.testing.Programs.findOnPath("pw.x");
    }

    /** The pw.x executable, or a skipped test saying so. */
    static String requirePwx() {
        String pwx = pwx();
        Assumptions.assumeTrue(pwx != null, "skipped: pw.x (Quantum ESPRESSO) is not on PATH");
        return pwx;
    }

    /** Runs {@code pw.x -in <input>} in {@code dir} with one thread; returns the exit status. */
    static int run(Path dir, String input, String output, String errors) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(requirePwx(), "-in", input).directory(dir.toFile())
                .redirectOutput(dir.resolve(output).toFile()).redirectError(dir.resolve(errors).toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process proc = pb.start();
        if (!proc.waitFor(300, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IllegalStateException("pw.x did not finish within 300 s in " + dir);
        }
        return proc.exitValue();
    }
}
