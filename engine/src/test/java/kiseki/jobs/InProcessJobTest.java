package kiseki.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs whose handler runs them inside the application ({@link InProcessJobHandler}): no process is started, and
 * each way a run can end (done, failed, exception, time limit, cancel, shutdown and recovery) gives the right state.
 */
class InProcessJobTest {

    @TempDir
    Path tmp;

    /**
     * Counts to {@code parameters.count} in steps of 10 ms, reporting progress each step and keeping the count in
     * {@code count.txt}, so that a run stopped early continues from there. Parameter {@code fail}: "throw" or
     * "incomplete" to misbehave.
     */
    static final class Counter implements InProcessJobHandler {
        @Override
        public String kind() {
            return "count";
        }

        @Override
        public Completion run(Job job, Path workDir, Context context) throws IOException {
            Object fail = job.parameters().get("fail");
            if ("throw".equals(fail)) {
                throw new IllegalStateException("broken on purpose");
            }
            if ("incomplete".equals(fail)) {
                return Completion.incomplete("gave up without being asked to stop");
            }
            int target = ((Number) job.parameters().get("count")).intValue();
            Path file = workDir.resolve("count.txt");
            int n = Files.exists(file) ? Integer.parseInt(Files.readString(file).strip()) : 0;
            while (n < target) {
                if (context.stopFlag().get()) {
                    return Completion.incomplete("stopped at " + n);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Completion.incomplete("interrupted at " + n);
                }
                n++;
                Files.writeString(file, Integer.toString(n));
                context.progress(ProgressUpdate.of((double) n / target, "counted to " + n));
            }
            return Completion.done(Map.of("count", n, "thread", Thread.currentThread().getName()));
        }

        @Override
        public Completion complete(Job job, Path workDir, OptionalInt exitCode) throws IOException {
            return Completion.incomplete("interrupted");
        }
    }

    private static LocalExecutor executor() {
        return new LocalExecutor(new JobHandlers().register(new Counter()),
                LocalExecutor.Settings.defaults().withSlots(1));
    }

    private static JobSpec spec(Map<String, Object> parameters) {
        return JobSpec.of("count", "counter (in-process)").withParameters(parameters);
    }

    @Test
    void runsOnTheWorkerThreadWithoutAProcess() throws Exception {
        try (JobStore store = JobStore.open(tmp.resolve("s"))) {
            Job job = store.create(spec(Map.of("count", 5)), Map.of());
            LocalExecutor executor = executor();
            Job done = executor.submit(store, job.id()).get(30, TimeUnit.SECONDS);
            executor.shutdown();
            assertEquals(JobState.DONE, done.state());
            assertEquals(5, ((Number) done.result().get("count")).intValue());
            assertTrue(((String) done.result().get("thread")).startsWith("kiseki-jobs-"), done.result().toString());
            assertEquals(null, done.pid());
            assertFalse(Files.exists(done.stdout()), "no process, no standard output file");
        }
    }

    @Test
    void exceptionsAndUnaskedIncompleteRunsFail() throws Exception {
        try (JobStore store = JobStore.open(tmp.resolve("s"))) {
            Job thrower = store.create(spec(Map.of("fail", "throw")), Map.of());
            Job quitter = store.create(spec(Map.of("fail", "incomplete")), Map.of());
            LocalExecutor executor = executor();
            Job a = executor.submit(store, thrower.id()).get(30, TimeUnit.SECONDS);
            Job b = executor.submit(store, quitter.id()).get(30, TimeUnit.SECONDS);
            executor.shutdown();
            assertEquals(JobState.FAILED, a.state());
            assertTrue(a.failure().contains("broken on purpose"), a.failure());
            assertEquals(JobState.FAILED, b.state());
            assertEquals("gave up without being asked to stop", b.failure());
        }
    }

    @Test
    void timeLimitAndCancelStopTheRun() throws Exception {
        try (JobStore store = JobStore.open(tmp.resolve("s"))) {
            Job slow = store.create(spec(Map.of("count", 100_000)).withTimeout(Duration.ofMillis(300)), Map.of());
            Job cancelled = store.create(spec(Map.of("count", 100_000)), Map.of());
            LocalExecutor executor = executor();
            Job timedOut = executor.submit(store, slow.id()).get(30, TimeUnit.SECONDS);
            assertEquals(JobState.FAILED, timedOut.state());
            assertEquals("timed out after 0.3 s (the limit set for this job)", timedOut.failure());
            var future = executor.submit(store, cancelled.id());
            while (executor.progress(store, cancelled.id()).isEmpty()) {
                Thread.sleep(5);
            }
            assertTrue(executor.progress(store, cancelled.id()).get().text().startsWith("counted to "));
            assertTrue(executor.cancel(store, cancelled.id()));
            assertEquals(JobState.CANCELLED, future.get(30, TimeUnit.SECONDS).state());
            executor.shutdown();
        }
    }

    @Test
    void shutdownLeavesTheJobRunningAndRecoveryContinuesIt() throws Exception {
        Path dir = tmp.resolve("s");
        String id;
        try (JobStore store = JobStore.open(dir)) {
            id = store.create(spec(Map.of("count", 40)), Map.of()).id();
            LocalExecutor executor = executor();
            executor.submit(store, id);
            while (!Files.exists(store.get(id).file("count.txt"))) {
                Thread.sleep(5);
            }
            executor.shutdown();
            assertEquals(JobState.RUNNING, store.get(id).state());
        }
        int reached = Integer.parseInt(Files.readString(dir.resolve(id).resolve("count.txt")).strip());
        assertTrue(reached > 0 && reached < 40, "stopped part-way, at " + reached);
        try (JobStore store = JobStore.open(dir)) {
            LocalExecutor executor = executor();
            Recovery recovery = executor.recover(store);
            assertEquals(List.of(id), recovery.collected());
            Job done = recovery.futures().get(id).get(30, TimeUnit.SECONDS);
            executor.shutdown();
            assertEquals(JobState.DONE, done.state());
            assertEquals(40, ((Number) done.result().get("count")).intValue());
            assertEquals(2, done.attempt());
        }
    }
}
