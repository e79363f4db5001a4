package kiseki.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A job kind whose work runs inside this application, on the executor's worker thread, instead of as a separate
 * process (e.g. MD with a potential already in memory). {@link LocalExecutor} calls {@link #run} where it would
 * start a process; the command of such a job's {@link JobSpec} only describes it and is never executed.
 * <p>
 * Such a run ends with the application. A job found RUNNING when its store is opened again is therefore judged by
 * {@link #complete} (with an unknown exit code): a handler whose runs can continue returns
 * {@link Completion.Outcome#INCOMPLETE INCOMPLETE}, the executor queues the job again and {@link #run} is called
 * once more, where it picks up the files the interrupted run left (a restart file) instead of starting over.
 */
public interface InProcessJobHandler extends JobHandler {

    /** What the executor offers a running job. */
    interface Context {

        /**
         * Set when the run must stop soon: the user cancelled it, its time limit passed, or the executor is shutting
         * down (the application closes). A run that sees it leaves its files so that it can continue later and
         * returns {@link Completion.Outcome#INCOMPLETE INCOMPLETE}; the executor then records the job as
         * cancelled, timed out, or (shutting down) still RUNNING for {@link JobExecutor#recover} to continue.
         */
        AtomicBoolean stopFlag();

        /** Reports progress to the executor's listeners; the job's time limit is checked on every call. */
        void progress(ProgressUpdate update);
    }

    /**
     * Runs the job (or continues it from what an interrupted run left in {@code workDir}) on the calling thread.
     *
     * @return DONE with a result, FAILED with a reason, RETRY with replaced input files, or INCOMPLETE when the run
     *         stopped early because {@link Context#stopFlag()} was set (INCOMPLETE without that flag counts as FAILED)
     * @throws IOException if its files cannot be read or written; the job then FAILS with that message
     */
    Completion run(Job job, Path workDir, Context context) throws IOException;
}
