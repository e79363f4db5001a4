package kiseki.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The local executor with real processes (shell scripts and sleep). */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the jobs are /bin/sh scripts")
class LocalExecutorTest {

    @TempDir
    Path tmp;

    private JobStore store;
    private final List<LocalExecutor> executors = new ArrayList<>();

    @BeforeEach
    void openStore() throws IOException {
        store = JobStore.open(tmp.resolve("jobs"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (LocalExecutor e : executors) {
            e.cancelAll();
            e.shutdown();
        }
        store.close();
    }

    private LocalExecutor executor(LocalExecutor.Settings settings, JobHandler... extra) {
        JobHandlers handlers = JobHandlers.withDefaults().register(new ScriptHandler());
        for (JobHandler h : extra) {
            handlers.register(h);
        }
        LocalExecutor e = new LocalExecutor(handlers, settings);
        executors.add(e);
        return e;
    }

    private static LocalExecutor.Settings settings(int slots) {
        return LocalExecutor.Settings.defaults().withSlots(slots).withKillGrace(Duration.ofSeconds(2));
    }

    private static Job await(CompletableFuture<Job> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void neverMoreJobsRunAtOnceThanThereAreSlots() throws Exception {
        LocalExecutor executor = executor(settings(2));
        Path times = tmp.resolve("times.log");
        List<CompletableFuture<Job>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Job job = store.create(JobSpec.of(CommandHandler.KIND, JobTesting.sh(
                    "echo \"$(date +%s%N) 1\" >> \"$1\"; sleep 0.3; echo \"$(date +%s%N) -1\" >> \"$1\"",
                    times.toString())), Map.of());
            futures.add(executor.submit(store, job.id()));
        }
        for (CompletableFuture<Job> f : futures) {
            assertEquals(JobState.DONE, await(f).state());
        }
        List<long[]> events = new ArrayList<>();
        for (String line : Files.readAllLines(times)) {
            String[] parts = line.split(" ");
            events.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        }
        assertEquals(10, events.size());
        // at equal times an end counts before a start
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int most = 0;
        for (long[] e : events) {
            running += (int) e[1];
            most = Math.max(most, running);
        }
        assertEquals(2, most, "two slots: two jobs at a time, and never three");
        assertTrue(executor.awaitAll(Duration.ofSeconds(1)));
    }

    @Test
    void progressIsParsedLiveFromPrintedLines() throws Exception {
        LocalExecutor executor = executor(settings(1));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Double> fractions = Collections.synchronizedList(new ArrayList<>());
        List<Instant> progressTimes = Collections.synchronizedList(new ArrayList<>());
        executor.addListener(new JobListener() {
            @Override
            public void stateChanged(JobStore s, Job job) {
                events.add(job.state().jsonName());
            }

            @Override
            public void progress(JobStore s, Job job, ProgressUpdate update) {
                events.add("progress " + update.text());
                fractions.add(update.fraction());
                progressTimes.add(Instant.now());
                assertEquals(JobState.RUNNING, job.state());
            }
        });
        Job job = store.create(JobSpec.of(ScriptHandler.KIND, JobTesting.sh(
                "for i in 1 2 3; do echo \"step $i of 4\"; echo noise; sleep 0.25; done; echo DONE;"
                        + " printf 'step 4 of 4'")), Map.of());
        CompletableFuture<Job> future = executor.submit(store, job.id());
        // the first step is seen while the script is still running
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.progress(store, job.id()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no live progress");
            Thread.sleep(10);
        }
        assertFalse(future.isDone(), "progress must arrive while the job runs");
        assertEquals("step 1 of 4", executor.progress(store, job.id()).get().text());
        Job done = await(future);
        assertEquals(JobState.DONE, done.state());
        assertEquals(List.of(0.25, 0.5, 0.75, 1.0), fractions);
        assertEquals(List.of("running", "progress step 1 of 4", "progress step 2 of 4", "progress step 3 of 4",
                "progress step 4 of 4", "done"), events);
        assertTrue(Duration.between(progressTimes.get(0), done.finished()).toMillis() > 300,
                "the first progress came long before the end");
        assertTrue(executor.progress(store, job.id()).isEmpty(), "progress is dropped once the job is final");
    }

    @Test
    void aJobRunningPastItsTimeoutIsKilledAndFails() throws Exception {
        LocalExecutor executor = executor(settings(1));
        Job job = store.create(JobSpec.of(CommandHandler.KIND, "sleep", "30")
                .withTimeout(Duration.ofMillis(300)), Map.of());
        long start = System.nanoTime();
        Job failed = await(executor.submit(store, job.id()));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(JobState.FAILED, failed.state());
        assertEquals("timed out after 0.3 s (the limit set for this job)", failed.failure());
        assertTrue(millis < 5000, "killed promptly, took " + millis + " ms");
        assertFalse(ProcessHandle.of(failed.pid()).map(ProcessTree::isRunning).orElse(false));
        assertEquals("failed", JobTesting.state(job.dir()));
    }

    @Test
    void cancelKillsTheWholeProcessTree() throws Exception {
        LocalExecutor executor = executor(settings(1));
        Job job = store.create(JobSpec.of(CommandHandler.KIND,
                JobTesting.sh("sleep 1000 & sleep 1000 & echo started; wait")), Map.of());
        CompletableFuture<Job> future = executor.submit(store, job.id());
        List<ProcessHandle> tree = waitForTree(job.id(), 4); // wrapper sh, script sh, two sleeps
        assertTrue(executor.cancel(store, job.id()));
        Job cancelled = await(future);
        assertEquals(JobState.CANCELLED, cancelled.state());
        assertEquals("cancelled by the user", cancelled.failure());
        for (ProcessHandle h : tree) {
            assertFalse(ProcessTree.isRunning(h), "process " + h.pid() + " " + h.info().command() + " survived");
        }
        assertFalse(executor.cancel(store, job.id()), "nothing left to cancel");
    }

    @Test
    void cancelEscalatesToAForcedKillWhenTerminationIsIgnored() throws Exception {
        LocalExecutor executor = executor(settings(1).withKillGrace(Duration.ofMillis(300)));
        // ignored signals stay ignored in children: both the shell and its sleep ignore SIGTERM
        Job job = store.create(JobSpec.of(CommandHandler.KIND,
                JobTesting.sh("trap '' TERM; sleep 1000 & wait")), Map.of());
        CompletableFuture<Job> future = executor.submit(store, job.id());
        List<ProcessHandle> tree = waitForTree(job.id(), 3);
        long start = System.nanoTime();
        executor.cancel(store, job.id());
        assertEquals(JobState.CANCELLED, await(future).state());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 250, "SIGTERM was tried first");
        for (ProcessHandle h : tree) {
            assertFalse(ProcessTree.isRunning(h), "process " + h.pid() + " survived");
        }
    }

    /** Waits until the job runs with at least {@code size} processes in its tree; returns them. */
    private List<ProcessHandle> waitForTree(String id, int size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Job job = store.get(id);
            if (job.state() == JobState.RUNNING && job.pid() != null) {
                ProcessHandle root = ProcessHandle.of(job.pid()).orElseThrow();
                List<ProcessHandle> tree = new ArrayList<>();
                tree.add(root);
                root.descendants().forEach(tree::add);
                if (tree.size() >= size) {
                    return tree;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not start its processes");
    }

    @Test
    void aQueuedJobIsCancelledAtOnce() throws Exception {
        LocalExecutor executor = executor(settings(1));
        Job blocker = store.create(JobSpec.of(CommandHandler.KIND, "sleep", "1000"), Map.of());
        Job waiting = store.create(JobSpec.of(CommandHandler.KIND, "true"), Map.of());
        CompletableFuture<Job> first = executor.submit(store, blocker.id());
        CompletableFuture<Job> second = executor.submit(store, waiting.id());
        assertTrue(executor.cancel(store, waiting.id()));
        Job cancelled = second.getNow(null);
        assertNotNull(cancelled, "completed by cancel itself");
        assertEquals(JobState.CANCELLED, cancelled.state());
        assertEquals(0, cancelled.attempt());
        assertEquals("cancelled before it started", cancelled.failure());
        executor.cancelAll();
        assertEquals(JobState.CANCELLED, await(first).state());
        assertTrue(executor.awaitAll(Duration.ofSeconds(5)));
    }

    /** Fails the first attempt and asks for a retry with a repaired input; accepts exit code 0. */
    private static final class RepairingHandler implements JobHandler {
        private final String replacement;

        RepairingHandler(String replacement) {
            this.replacement = replacement;
        }

        @Override
        public String kind() {
            return "repair";
        }

        @Override
        public Completion complete(Job job, Path workDir, OptionalInt exitCode) throws IOException {
            if (exitCode.orElse(-1) == 0) {
                return Completion.done(Map.of("input", Files.readString(workDir.resolve("input.txt"))));
            }
            return Completion.retry("the input was bad", Map.of("input.txt", replacement));
        }
    }

    @Test
    void aRetryRunsTheJobAgainWithTheRewrittenInputAndKeepsTheFirstAttempt() throws Exception {
        LocalExecutor executor = executor(settings(1), new RepairingHandler("good"));
        List<String> states = Collections.synchronizedList(new ArrayList<>());
        executor.addListener(new JobListener() {
            @Override
            public void stateChanged(JobStore s, Job job) {
                states.add(job.state().jsonName() + job.attempt());
            }
        });
        Job job = store.create(JobSpec.of("repair", JobTesting.sh("cat input.txt; grep -q good input.txt")),
                Map.of("input.txt", "bad"));
        Job done = await(executor.submit(store, job.id()));
        assertEquals(JobState.DONE, done.state());
        assertEquals(Map.of("input", "good"), done.result());
        assertEquals(2, done.attempt());
        assertEquals(1, done.retries());
        assertEquals(List.of("running1", "queued1", "running2", "done2"), states);
        assertEquals("bad", Files.readString(job.file("stdout.attempt1.txt")));
        assertEquals("1\n", Files.readString(job.file("exit-code.attempt1.txt")));
        assertEquals("bad", Files.readString(job.file("input.attempt1.txt")));
        assertEquals("good", Files.readString(job.stdout()));
        JsonNode json = JobTesting.jobJson(job.dir());
        assertEquals(2, json.get("attempt").asInt());
        assertEquals(1, json.get("retries").asInt());
    }

    @Test
    void retriesStopAtTheLimit() throws Exception {
        LocalExecutor executor = executor(settings(1), new RepairingHandler("still bad"));
        Job job = store.create(JobSpec.of("repair", JobTesting.sh("grep -q good input.txt")),
                Map.of("input.txt", "bad"));
        Job failed = await(executor.submit(store, job.id()));
        assertEquals(JobState.FAILED, failed.state());
        assertEquals("the input was bad (still failing after 2 attempts)", failed.failure());
        assertEquals(2, failed.attempt());
        assertEquals(1, failed.exitCode());
    }

    @Test
    void jobJsonRecordsTheRunOfADoneJob() throws Exception {
        LocalExecutor executor = executor(settings(1));
        Job job = store.create(JobSpec.of(ScriptHandler.KIND,
                JobTesting.sh("echo 42 > out.txt; echo DONE")), Map.of());
        Job done = await(executor.submit(store, job.id()));
        JsonNode json = JobTesting.jobJson(job.dir());
        assertEquals("done", json.get("state").asText());
        assertEquals(1, json.get("attempt").asInt());
        assertEquals(0, json.get("retries").asInt());
        assertEquals(0, json.get("exitCode").asInt());
        assertEquals(done.pid().longValue(), json.get("pid").asLong());
        assertEquals(done.processStart(), Instant.parse(json.get("processStart").asText()));
        Instant started = Instant.parse(json.get("started").asText());
        Instant finished = Instant.parse(json.get("finished").asText());
        assertFalse(finished.isBefore(started));
        assertEquals("42", json.get("result").get("out").asText());
        assertEquals(0, json.get("result").get("exitCode").asInt());
        assertTrue(json.get("failure").isNull());
        assertEquals("DONE\n", Files.readString(job.stdout()));
        assertEquals("0\n", Files.readString(job.file(Job.EXIT_CODE_FILE)));
    }

    @Test
    void aFailingCommandReportsItsExitCodeAndLastErrorLine() throws Exception {
        LocalExecutor executor = executor(settings(1));
        Job job = store.create(JobSpec.of(CommandHandler.KIND,
                JobTesting.sh("echo 'reading input' >&2; echo 'Error: no such file pw.in' >&2; exit 3")), Map.of());
        Job failed = await(executor.submit(store, job.id()));
        assertEquals(JobState.FAILED, failed.state());
        assertEquals("exited with code 3: Error: no such file pw.in", failed.failure());
        assertEquals(3, failed.exitCode());
    }

    @Test
    void aMissingProgramFailsWithAClearMessage() throws Exception {
        LocalExecutor executor = executor(settings(1));
        Job job = store.create(JobSpec.of(CommandHandler.KIND, "kiseki-no-such-program", "-in", "x"), Map.of());
        Job failed = await(executor.submit(store, job.id()));
        assertEquals(JobState.FAILED, failed.state());
        assertEquals("cannot start: the program 'kiseki-no-such-program' was not found on the PATH",
                failed.failure());
        assertEquals(0, failed.attempt());
    }

    @Test
    void environmentHasOneOpenMpThreadUnlessTheJobSaysOtherwise() throws Exception {
        LocalExecutor executor = executor(settings(2));
        JobSpec spec = JobSpec.of(ScriptHandler.KIND, JobTesting.sh("echo $OMP_NUM_THREADS > out.txt; echo DONE"));
        Job plain = store.create(spec, Map.of());
        Job four = store.create(spec.withEnvironment(Map.of("OMP_NUM_THREADS", "4")), Map.of());
        assertEquals("1", await(executor.submit(store, plain.id())).result().get("out"));
        assertEquals("4", await(executor.submit(store, four.id())).result().get("out"));
    }

    @Test
    void mpiJobsGoThroughTheConfiguredLauncher() throws Exception {
        Path launcher = tmp.resolve("fake-mpirun");
        // records its arguments, then runs the program after "-np K"
        Files.writeString(launcher, "#!/bin/sh\necho \"$@\" > launcher.txt\nshift 3\nexec \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalExecutor executor = executor(settings(1).withMpiProcesses(3)
                .withMpiLauncher(List.of(launcher.toString(), "--oversubscribe")));
        assertEquals(List.of(launcher.toString(), "--oversubscribe", "-np", "3", "echo", "x"),
                executor.commandLine(JobSpec.of("command", "echo", "x").withMpi(true)));
        assertEquals(List.of("echo", "x"), executor.commandLine(JobSpec.of("command", "echo", "x")));

        Job mpi = store.create(JobSpec.of(ScriptHandler.KIND,
                JobTesting.sh("echo mpi > out.txt; echo DONE")).withMpi(true), Map.of());
        Job plain = store.create(JobSpec.of(ScriptHandler.KIND,
                JobTesting.sh("echo plain > out.txt; echo DONE")), Map.of());
        assertEquals("mpi", await(executor.submit(store, mpi.id())).result().get("out"));
        assertEquals("--oversubscribe -np 3 /bin/sh -c echo mpi > out.txt; echo DONE sh\n",
                Files.readString(mpi.file("launcher.txt")));
        assertEquals("plain", await(executor.submit(store, plain.id())).result().get("out"));
        assertFalse(Files.exists(plain.file("launcher.txt")), "non-MPI jobs run without the launcher");
    }

    @Test
    void submittingTwiceGivesTheSameFutureAndOnlyQueuedJobsAreAccepted() throws Exception {
        LocalExecutor executor = executor(settings(1));
        Job job = store.create(JobSpec.of(CommandHandler.KIND, "sleep", "0.2"), Map.of());
        CompletableFuture<Job> a = executor.submit(store, job.id());
        assertTrue(a == executor.submit(store, job.id()));
        await(a);
        try {
            executor.submit(store, job.id());
            fail("a DONE job was accepted");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("is done"), expected.getMessage());
        }
        Job unknown = store.create(JobSpec.of("no-such-kind", "true"), Map.of());
        try {
            executor.submit(store, unknown.id());
            fail("a job without a handler was accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("no handler for job kind 'no-such-kind'"));
        }
    }

    @Test
    void durationsAreDescribedForPeople() {
        assertEquals("0.5 s", LocalExecutor.describe(Duration.ofMillis(500)));
        assertEquals("45 s", LocalExecutor.describe(Duration.ofSeconds(45)));
        assertEquals("12 min 5 s", LocalExecutor.describe(Duration.ofSeconds(725)));
        assertEquals("30 min", LocalExecutor.describe(Duration.ofMinutes(30)));
        assertEquals("2 h 30 min", LocalExecutor.describe(Duration.ofMinutes(150)));
        assertEquals("48 h", LocalExecutor.describe(Duration.ofHours(48)));
    }
}
