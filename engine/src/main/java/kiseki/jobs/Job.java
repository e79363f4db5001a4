package kiseki.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one job as stored in {@code <store>/<id>/job.json}. Immutable: a state change produces a new
 * snapshot, which {@link JobStore#update} saves. Listeners and handlers always receive snapshots.
 *
 * @param id           unique within its store, e.g. {@code job-0007}
 * @param dir          the job's working folder, {@code <store>/<id>} (absolute)
 * @param spec         what to run
 * @param state        where the job is
 * @param attempt      how many times a process was started for it (0 while it has never run)
 * @param retries      how many of those starts were automatic retries asked for by the handler
 * @param created      when the job was created
 * @param started      when the current (or last) attempt started, or null
 * @param finished     when it reached its final state, or null
 * @param pid          the operating-system process id of the current (or last) attempt, or null (never started, or
 *                     RUNNING for the moment while its process is being started)
 * @param processStart that process's start time as the operating system reports it (guards against a reused pid),
 *                     or null
 * @param exitCode     the exit code of the last attempt when known, or null
 * @param failure      why it FAILED or was CANCELLED, or null
 * @param result       the handler's summary of a DONE job (JSON values), empty otherwise
 */
public record Job(String id, Path dir, JobSpec spec, JobState state, int attempt, int retries, Instant created,
        Instant started, Instant finished, Long pid, Instant processStart, Integer exitCode, String failure,
        Map<String, Object> result) {

    /** The job description file in each job folder. */
    public static final String JOB_FILE = "job.json";
    /** Standard output of the current attempt (earlier attempts: {@code stdout.attempt1.txt}, …). */
    public static final String STDOUT_FILE = "stdout.txt";
    /** Standard error of the current attempt. */
    public static final String STDERR_FILE = "stderr.txt";
    /**
     * Written by the launch wrapper when the program ends: its exit code, so that it is known even when the
     * application was not running at that moment (not on Windows, where there is no {@code /bin/sh}).
     */
    public static final String EXIT_CODE_FILE = "exit-code.txt";
    /**
     * Written by the launch wrapper as its first act: its pid, so that a process started in the moment before its
     * pid reached job.json can still be found after a crash (not on Windows).
     */
    public static final String PID_FILE = "pid.txt";

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        if (attempt < 0 || retries < 0 || retries > attempt) {
            throw new IllegalArgumentException("bad attempt/retry counts " + attempt + "/" + retries);
        }
        result = result == null ? Map.of() : JobJson.freezeObject(result, "result");
    }

    public String kind() {
        return spec.kind();
    }

    public Map<String, Object> parameters() {
        return spec.parameters();
    }

    /** A file in the job folder. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    public Path stdout() {
        return dir.resolve(STDOUT_FILE);
    }

    public Path stderr() {
        return dir.resolve(STDERR_FILE);
    }

    /**
     * The name a file of attempt {@code attempt} is moved to before the next attempt: {@code stdout.txt} →
     * {@code stdout.attempt1.txt}, {@code pw.in} → {@code pw.attempt1.in}, {@code CONTROL} →
     * {@code CONTROL.attempt1}.
     */
    public static String attemptFileName(String name, int attempt) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        String tag = ".attempt" + attempt;
        if (dot <= slash + 1) {
            return name + tag;
        }
        return name.substring(0, dot) + tag + name.substring(dot);
    }

    // ----------------------------------------------------------------------------- transitions (used by executors)

    /**
     * This job about to start its next attempt: RUNNING, but without a process yet. Saved before the process is
     * started, so that a crash in between leaves a job that recovery checks for a process rather than a QUEUED job
     * that would be started a second time.
     */
    public Job launching(Instant now, boolean isRetry) {
        return new Job(id, dir, spec, JobState.RUNNING, attempt + 1, retries + (isRetry ? 1 : 0), created, now, null,
                null, null, null, null, Map.of());
    }

    /** This RUNNING job with the process of its current attempt. */
    public Job withProcess(long newPid, Instant newProcessStart) {
        if (state != JobState.RUNNING) {
            throw new IllegalStateException("job " + id + " is " + state.jsonName() + ", not running");
        }
        return new Job(id, dir, spec, state, attempt, retries, created, started, finished, newPid, newProcessStart,
                exitCode, failure, result);
    }

    /** {@link #launching} and {@link #withProcess} in one step. */
    public Job running(long newPid, Instant newProcessStart, Instant now, boolean isRetry) {
        return launching(now, isRetry).withProcess(newPid, newProcessStart);
    }

    /** This job waiting to run again (after an interruption, a handler RETRY, or a user's request). */
    public Job queued() {
        return new Job(id, dir, spec, JobState.QUEUED, attempt, retries, created, started, null, pid, processStart,
                null, null, Map.of());
    }

    public Job done(Map<String, Object> newResult, Integer newExitCode, Instant now) {
        return new Job(id, dir, spec, JobState.DONE, attempt, retries, created, started, now, pid, processStart,
                newExitCode, null, newResult);
    }

    public Job failed(String reason, Integer newExitCode, Instant now) {
        return new Job(id, dir, spec, JobState.FAILED, attempt, retries, created, started, now, pid, processStart,
                newExitCode, Objects.requireNonNull(reason, "reason"), Map.of());
    }

    public Job cancelled(String reason, Instant now) {
        return new Job(id, dir, spec, JobState.CANCELLED, attempt, retries, created, started, now, pid, processStart,
                null, reason, Map.of());
    }

    /** This job with its retry count reset (a user asked to run a FAILED or CANCELLED job again). */
    Job withRetriesReset() {
        return new Job(id, dir, spec, state, attempt, 0, created, started, finished, pid, processStart, exitCode,
                failure, result);
    }
}
