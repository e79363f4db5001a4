package kiseki.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobStoreTest {

    @TempDir
    Path tmp;

    @Test
    void createWritesInputsAndJobJsonWithReadableSequentialIds() throws IOException {
        try (JobStore store = JobStore.open(tmp.resolve("jobs/batch-1"))) {
            JobSpec spec = JobSpec.of("qe-scf", "pw.x", "-in", "pw.in")
                    .withMpi(true)
                    .withTimeout(Duration.ofMinutes(30))
                    .withEnvironment(Map.of("ESPRESSO_TMPDIR", "tmp"))
                    .withParameters(Map.of("frame", 12, "dataset", "dataset-1a2b3c4d", "ecut", 40.5));
            Job first = store.create(spec, Map.of("pw.in", "&control\n/\n", "pseudo/Si.UPF", "x"));
            Job second = store.create(JobSpec.of("command", "true"), null);

            assertEquals("job-0001", first.id());
            assertEquals("job-0002", second.id());
            assertEquals(store.dir().resolve("job-0001"), first.dir());
            assertEquals("&control\n/\n", Files.readString(first.file("pw.in")));
            assertEquals("x", Files.readString(first.dir().resolve("pseudo/Si.UPF")));
            assertEquals(JobState.QUEUED, first.state());
            assertEquals(0, first.attempt());

            JsonNode json = JobTesting.jobJson(first.dir());
            assertEquals(1, json.get("schemaVersion").asInt());
            assertEquals("job-0001", json.get("id").asText());
            assertEquals("qe-scf", json.get("kind").asText());
            assertEquals("queued", json.get("state").asText());
            assertEquals(List.of("pw.x", "-in", "pw.in"),
                    List.of(json.get("command").get(0).asText(), json.get("command").get(1).asText(),
                            json.get("command").get(2).asText()));
            assertTrue(json.get("mpi").asBoolean());
            assertEquals("PT30M", json.get("timeout").asText());
            assertEquals("tmp", json.get("environment").get("ESPRESSO_TMPDIR").asText());
            assertEquals(12, json.get("parameters").get("frame").asInt());
            assertEquals(40.5, json.get("parameters").get("ecut").asDouble());
            assertEquals(0, json.get("attempt").asInt());
            assertTrue(json.get("pid").isNull());
            assertTrue(json.get("exitCode").isNull());
            assertTrue(json.get("result").isEmpty());
            Instant.parse(json.get("created").asText());
        }
    }

    @Test
    void reopenedStoreHoldsTheSameJobsAndContinuesNumbering() throws IOException {
        Path dir = tmp.resolve("store");
        Job done;
        try (JobStore store = JobStore.open(dir)) {
            store.create(JobSpec.of("command", "true"), Map.of());
            Job job = store.create(JobSpec.of("command", "echo", "hi").withParameters(
                    Map.of("list", List.of(1, 2.5, "x"), "nested", Map.of("a", true))), Map.of());
            Instant now = Instant.parse("2026-01-01T10:00:00Z");
            job = store.update(job.running(4242, now, now, false));
            done = store.update(job.done(Map.of("energy", -123.456, "converged", true), 0,
                    now.plusSeconds(5)));
        }
        try (JobStore store = JobStore.open(dir)) {
            assertEquals(List.of("job-0001", "job-0002"), store.jobs().stream().map(Job::id).toList());
            Job reread = store.get("job-0002");
            assertEquals(done, reread);
            assertEquals(-123.456, reread.result().get("energy"));
            assertEquals(4242L, reread.pid());
            assertEquals(1, reread.attempt());
            assertEquals("job-0003", store.create(JobSpec.of("command", "true"), Map.of()).id());
        }
    }

    @Test
    void aSecondOpenOfTheSameFolderIsRefusedUntilClosed() throws IOException {
        Path dir = tmp.resolve("locked");
        JobStore store = JobStore.open(dir);
        IOException e = assertThrows(IOException.class, () -> JobStore.open(dir));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
        store.close();
        assertFalse(store.isOpen());
        assertThrows(IllegalStateException.class, () -> store.create(JobSpec.of("command", "true"), Map.of()));
        JobStore.open(dir).close();
    }

    @Test
    void inputNamesMustStayInsideTheJobFolderAndAvoidReservedNames() throws IOException {
        try (JobStore store = JobStore.open(tmp.resolve("s"))) {
            JobSpec spec = JobSpec.of("command", "true");
            for (String bad : List.of("../x", "/etc/passwd", "a//b", "./a", "stdout.txt", "job.json", "", "a\\b")) {
                assertThrows(IllegalArgumentException.class, () -> store.create(spec, Map.of(bad, "x")), bad);
            }
            assertTrue(store.jobs().isEmpty(), "refused inputs create no job");
        }
    }

    @Test
    void malformedJobJsonIsReportedWithItsFileAndLine() throws IOException {
        Path dir = tmp.resolve("bad");
        try (JobStore store = JobStore.open(dir)) {
            store.create(JobSpec.of("command", "true"), Map.of());
        }
        Path file = dir.resolve("job-0001/job.json");
        Files.writeString(file, "{\n  \"schemaVersion\": 1,\n  \"id\": \"job-0001\",\n  \"state\": \"runing\"\n,,}");
        IOException e = assertThrows(IOException.class, () -> JobStore.open(dir));
        assertTrue(e.getMessage().startsWith(file + ":5:"), e.getMessage());

        Files.writeString(file, Files.readString(file).replace(",,}", "}"));
        e = assertThrows(IOException.class, () -> JobStore.open(dir));
        assertTrue(e.getMessage().contains("required field \"command\"")
                || e.getMessage().contains("unknown job state 'runing'"), e.getMessage());
        // the lock of the failed open was released
        Files.delete(file);
        JobStore.open(dir).close();
    }

    @Test
    void anInterruptedCreationLeavesNoJobButKeepsItsNumberUsed() throws IOException {
        Path dir = tmp.resolve("crash");
        Files.createDirectories(dir.resolve("job-0001"));
        Files.writeString(dir.resolve("job-0001/pw.in"), "half");
        Files.writeString(dir.resolve("job-0001/.job.json.12345.tmp"), "{ half");
        try (JobStore store = JobStore.open(dir)) {
            assertTrue(store.jobs().isEmpty());
            assertFalse(Files.exists(dir.resolve("job-0001/.job.json.12345.tmp")), "temporary removed");
            assertEquals("job-0002", store.create(JobSpec.of("command", "true"), Map.of()).id());
        }
    }

    @Test
    void requeueMovesTheOutputAsideAndOnlyAcceptsFailedOrCancelledJobs() throws IOException {
        try (JobStore store = JobStore.open(tmp.resolve("rq"))) {
            Job job = store.create(JobSpec.of("command", "true"), Map.of());
            assertThrows(IllegalStateException.class, () -> store.requeue(job.id()));
            Instant now = Instant.now();
            Job failed = store.update(job.running(1, now, now, false).failed("broken", 2, now));
            Files.writeString(failed.stdout(), "old output");
            Job again = store.requeue(job.id());
            assertEquals(JobState.QUEUED, again.state());
            assertEquals(null, again.failure());
            assertEquals("old output", Files.readString(job.file("stdout.attempt1.txt")));
            assertFalse(Files.exists(job.stdout()));
        }
    }

    @Test
    void attemptFileNamesKeepTheExtension() {
        assertEquals("stdout.attempt1.txt", Job.attemptFileName("stdout.txt", 1));
        assertEquals("pw.attempt2.in", Job.attemptFileName("pw.in", 2));
        assertEquals("CONTROL.attempt1", Job.attemptFileName("CONTROL", 1));
        assertEquals(".hidden.attempt1", Job.attemptFileName(".hidden", 1));
        assertEquals("sub.d/INCAR.attempt3", Job.attemptFileName("sub.d/INCAR", 3));
    }

    @Test
    void specsRejectWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> JobSpec.of("Qe SCF", "pw.x"));
        assertThrows(IllegalArgumentException.class, () -> JobSpec.of("qe-scf"));
        assertThrows(IllegalArgumentException.class,
                () -> JobSpec.of("qe-scf", "pw.x").withParameters(Map.of("e", Double.NaN)));
        assertThrows(IllegalArgumentException.class,
                () -> JobSpec.of("qe-scf", "pw.x").withParameters(Map.of("p", Path.of("x"))));
        assertThrows(IllegalArgumentException.class, () -> JobSpec.of("qe-scf", "pw.x").withTimeout(Duration.ZERO));
        assertEquals(Integer.valueOf(5), JobSpec.of("k", "x").withParameters(Map.of("n", 5L)).parameters()
                .get("n"), "numbers are normalised as they read back from job.json");
    }
}
