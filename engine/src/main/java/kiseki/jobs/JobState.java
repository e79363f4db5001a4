package kiseki.jobs;

import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life. Written to {@code job.json} in lower case ({@code "queued"}, {@code "running"}, …). */
public enum JobState {
    /** Waiting for a free slot (or for {@link JobExecutor#submit}/{@link JobExecutor#recover}). */
    QUEUED,
    /** A process was started for it (its pid is in {@code job.json}) and has not been collected yet. */
    RUNNING,
    /** Finished and its handler accepted the output; {@link Job#result()} holds the summary. */
    DONE,
    /** Finished without a usable result; {@link Job#failure()} says why. */
    FAILED,
    /** Stopped on request; its process tree was killed. */
    CANCELLED;

    /** DONE, FAILED and CANCELLED: nothing more happens to the job unless it is {@link JobStore#requeue requeued}. */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /** The name written to job.json. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobState> fromJsonName(String name) {
        for (JobState s : values()) {
            if (s.jsonName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
