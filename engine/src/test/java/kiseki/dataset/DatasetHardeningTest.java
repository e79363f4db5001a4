package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Repair and the provenance scan on truncated and garbled datasets: each either succeeds or fails with a
 * {@link FormatException} naming the file and a line, within 5 s; a refused repair changes nothing, and a repair
 * only ever cuts off the end of the file.
 */
class DatasetHardeningTest {

    @TempDir
    Path dir;

    @Test
    void everyTruncationRepairsToCompleteFrames() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 5));
        byte[] valid = Files.readAllBytes(file);
        Random rng = new Random(7);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < valid.length; i++) {
            if (valid[i] == '\n') {
                cuts.add(i + 1); // at every line end
                cuts.add(i); // just before it
            }
        }
        for (int k = 0; k < 150; k++) {
            cuts.add(rng.nextInt(valid.length)); // and mid-line
        }
        for (int cut : cuts) {
            byte[] truncated = Arrays.copyOf(valid, cut);
            Files.write(file, truncated);
            RepairReport r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Dataset.repair(file));
            byte[] after = Files.readAllBytes(file);
            assertArrayEquals(Arrays.copyOf(truncated, after.length), after, "only the end is cut, at " + cut);
            int frames = new ExtxyzFormat().readAll(file, ReadOptions.DEFAULT).size();
            assertEquals(r.frames(), frames, "cut at " + cut + ": " + r.message());
            assertEquals(Dataset.keys(file, "job_id").size(), frames);
            // no complete frame was lost: the file holds every frame that ended before the cut
            int completeBeforeCut = 0;
            for (int i = 0, lines = 0; i < cut; i++) {
                if (valid[i] == '\n' && ++lines % 5 == 0) {
                    completeBeforeCut++;
                }
            }
            assertEquals(completeBeforeCut, frames, "cut at " + cut);
        }
    }

    @Test
    void garbledDatasetsFailCleanly() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 4));
        String valid = Files.readString(file);
        Random rng = new Random(20240611L);
        List<String> corpus = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            corpus.add(garble(valid, rng));
        }
        corpus.add(valid.replaceFirst("\n3\n", "\n2147483647\n"));
        corpus.add(valid.replaceFirst("^3\n", "-3\n"));
        corpus.add(valid.replace('\n', '\r'));
        corpus.add(valid.replace("\n", "\r\n"));
        corpus.add("");
        corpus.add("\n\n\n");
        int repaired = 0;
        int refused = 0;
        for (String text : corpus) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Files.write(file, bytes);
            Throwable scanError = null;
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Dataset.keys(file, "job_id"));
            } catch (Throwable t) {
                scanError = t;
            }
            if (scanError != null) {
                if (!(scanError instanceof FormatException e)) {
                    throw new AssertionError("unexpected " + scanError + " for:\n" + text, scanError);
                }
                checkMessage(file, e);
            }
            Files.write(file, bytes);
            RepairReport r = null;
            Throwable repairError = null;
            try {
                r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Dataset.repair(file));
            } catch (Throwable t) {
                repairError = t;
            }
            if (repairError == null) {
                byte[] after = Files.readAllBytes(file);
                assertArrayEquals(Arrays.copyOf(bytes, after.length), after, "a repair only cuts off the end");
                if (r.repaired()) {
                    repaired++;
                }
            } else if (repairError instanceof FormatException e) {
                checkMessage(file, e);
                assertArrayEquals(bytes, Files.readAllBytes(file), "a refused repair changes nothing");
                refused++;
            } else {
                throw new AssertionError("unexpected " + repairError + " for:\n" + text, repairError);
            }
        }
        assertTrue(repaired > 20 && refused > 20, "repaired " + repaired + ", refused " + refused);
    }

    private static void checkMessage(Path file, FormatException e) {
        assertTrue(e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
        assertTrue(e.line() > 0, e.getMessage());
    }

    private static String garble(String valid, Random rng) {
        List<String> lines = new ArrayList<>(Arrays.asList(valid.split("\n", -1)));
        int i = rng.nextInt(lines.size());
        switch (rng.nextInt(6)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, lines.get(i));
            case 2 -> {
                int j = rng.nextInt(lines.size());
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            }
            case 3 -> lines.set(i, new String[] {"NaN", "Infinity", "2147483647", "x", "", "Li"}[rng.nextInt(6)]);
            case 4 -> {
                StringBuilder sb = new StringBuilder(lines.get(i));
                if (!sb.isEmpty()) {
                    sb.setCharAt(rng.nextInt(sb.length()), "0x= \"{-".charAt(rng.nextInt(7)));
                }
                lines.set(i, sb.toString());
            }
            default -> {
                String joined = String.join("\n", lines);
                return joined.substring(0, rng.nextInt(joined.length()));
            }
        }
        return String.join("\n", lines);
    }
}
