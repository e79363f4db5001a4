/**
 * A restartable job system: external programs (pw.x, LAMMPS, scripts) run as jobs whose state lives on disk, so
 * that closing or killing the application loses nothing and runs nothing twice.
 *
 * <h2>Concepts</h2>
 * <ul>
 *   <li>{@link kiseki.jobs.JobSpec} — what to run: a {@code kind} (selects the handler), a command (argv, run in the
 *       job folder), free-form JSON {@code parameters}, extra environment, an optional timeout, and whether it is an
 *       MPI program.</li>
 *   <li>{@link kiseki.jobs.JobStore} — a folder of jobs, e.g. {@code <project>/jobs/<batch>/}. Each job is a
 *       sub-folder {@code job-0001/} with its input files, {@code stdout.txt}, {@code stderr.txt},
 *       {@code exit-code.txt} and {@code job.json}, rewritten atomically on every state change. An open store is
 *       locked against a second opener.</li>
 *   <li>{@link kiseki.jobs.Job} — an immutable snapshot of {@code job.json}: state
 *       ({@link kiseki.jobs.JobState} QUEUED → RUNNING → DONE / FAILED / CANCELLED), attempt and retry counts,
 *       timestamps, pid and process start time, exit code, failure reason, result summary.</li>
 *   <li>{@link kiseki.jobs.JobHandler} — the program-specific part, registered by kind in
 *       {@link kiseki.jobs.JobHandlers}: turns output lines into {@link kiseki.jobs.ProgressUpdate}s and, when a run
 *       has ended, returns a {@link kiseki.jobs.Completion}: DONE (with a result map), FAILED (reason), RETRY
 *       (with rewritten input files) or INCOMPLETE (the output stops early). {@link kiseki.jobs.CommandHandler}
 *       (kind {@code "command"}) serves plain commands: exit code 0 is DONE. An
 *       {@link kiseki.jobs.InProcessJobHandler} runs its jobs inside the application instead of as a process
 *       (MD, kind {@code "md"}); after a restart its interrupted jobs continue from the files they left.</li>
 *   <li>{@link kiseki.jobs.JobExecutor} — runs jobs: {@code submit}, {@code cancel}, {@code recover},
 *       {@code awaitAll}, {@code shutdown}, listeners ({@link kiseki.jobs.JobListener}: state changes and
 *       progress, called on executor threads — JavaFX code must hop to the FX thread). {@link
 *       kiseki.jobs.LocalExecutor} runs them on this computer in N parallel slots, with an optional MPI launcher,
 *       per-job timeouts, cancel that kills the whole process tree, and automatic retries; a cluster executor can
 *       implement the same interface.</li>
 * </ul>
 *
 * <h2>Typical use</h2>
 * <pre>{@code
 * JobHandlers handlers = JobHandlers.withDefaults().register(new MyPwScfHandler());
 * LocalExecutor executor = new LocalExecutor(handlers,
 *         LocalExecutor.Settings.defaults().withSlots(2).withMpiProcesses(4));
 * executor.addListener(new JobListener() {
 *     public void progress(JobStore store, Job job, ProgressUpdate p) {
 *         Platform.runLater(() -> row(job.id()).setProgress(p.fraction()));
 *     }
 * });
 * try (JobStore store = JobStore.open(project.dir().resolve("jobs/label-batch-1"))) {
 *     executor.recover(store);                         // picks up whatever a previous session left
 *     Job job = store.create(JobSpec.of("qe-scf", "pw.x", "-in", "pw.in").withMpi(true)
 *             .withParameters(Map.of("frame", 12)), Map.of("pw.in", input));
 *     CompletableFuture<Job> done = executor.submit(store, job.id());
 *     ...
 *     executor.awaitAll(Duration.ofHours(10));
 * }
 * executor.shutdown();
 * }</pre>
 *
 * <h2>Restart recovery</h2>
 * Programs write their output straight to files and are started through a {@code /bin/sh} wrapper that records
 * their exit code, so they keep running, and their outcome stays known, when the application dies. On the next
 * start, {@link kiseki.jobs.JobStore#open} and {@link kiseki.jobs.JobExecutor#recover} look at every RUNNING job:
 * <ul>
 *   <li>its process still runs (same pid <em>and</em> same start time, which rules out a reused pid) → it is
 *       adopted: watched until it ends (it occupies a slot), then judged by its handler with the recorded exit
 *       code;</li>
 *   <li>its process has ended → the handler judges the files: with the recorded exit code if the wrapper wrote one,
 *       otherwise with an unknown exit code; output that is complete makes it DONE, output cut short
 *       (INCOMPLETE) queues it again, the cut-short attempt's output kept as {@code stdout.attempt<N>.txt}.</li>
 * </ul>
 * QUEUED jobs are submitted; DONE, FAILED and CANCELLED jobs are left alone. {@link kiseki.jobs.JobExecutor#shutdown}
 * detaches in the same way without killing anything, so closing the application does not stop long calculations.
 * <p>
 * A job is saved as RUNNING just before its process starts; if the application dies before the pid is saved too,
 * recovery finds the process through the {@code pid.txt} the wrapper wrote as its first act (checking that it started
 * after the job was marked RUNNING), or, if there is none, knows that it never started.
 * <p>
 * Limits: a process whose start time the operating system does not report is never adopted (its job is judged from
 * its files instead). Without {@code /bin/sh} (Windows) there is no wrapper: exit codes of runs that ended while the
 * application was closed are unknown (handlers judge from the output alone), and a crash in the milliseconds between
 * starting a process and saving its pid leaves a process that recovery cannot find, so the job runs again.
 *
 * <h2>Retries and attempts</h2>
 * {@code attempt} counts process starts; {@code retries} counts those asked for by a handler's RETRY (limited by
 * {@link kiseki.jobs.LocalExecutor.Settings#maxRetries()}, default 1). Before every new attempt the previous one's
 * {@code stdout.txt}, {@code stderr.txt} and {@code exit-code.txt}, and any input file a RETRY replaces, are kept as
 * {@code <name>.attempt<N>.<ext>}.
 */
package kiseki.jobs;
