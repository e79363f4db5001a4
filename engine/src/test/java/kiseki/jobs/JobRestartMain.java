package kiseki.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Run in a separate JVM by {@link JobRecoveryTest}, which kills it part-way: creates a store in {@code args[0]} with
 * one job per sleep time in {@code args[2]} (comma-separated seconds), each logging its runs to {@code args[1]}, and
 * runs them in two slots.
 */
public final class JobRestartMain {

    private JobRestartMain() {
    }

    public static void main(String[] args) throws Exception {
        Path runsLog = Path.of(args[1]);
        JobStore store = JobStore.open(Path.of(args[0]));
        String[] sleeps = args[2].split(",");
        for (int i = 0; i < sleeps.length; i++) {
            store.create(JobSpec.of(ScriptHandler.KIND, JobTesting.loggedSleep("job" + (i + 1), runsLog,
                    Double.parseDouble(sleeps[i]))), Map.of());
        }
        LocalExecutor executor = new LocalExecutor(new JobHandlers().register(new ScriptHandler()),
                LocalExecutor.Settings.defaults().withSlots(2));
        for (Job job : store.jobs()) {
            executor.submit(store, job.id());
        }
        System.out.println("submitted");
        System.out.flush();
        executor.awaitAll(Duration.ofMinutes(1));
        System.out.println("all finished");
    }
}
