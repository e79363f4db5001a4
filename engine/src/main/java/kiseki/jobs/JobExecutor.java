package kiseki.jobs;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs jobs of {@link JobStore}s. {@link LocalExecutor} runs them on this computer; an executor for a cluster
 * (SSH + SLURM) can implement the same interface. No method blocks for long except {@link #awaitAll} and
 * {@link #shutdown}.
 */
public interface JobExecutor {

    /**
     * Queues a QUEUED job of {@code store} to run when a slot is free.
     *
     * @return completes with the job's final snapshot (DONE, FAILED or CANCELLED), or exceptionally if the job could
     *         not be saved or the executor was shut down first ({@link IllegalStateException}); submitting a job that
     *         is already queued or running here returns the same future
     * @throws IllegalArgumentException if the job does not exist or no handler serves its kind
     * @throws IllegalStateException    if the job is not QUEUED (use {@link #recover} for RUNNING jobs found on
     *                                  disk, {@link JobStore#requeue} for failed ones) or the executor is shut down
     */
    CompletableFuture<Job> submit(JobStore store, String jobId);

    /**
     * Cancels a job: a queued one becomes CANCELLED at once; a running one has its whole process tree killed and
     * becomes CANCELLED shortly after. Returns false if the job is not queued or running here.
     */
    boolean cancel(JobStore store, String jobId);

    /** Cancels every job queued or running here. */
    void cancelAll();

    /**
     * Picks up a store after the application was closed or killed: RUNNING jobs whose process still runs are
     * adopted (watched, never started twice); RUNNING jobs whose process has ended are judged by their handler from
     * their files (done → DONE; cut short → queued again with that attempt's output kept aside); QUEUED jobs are
     * submitted. DONE, FAILED and CANCELLED jobs stay as they are. Returns at once; the work happens on the
     * executor's threads.
     */
    Recovery recover(JobStore store);

    /** The last progress reported for a running job, if any. */
    Optional<ProgressUpdate> progress(JobStore store, String jobId);

    void addListener(JobListener listener);

    void removeListener(JobListener listener);

    /**
     * Waits until no job is queued or running here.
     *
     * @return false if {@code timeout} passed first
     */
    boolean awaitAll(Duration timeout) throws InterruptedException;

    /**
     * Stops the executor without killing anything: queued jobs stay QUEUED and running processes keep running
     * (their jobs stay RUNNING in job.json), so that {@link #recover} picks them up when the store is opened again.
     * Futures of unfinished jobs complete exceptionally with an {@link IllegalStateException}. To stop the work
     * itself, {@link #cancelAll} first.
     */
    void shutdown();
}
