package kiseki.md;

import java.nio.file.Path;
import java.time.Duration;

import kiseki.jobs.JobHandlers;
import kiseki.jobs.JobStore;
import kiseki.jobs.LocalExecutor;

/**
 * Run in a separate JVM by {@link MdJobTest}, which kills it part-way (SIGKILL, as a crash): opens the job store
 * {@code args[0]} and runs its queued md jobs until they end.
 */
public final class MdJobCrashMain {

    private MdJobCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        JobStore store = JobStore.open(Path.of(args[0]));
        LocalExecutor executor = new LocalExecutor(new JobHandlers().register(new MdJobHandler()),
                LocalExecutor.Settings.defaults().withSlots(1));
        executor.recover(store);
        System.out.println("running");
        System.out.flush();
        executor.awaitAll(Duration.ofMinutes(5));
        System.out.println("all finished");
    }
}
