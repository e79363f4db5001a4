package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Collectors killed (SIGKILL) while appending, then restarted: every frame a collector reported as written is
 * still there, and after all restarts the dataset holds job-0 … job-N exactly once each, in order.
 */
class DatasetKillTest {

    @TempDir
    Path tmp;

    @Test
    void restartedCollectorsLoseNothingAndDuplicateNothing() throws Exception {
        Path file = tmp.resolve("collected.extxyz");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Set<String> reported = new LinkedHashSet<>();
        int repairs = 0;
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), DatasetCollectLoop.class.getName(), file.toString())
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            try {
                String first = assertTimeoutPreemptively(Duration.ofSeconds(20), out::readLine);
                assertTrue(first != null && first.startsWith("collecting"), "child did not start: " + first);
                if (first.contains("repaired")) {
                    repairs++;
                }
                // keep reading while the child runs: killing it closes our end of the pipe
                Thread reader = new Thread(() -> {
                    try {
                        for (String l; (l = out.readLine()) != null; ) {
                            lines.add(l);
                        }
                    } catch (IOException closed) {
                        // the kill closed the stream; lines still in the pipe are simply not counted
                    }
                });
                reader.start();
                Thread.sleep(400);
                assertTrue(child.isAlive(), "child stopped by itself: " + lines);
                IOException busy = assertThrows(IOException.class, () -> DatasetWriter.open(file),
                        "a second writer in another process is refused");
                assertTrue(busy.getMessage().contains("already open for writing"), busy.getMessage());
                child.destroyForcibly();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
                reader.join(10_000);
            } finally {
                child.destroyForcibly();
            }
            List<String> copy;
            synchronized (lines) {
                copy = new ArrayList<>(lines);
            }
            for (String l : copy) {
                if (l.startsWith("appended ")) {
                    reported.add(l.substring("appended ".length()));
                }
            }
            Set<String> present = Dataset.keys(file, "job_id");
            assertTrue(present.containsAll(reported), "round " + round + ": a reported frame is missing");
        }
        Dataset.repair(file);
        List<String> ids = new ExtxyzFormat().readAll(file, ReadOptions.DEFAULT).stream()
                .map(f -> f.info().get("job_id")).toList();
        assertTrue(ids.size() >= reported.size() && reported.size() > 3, "frames: " + ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("job-" + i, ids.get(i), "each job exactly once, in order");
        }
        System.out.println("DatasetKillTest: " + ids.size() + " frames collected by 3 killed collectors; "
                + repairs + " restarts found a torn frame to repair");
    }
}
