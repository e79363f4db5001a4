package kiseki.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link JobExecutor#recover} found in a store and set in motion. Ids in creation order.
 *
 * @param adopted   RUNNING jobs whose process is still running: they are watched to their end, not started again
 * @param collected RUNNING jobs whose process has ended while nobody watched: their handler judges the output (DONE,
 *                  FAILED, or queued again when the run was cut short)
 * @param queued    QUEUED jobs, submitted to run
 * @param unhandled jobs left untouched because no handler is registered for their kind
 * @param futures   for every adopted, collected and queued job: completes with its final snapshot
 */
public record Recovery(List<String> adopted, List<String> collected, List<String> queued, List<String> unhandled,
        Map<String, CompletableFuture<Job>> futures) {

    public Recovery {
        adopted = List.copyOf(adopted);
        collected = List.copyOf(collected);
        queued = List.copyOf(queued);
        unhandled = List.copyOf(unhandled);
        futures = Map.copyOf(futures);
    }
}
