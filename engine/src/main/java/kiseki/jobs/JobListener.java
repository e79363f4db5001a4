package kiseki.jobs;

/**
 * Receives job events from a {@link JobExecutor}. Called on the executor's worker threads (or on the thread that
 * called {@link JobExecutor#cancel} for a job that had not started): a JavaFX caller must hop to its UI thread with
 * {@code Platform.runLater}. Must return quickly; exceptions are logged and ignored.
 */
public interface JobListener {

    /** The job reached a new state; {@code job} is the snapshot just saved to job.json. */
    default void stateChanged(JobStore store, Job job) {
    }

    /** The job's handler read progress from its output. */
    default void progress(JobStore store, Job job, ProgressUpdate update) {
    }
}
