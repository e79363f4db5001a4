package kiseki.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The program-specific part of a job kind: reads its progress and decides, from the files a finished run left,
 * whether it succeeded. Register one per kind in {@link JobHandlers}.
 * <p>
 * Called on executor threads, possibly for several jobs at once: implementations must be thread-safe (best:
 * stateless, keeping anything per job in the job folder).
 */
public interface JobHandler {

    /** The {@link JobSpec#kind() kind} this handler serves, e.g. {@code "qe-scf"}. */
    String kind();

    /**
     * Called for every line the program prints to standard output, in order, while it runs (also again from the
     * start of the file when a job is adopted after a restart). Returns the progress that line shows, or null when
     * it shows none. Must be quick; exceptions are ignored.
     */
    default ProgressUpdate onOutputLine(Job job, String line) {
        return null;
    }

    /**
     * Decides how a run ended, from the files in {@code workDir} (standard output is {@link Job#stdout()}).
     *
     * @param exitCode the program's exit code, or empty when it is unknown: after a restart the run may have
     *                 finished or may have been interrupted, and only its output can tell
     * @return DONE with a result summary, FAILED with a reason, RETRY with replaced input files, or INCOMPLETE when
     *         the output stops before the program finished
     * @throws IOException if the output cannot be read; the job then FAILS with that message
     */
    Completion complete(Job job, Path workDir, OptionalInt exitCode) throws IOException;
}
