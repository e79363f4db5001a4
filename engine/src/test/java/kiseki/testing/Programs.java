package kiseki.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** External programs the tests run for real (pw.x, LAMMPS): found on PATH, or the test is skipped saying so. */
public final class Programs {

    private Programs() {
    }

    /** The first of {@code names} found as an executable on PATH, or null. */
    public static String findOnPath(String... names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /** Like {@link #findOnPath} but skips the test with a message naming the program when it is missing. */
    public static String require(String what, String... names) {
        String found = findOnPath(names);
        Assumptions.assumeTrue(found != null, "skipped: " + what + " (" + String.join(" or ", names)
                + ") is not on PATH");
        return found;
    }
}
