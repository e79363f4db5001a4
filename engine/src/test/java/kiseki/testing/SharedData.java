package kiseki.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared reference material ({@code ../shared} beside the repository root). Tests that need it call
 * {@link #require(String)}, which skips the test with a clear message when the material is absent.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared folder, or null when none is found walking up from the working directory. */
    public static Path root() {
        Path dir = Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(candidate.resolve("README.md"))) {
                return candidate;
            }
        }
        return null;
    }

    /** The shared file at {@code relative}, or a skipped test when it is not there. */
    public static Path require(String relative) {
        Path root = root();
        Assumptions.assumeTrue(root != null,
                "skipped: shared reference material (../shared beside the repository root) is absent");
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "skipped: shared file " + p + " is absent");
        return p;
    }
}
