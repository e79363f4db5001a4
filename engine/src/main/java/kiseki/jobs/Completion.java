package kiseki.jobs;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link JobHandler} decides once a job's process has ended (or, after a restart, from the files it left).
 *
 * @param outcome       see {@link Outcome}
 * @param result        for DONE: the summary stored in {@link Job#result()} (JSON values only); empty otherwise
 * @param reason        for FAILED, RETRY and INCOMPLETE: a sentence for the user; empty for DONE
 * @param replacedFiles for RETRY: input files to overwrite before the next attempt (name relative to the job folder
 *                      → new content); the previous versions are kept as {@code <name>.attempt<N>.<ext>}
 */
public record Completion(Outcome outcome, Map<String, Object> result, String reason,
        Map<String, String> replacedFiles) {

    /** The four possible decisions. */
    public enum Outcome {
        /** The output is complete and good: the job becomes DONE with {@link #result()}. */
        DONE,
        /** The program failed and running it again unchanged would not help: the job becomes FAILED. */
        FAILED,
        /**
         * The program failed in a way a changed input may fix (e.g. SCF not converged → smaller mixing beta): the
         * executor moves the attempt's output aside, writes {@link #replacedFiles()}, and runs the job again, up to
         * its retry limit; after that the job becomes FAILED with {@link #reason()}.
         */
        RETRY,
        /**
         * The output stops before the program finished. With an unknown exit code (the run was interrupted, e.g. the
         * application was killed) the job is queued again and rerun unchanged; with a known exit code the program
         * stopped by itself and the job becomes FAILED.
         */
        INCOMPLETE
    }

    public Completion {
        Objects.requireNonNull(outcome, "outcome");
        result = result == null ? Map.of() : JobJson.freezeObject(result, "result");
        reason = reason == null ? "" : reason;
        replacedFiles = replacedFiles == null ? Map.of() : Map.copyOf(replacedFiles);
        if (outcome != Outcome.DONE && reason.isBlank()) {
            throw new IllegalArgumentException(outcome + " needs a reason for the user");
        }
        if (outcome != Outcome.RETRY && !replacedFiles.isEmpty()) {
            throw new IllegalArgumentException("only RETRY may replace input files");
        }
        for (String name : replacedFiles.keySet()) {
            JobStore.checkInputName(name);
        }
    }

    public static Completion done(Map<String, Object> result) {
        return new Completion(Outcome.DONE, result, "", Map.of());
    }

    public static Completion failed(String reason) {
        return new Completion(Outcome.FAILED, Map.of(), reason, Map.of());
    }

    public static Completion retry(String reason, Map<String, String> replacedFiles) {
        return new Completion(Outcome.RETRY, Map.of(), reason, replacedFiles);
    }

    public static Completion incomplete(String reason) {
        return new Completion(Outcome.INCOMPLETE, Map.of(), reason, Map.of());
    }
}
