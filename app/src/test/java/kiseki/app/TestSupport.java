package kiseki.app;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Helpers for workbench tests: shared reference files (skip when absent) and a workbench without a screen. */
public final class TestSupport {

    private TestSupport() {
    }

    /** A file under ../shared (beside the repository root); skips the test with a clear message when absent. */
    public static Path shared(String relative) {
        for (Path base : new Path[] {Path.of("../shared"), Path.of("../../shared")}) {
            Path p = base.resolve(relative);
            if (Files.exists(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        Assumptions.abort("shared reference file " + relative + " is absent (expected in ../shared beside the "
                + "repository root); skipping");
        return null;
    }

    /** A workbench whose UI callbacks run directly on the worker thread (view-model tests need no FX toolkit). */
    public static Workbench headlessWorkbench(String language) {
        return new Workbench(Messages.forLanguage(language), AppPreferences.inMemory(), Runnable::run);
    }

    /** Waits for a background task to end (fails after {@code timeout}). */
    public static Object await(Background.Task task, Duration timeout) throws Exception {
        return task.whenDone().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
