package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.jobs.Completion;
import kiseki.jobs.Job;
import kiseki.jobs.JobHandlers;
import kiseki.jobs.JobListener;
import kiseki.jobs.JobState;
import kiseki.jobs.JobStore;
import kiseki.jobs.LocalExecutor;
import kiseki.jobs.ProgressUpdate;
import kiseki.jobs.Recovery;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;

/**
 * MD runs as jobs: an uninterrupted run is the reference; a run stopped by closing the application and one killed
 * (SIGKILL of a child JVM) are recovered, continue from their restart files, and end with the reference's outputs:
 * every step once, the final state bit for bit.
 */
class MdJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 4000;

    @TempDir
    static Path shared;
    private static Path reference;

    @TempDir
    Path tmp;

    /** 108 argon atoms, Langevin at 120 K (random numbers in the restart), thermo every 50, frames every 100. */
    static MdSettings settings() {
        return new MdSettings("0.0104,3.40,8.5", null, "nvt", "langevin", 200, 120, 2.0, STEPS, 50, 100,
                TrajectoryFormat.EXTXYZ, 500, 9, 1);
    }

    static LocalExecutor executor(MdJobHandler handler) {
        return new LocalExecutor(new JobHandlers().register(handler), LocalExecutor.Settings.defaults().withSlots(1));
    }

    @BeforeAll
    static void runReference() throws Exception {
        Path store = shared.resolve("reference");
        try (JobStore jobs = JobStore.open(store)) {
            Job job = MdJobHandler.create(jobs, settings(), MdTest.argon(3), new MdJobHandler.Sources("reference",
                    null, null, null, null));
            LocalExecutor executor = executor(new MdJobHandler());
            Job done = executor.submit(jobs, job.id()).get(2, TimeUnit.MINUTES);
            executor.shutdown();
            assertEquals(JobState.DONE, done.state(), done.failure());
            assertEquals(1, done.attempt());
            reference = done.dir();
        }
    }

    @Test
    void referenceRunWroteEveryRecordOnce() throws IOException {
        List<Long> steps = thermoSteps(reference.resolve(MdJobHandler.THERMO));
        assertEquals(STEPS / 50 + 1, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(50L * i, steps.get(i));
        }
        List<Frame> frames = new ExtxyzFormat().readAll(reference.resolve("trajectory.extxyz"), ReadOptions.DEFAULT);
        assertEquals(STEPS / 100 + 1, frames.size());
        assertEquals(Integer.toString(STEPS), frames.get(frames.size() - 1).info().get("step"));
        assertEquals(STEPS, JSON.readTree(reference.resolve(MdJobHandler.RESTART).toFile()).get("step").asLong());
        Map<String, Object> params = parameters(reference);
        assertEquals("langevin", params.get("thermostat"));
        assertEquals("reference", params.get(MdJobHandler.NAME));
    }

    @Test
    void anObserverSeesEveryThermoRecordOfTheRun() throws Exception {
        List<MdRun.ThermoRecord> seen = new ArrayList<>();
        try (JobStore store = JobStore.open(tmp.resolve("observed"))) {
            MdSettings short200 = new MdSettings("0.0104,3.40,8.5", null, "nvt", "bussi", 200, 90, 2.0, 200, 50, 100,
                    TrajectoryFormat.EXTXYZ, 500, 3, 1);
            Job job = MdJobHandler.create(store, short200, MdTest.argon(2), new MdJobHandler.Sources("observed",
                    null, null, null, null));
            LocalExecutor executor = executor(new MdJobHandler(null, (r, done, total) -> seen.add(r)));
            Job done = executor.submit(store, job.id()).get(2, TimeUnit.MINUTES);
            executor.shutdown();
            assertEquals(JobState.DONE, done.state(), done.failure());
            assertEquals(thermoSteps(done.dir().resolve(MdJobHandler.THERMO)),
                    seen.stream().map(MdRun.ThermoRecord::step).toList(), "records at steps 0, 50, …, 200");
        }
    }

    @Test
    void closingTheApplicationMidRunThenRecoveringContinuesTheRun() throws Exception {
        Path storeDir = tmp.resolve("closed");
        String id;
        try (JobStore store = JobStore.open(storeDir)) {
            id = newJob(store);
            LocalExecutor executor = executor(new MdJobHandler());
            CountDownLatch underWay = new CountDownLatch(1);
            executor.addListener(new JobListener() {
                @Override
                public void progress(JobStore s, Job job, ProgressUpdate update) {
                    if (update.fraction() >= 0.3) {
                        underWay.countDown();
                    }
                }
            });
            executor.submit(store, id);
            assertTrue(underWay.await(2, TimeUnit.MINUTES), "the run did not get under way");
            executor.shutdown(); // the application closes: the run stops, the job stays RUNNING
            Job left = store.get(id);
            assertEquals(JobState.RUNNING, left.state());
            long stoppedAt = JSON.readTree(left.file(MdJobHandler.RESTART).toFile()).get("step").asLong();
            assertTrue(stoppedAt >= 0.3 * STEPS && stoppedAt < STEPS, "stopped at step " + stoppedAt);
        }
        Job done = recover(storeDir, id);
        assertEquals(2, done.attempt(), "one start, one continuation");
        Path dir = done.dir();
        assertFinalStateIsTheReference(dir);
        // every reference record once, in order; closing adds the record of the step where the run stopped
        List<String> rows = Files.readAllLines(dir.resolve(MdJobHandler.THERMO));
        List<String> expected = Files.readAllLines(reference.resolve(MdJobHandler.THERMO));
        List<Long> steps = thermoSteps(dir.resolve(MdJobHandler.THERMO));
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i) > steps.get(i - 1), "steps in order, none twice: " + steps);
        }
        assertTrue(rows.containsAll(expected), "all reference rows are there, unchanged");
        assertTrue(rows.size() - expected.size() <= 1, (rows.size() - expected.size()) + " extra rows");
        Map<String, Frame> frames = byStep(dir.resolve("trajectory.extxyz"));
        Map<String, Frame> expectedFrames = byStep(reference.resolve("trajectory.extxyz"));
        assertTrue(frames.keySet().containsAll(expectedFrames.keySet()));
        for (Map.Entry<String, Frame> e : expectedFrames.entrySet()) {
            assertArrayEquals(e.getValue().structure().positions(), frames.get(e.getKey()).structure().positions(),
                    0, "frame of step " + e.getKey());
        }
    }

    @Test
    void killedApplicationContinuesFromItsLastRestartPoint() throws Exception {
        Path storeDir = tmp.resolve("killed");
        String id;
        try (JobStore store = JobStore.open(storeDir)) {
            id = newJob(store);
        }
        Path dir = storeDir.resolve(id);
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MdJobCrashMain.class.getName(), storeDir.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try {
            // past the restart point of step 1000 and a few thermo records beyond
            while (lastThermoStep(dir.resolve(MdJobHandler.THERMO)) < 1150) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline,
                        "the child JVM stopped early: " + Files.readString(tmp.resolve("child.txt")));
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        try (JobStore store = JobStore.open(storeDir)) {
            assertEquals(JobState.RUNNING, store.get(id).state(), "killed mid-run");
        }
        long restartStep = JSON.readTree(dir.resolve(MdJobHandler.RESTART).toFile()).get("step").asLong();
        long written = lastThermoStep(dir.resolve(MdJobHandler.THERMO));
        assertTrue(restartStep < STEPS, "the kill came before the end (restart at " + restartStep + ")");
        System.out.printf("killed with thermo written to step %d, restart at step %d%n", written, restartStep);

        Job done = recover(storeDir, id);
        assertEquals(2, done.attempt());
        assertFinalStateIsTheReference(dir);
        // cut back to the restart point and continued: the outputs are exactly those of the uninterrupted run
        assertEquals(Files.readString(reference.resolve(MdJobHandler.THERMO)),
                Files.readString(dir.resolve(MdJobHandler.THERMO)));
        assertArrayEquals(Files.readAllBytes(reference.resolve("trajectory.extxyz")),
                Files.readAllBytes(dir.resolve("trajectory.extxyz")), "trajectory byte for byte");
    }

    @Test
    void cancelStopsTheRunWithARestartFile() throws Exception {
        try (JobStore store = JobStore.open(tmp.resolve("cancel"))) {
            String id = newJob(store);
            LocalExecutor executor = executor(new MdJobHandler());
            List<ProgressUpdate> updates = new ArrayList<>();
            executor.addListener(new JobListener() {
                @Override
                public void progress(JobStore s, Job job, ProgressUpdate update) {
                    synchronized (updates) {
                        updates.add(update);
                    }
                    if (update.fraction() >= 0.1) {
                        executor.cancel(s, job.id());
                    }
                }
            });
            Job end = executor.submit(store, id).get(2, TimeUnit.MINUTES);
            executor.shutdown();
            assertEquals(JobState.CANCELLED, end.state());
            long at = JSON.readTree(end.file(MdJobHandler.RESTART).toFile()).get("step").asLong();
            assertTrue(at >= 0.1 * STEPS && at < STEPS, "stopped at " + at);
            assertEquals(at, lastThermoStep(end.file(MdJobHandler.THERMO)), "a last record where it stopped");
            synchronized (updates) {
                ProgressUpdate first = updates.get(0);
                assertEquals(0, first.fraction(), 0);
                assertTrue(first.text().startsWith("step 0 of 4000: 0.000 ps, T 120.00 K, E_pot "), first.text());
                ProgressUpdate second = updates.get(1);
                assertEquals(50.0 / STEPS, second.fraction(), 1e-12);
            }
        }
    }

    @Test
    void finishedRunBecomesAnMdRunArtefactMadeFromItsStructure() throws Exception {
        Project project = Project.create(tmp.resolve("project"), "argon");
        Path start = tmp.resolve("argon.extxyz");
        new ExtxyzFormat().write(start, List.of(new Frame(MdTest.argon(2))), kiseki.io.WriteOptions.DEFAULT);
        Artefact structure = project.addFile(ArtefactKind.STRUCTURE, start, "fcc argon", Map.of(), List.of());
        MdSettings short300 = new MdSettings("0.0104,3.40,8.5", null, "nve", "nhc", 100, 60, 2.0, 300, 100, 100,
                TrajectoryFormat.LAMMPS_DUMP, 100, 3, 1);
        MdJobHandler handler = new MdJobHandler(project);
        try (JobStore store = JobStore.open(MdJobHandler.storeFolder(project))) {
            Job job = MdJobHandler.create(store, short300, MdTest.argon(2), new MdJobHandler.Sources(null,
                    "argon.extxyz", structure.id(), null, null));
            LocalExecutor executor = executor(handler);
            Job done = executor.submit(store, job.id()).get(2, TimeUnit.MINUTES);
            executor.shutdown();
            assertEquals(JobState.DONE, done.state(), done.failure());
            String id = (String) done.result().get("artefact");
            assertNotNull(id, done.result().toString());
            Artefact run = project.artefact(id).orElseThrow();
            assertEquals(ArtefactKind.MD_RUN, run.kind());
            assertEquals("md-runs/" + job.id(), run.path());
            assertEquals("MD Ar32 at 60 K", run.name());
            assertEquals(List.of(structure.id()), run.parents());
            assertEquals(List.of(structure), project.lineage(id));
            assertEquals("nve", run.parameter("ensemble"));
            assertEquals(job.id(), run.parameter("job"));
            assertEquals("trajectory.lammpstrj", done.result().get("trajectory"));
            assertEquals(300L, ((Number) done.result().get("steps")).longValue());
            assertTrue(done.result().get("temperature_K") instanceof Number, done.result().toString());
            assertTrue(Files.isRegularFile(done.file("trajectory.lammpstrj")));

            // judged again (as after a crash between the end of the run and saving the job): same artefact, once
            Completion again = handler.complete(done, done.dir(), OptionalInt.empty());
            assertEquals(Completion.Outcome.DONE, again.outcome());
            assertEquals(id, again.result().get("artefact"));
            assertEquals(1, project.artefacts(ArtefactKind.MD_RUN).size());
        }
        // the registration was saved
        assertEquals(1, Project.open(project.dir()).artefacts(ArtefactKind.MD_RUN).size());
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** A new job with {@link #settings()} on 108 argon atoms; returns its id. */
    private static String newJob(JobStore store) throws IOException {
        return MdJobHandler.create(store, settings(), MdTest.argon(3), new MdJobHandler.Sources(null, null, null,
                null, null)).id();
    }

    private static Job recover(Path storeDir, String id) throws Exception {
        try (JobStore store = JobStore.open(storeDir)) {
            LocalExecutor executor = executor(new MdJobHandler());
            Recovery recovery = executor.recover(store);
            assertEquals(List.of(id), recovery.collected(), "the interrupted job is judged from its files");
            Job done = recovery.futures().get(id).get(2, TimeUnit.MINUTES);
            executor.shutdown();
            assertEquals(JobState.DONE, done.state(), done.failure());
            return done;
        }
    }

    private static void assertFinalStateIsTheReference(Path dir) throws IOException {
        // the restart file holds the whole state: positions, velocities, thermostat and random-number state
        assertEquals(JSON.readTree(reference.resolve(MdJobHandler.RESTART).toFile()),
                JSON.readTree(dir.resolve(MdJobHandler.RESTART).toFile()), "final state bit for bit");
    }

    private static List<Long> thermoSteps(Path csv) throws IOException {
        List<Long> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(MdRun.CSV_HEADER, lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            steps.add(Long.parseLong(line.substring(0, line.indexOf(','))));
        }
        return steps;
    }

    private static long lastThermoStep(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return -1;
        }
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        for (int i = lines.length - 1; i >= 1; i--) {
            int comma = lines[i].indexOf(',');
            if (comma > 0 && (i < lines.length - 1 || text.endsWith("\n"))) {
                try {
                    return Long.parseLong(lines[i].substring(0, comma));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static Map<String, Frame> byStep(Path file) throws IOException {
        Map<String, Frame> map = new HashMap<>();
        for (Frame f : new ExtxyzFormat().readAll(file, ReadOptions.DEFAULT)) {
            assertTrue(map.put(f.info().get("step"), f) == null, "step " + f.info().get("step") + " twice");
        }
        return map;
    }

    /** The job parameters as job.json holds them (read without the store, which is closed). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(Path jobDir) throws IOException {
        return (Map<String, Object>) JSON.readValue(jobDir.resolve(Job.JOB_FILE).toFile(), Map.class)
                .get("parameters");
    }
}
