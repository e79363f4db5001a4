package kiseki.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restart recovery: after the application is killed, reopening the store collects finished jobs, adopts running
 * ones and re-queues interrupted ones; nothing that finished runs again and no job is lost.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the jobs are /bin/sh scripts")
class JobRecoveryTest {

    @TempDir
    Path tmp;

    private static LocalExecutor executor(int slots) {
        return new LocalExecutor(new JobHandlers().register(new ScriptHandler()),
                LocalExecutor.Settings.defaults().withSlots(slots).withKillGrace(Duration.ofSeconds(2)));
    }

    /** Starts {@link JobRestartMain} in a new JVM and returns it once job-0001 is DONE on disk. */
    private Process startAndWaitForFirstJob(Path storeDir, Path runsLog, String sleeps) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), JobRestartMain.class.getName(),
                storeDir.toString(), runsLog.toString(), sleeps)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child-output.txt").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"done".equals(JobTesting.state(storeDir.resolve("job-0001")))) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("the child JVM did not finish its first job: "
                        + Files.readString(tmp.resolve("child-output.txt")));
            }
            Thread.sleep(10);
        }
        return child;
    }

    @Test
    void killingTheApplicationAndItsRunsLosesNothingAndRepeatsNothingFinished() throws Exception {
        Path storeDir = tmp.resolve("jobs");
        Path runsLog = tmp.resolve("runs.log");
        Process child = startAndWaitForFirstJob(storeDir, runsLog, "0.3,1.5,1.0,0.3");

        // Kill the JVM and then every process of its jobs, as when a whole session dies. (Killing its descendants
        // first would let it start another job in between.)
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        List<ProcessHandle> orphans = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(runsLog.toString()))
                        .orElse(false))
                .forEach(h -> {
                    orphans.add(h);
                    h.descendants().forEach(orphans::add);
                });
        orphans.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (orphans.stream().anyMatch(ProcessTree::isRunning)) {
            assertTrue(System.nanoTime() < killDeadline, "orphans survived SIGKILL");
            Thread.sleep(10); // (an orphan under an init that does not reap stays a zombie: isRunning sees through)
        }
        Map<String, String> before = new java.util.TreeMap<>();
        for (int i = 1; i <= 4; i++) {
            String id = String.format("job-%04d", i);
            before.put(id, JobTesting.state(storeDir.resolve(id)));
        }
        assertEquals("done", before.get("job-0001"));
        assertEquals("running", before.get("job-0002"), "job 2 (1.5 s) was running when the application died");

        LocalExecutor executor = executor(2);
        try (JobStore store = JobStore.open(storeDir)) {
            Recovery recovery = executor.recover(store);
            assertEquals(List.of(), recovery.adopted(), "every process was killed");
            assertTrue(recovery.collected().contains("job-0002"), recovery.toString());
            assertFalse(recovery.collected().contains("job-0001"), "DONE jobs are left alone");
            assertFalse(recovery.queued().contains("job-0001"));
            assertEquals(3, recovery.futures().size(), "jobs 2, 3 and 4 are taken up: " + recovery);
            assertTrue(executor.awaitAll(Duration.ofSeconds(20)));

            for (Job job : store.jobs()) {
                String n = "job" + job.id().substring(job.id().length() - 1);
                assertEquals(JobState.DONE, job.state(), job.id() + ": " + job.failure());
                assertEquals("result-" + n, job.result().get("out"), job.id());
                long starts = JobTesting.count(runsLog, "start " + n);
                long ends = JobTesting.count(runsLog, "end " + n);
                assertEquals(1, ends, job.id() + " finished exactly once");
                if (before.get(job.id()).equals("done")) {
                    assertEquals(1, starts, job.id() + " was done before the kill and must not run again");
                } else if (job.id().equals("job-0002")) {
                    // surely under way at the kill (1.5 s of sleep): cut short, and run again in full
                    assertEquals(2, starts, job.id() + " was interrupted and ran again");
                    assertEquals(2, job.attempt());
                    assertEquals(0, job.retries(), "an interruption is not a retry");
                    assertTrue(Files.readString(job.file("stdout.attempt1.txt")).isEmpty(), "interrupted output kept");
                } else {
                    // may have been killed anywhere from before its start to its sleep
                    assertTrue(starts <= 2, job.id() + " ran " + starts + " times");
                }
            }
            assertEquals(4, store.jobs().size());
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void aJobWhoseProcessOutlivedTheApplicationIsAdoptedNotStartedAgain() throws Exception {
        Path storeDir = tmp.resolve("jobs");
        Path runsLog = tmp.resolve("runs.log");
        Process child = startAndWaitForFirstJob(storeDir, runsLog, "0.2,2.0,2.0,0.2");
        // only the JVM dies: its job processes carry on as orphans
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));

        LocalExecutor executor = executor(2);
        try (JobStore store = JobStore.open(storeDir)) {
            Recovery recovery = executor.recover(store);
            assertTrue(recovery.adopted().contains("job-0002"), recovery.toString());
            Job adopted = store.get("job-0002");
            assertTrue(ProcessHandle.of(adopted.pid()).map(ProcessTree::isRunning).orElse(false),
                    "job 2's process still runs");
            assertTrue(executor.awaitAll(Duration.ofSeconds(20)));
            for (Job job : store.jobs()) {
                String n = "job" + job.id().substring(job.id().length() - 1);
                assertEquals(JobState.DONE, job.state(), job.id() + ": " + job.failure());
                assertEquals("result-" + n, job.result().get("out"));
                assertEquals(1, JobTesting.count(runsLog, "start " + n), job.id() + " started exactly once");
                if (recovery.adopted().contains(job.id())) {
                    assertEquals(1, job.attempt(), job.id());
                } else {
                    // a job killed between being marked RUNNING and its process starting counts that attempt
                    assertTrue(job.attempt() <= 2, job.id() + " attempts: " + job.attempt());
                }
            }
            Job done = store.get("job-0002");
            assertEquals(adopted.pid(), done.pid(), "the same process");
            assertEquals(0, done.exitCode(), "exit code recorded by the launch wrapper");
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void shutdownLeavesProcessesRunningForTheNextSessionToAdopt() throws Exception {
        Path storeDir = tmp.resolve("jobs");
        Path runsLog = tmp.resolve("runs.log");
        LocalExecutor first = executor(1);
        JobStore store = JobStore.open(storeDir);
        Job running = store.create(JobSpec.of(ScriptHandler.KIND, JobTesting.loggedSleep("job1", runsLog, 1.0)),
                Map.of());
        Job waiting = store.create(JobSpec.of(ScriptHandler.KIND, JobTesting.loggedSleep("job2", runsLog, 0.1)),
                Map.of());
        CompletableFuture<Job> a = first.submit(store, running.id());
        CompletableFuture<Job> b = first.submit(store, waiting.id());
        while (store.get(running.id()).state() != JobState.RUNNING) {
            Thread.sleep(10);
        }
        first.shutdown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("picked up again by recover()"));
        assertThrows(ExecutionException.class, () -> b.get(5, TimeUnit.SECONDS));
        assertEquals(JobState.RUNNING, store.get(running.id()).state());
        assertEquals(JobState.QUEUED, store.get(waiting.id()).state());
        store.close();

        LocalExecutor second = executor(1);
        try (JobStore reopened = JobStore.open(storeDir)) {
            Recovery recovery = second.recover(reopened);
            assertEquals(List.of("job-0001"), recovery.adopted());
            assertEquals(List.of("job-0002"), recovery.queued());
            assertEquals(JobState.DONE, recovery.futures().get("job-0001").get(10, TimeUnit.SECONDS).state());
            assertEquals(JobState.DONE, recovery.futures().get("job-0002").get(10, TimeUnit.SECONDS).state());
            assertEquals(1, JobTesting.count(runsLog, "start job1"));
            assertEquals(1, JobTesting.count(runsLog, "start job2"));
        } finally {
            second.shutdown();
        }
    }

    /** The pid and start time of a process that has ended: recovery must judge its job from the files. */
    private static Job asIfStartedBy(JobStore store, Job job) throws Exception {
        Process ended = new ProcessBuilder("sleep", "0.1").start();
        ProcessHandle h = ended.toHandle();
        Instant start = h.info().startInstant().orElseThrow();
        ended.waitFor();
        return store.update(job.running(h.pid(), start, start, false));
    }

    @Test
    void aRunThatFinishedWhileNobodyWatchedIsCollectedNotRunAgain() throws Exception {
        Path runsLog = tmp.resolve("runs.log");
        LocalExecutor executor = executor(1);
        try (JobStore store = JobStore.open(tmp.resolve("jobs"))) {
            Job job = store.create(JobSpec.of(ScriptHandler.KIND, JobTesting.loggedSleep("job1", runsLog, 0.1)),
                    Map.of());
            asIfStartedBy(store, job);
            Files.writeString(job.stdout(), "DONE\n");
            Files.writeString(job.file("out.txt"), "result-job1\n");
            Files.writeString(job.file(Job.EXIT_CODE_FILE), "0\n");

            Recovery recovery = executor.recover(store);
            assertEquals(List.of("job-0001"), recovery.collected());
            Job done = recovery.futures().get("job-0001").get(10, TimeUnit.SECONDS);
            assertEquals(JobState.DONE, done.state());
            assertEquals("result-job1", done.result().get("out"));
            assertEquals(0, done.exitCode());
            assertEquals(1, done.attempt());
            assertEquals(0, JobTesting.count(runsLog, "start job1"), "collected, not run again");
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void anInterruptedRunIsQueuedAgainWithItsOutputKept() throws Exception {
        Path runsLog = tmp.resolve("runs.log");
        LocalExecutor executor = executor(1);
        try (JobStore store = JobStore.open(tmp.resolve("jobs"))) {
            Job job = store.create(JobSpec.of(ScriptHandler.KIND, JobTesting.loggedSleep("job1", runsLog, 0.1)),
                    Map.of());
            asIfStartedBy(store, job);
            Files.writeString(job.stdout(), "half way\n");

            Recovery recovery = executor.recover(store);
            assertEquals(List.of("job-0001"), recovery.collected());
            Job done = recovery.futures().get("job-0001").get(10, TimeUnit.SECONDS);
            assertEquals(JobState.DONE, done.state());
            assertEquals(2, done.attempt());
            assertEquals("half way\n", Files.readString(job.file("stdout.attempt1.txt")));
            assertEquals(1, JobTesting.count(runsLog, "start job1"));
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void aReusedPidIsNotMistakenForTheJobsProcess() throws Exception {
        Path runsLog = tmp.resolve("runs.log");
        LocalExecutor executor = executor(1);
        try (JobStore store = JobStore.open(tmp.resolve("jobs"))) {
            Job job = store.create(JobSpec.of(ScriptHandler.KIND, JobTesting.loggedSleep("job1", runsLog, 0.1)),
                    Map.of());
            // the pid now belongs to this test JVM, which started long after the recorded start time
            ProcessHandle self = ProcessHandle.current();
            Instant recorded = self.info().startInstant().orElseThrow().minus(Duration.ofHours(1));
            store.update(job.running(self.pid(), recorded, recorded, false));
            Job unhandled = store.create(JobSpec.of("other-kind", "true"), Map.of());

            Recovery recovery = executor.recover(store);
            assertEquals(List.of(), recovery.adopted());
            assertEquals(List.of("job-0001"), recovery.collected());
            assertEquals(List.of(unhandled.id()), recovery.unhandled());
            assertEquals(JobState.DONE, recovery.futures().get("job-0001").get(10, TimeUnit.SECONDS).state());
            assertEquals(JobState.QUEUED, store.get(unhandled.id()).state(), "left untouched");
            assertTrue(self.isAlive());
        } finally {
            executor.shutdown();
        }
    }
}
