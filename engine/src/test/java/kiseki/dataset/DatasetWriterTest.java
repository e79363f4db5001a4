package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.ReadOptions;
import kiseki.structure.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Appending with provenance, repairing a torn tail, and reading provenance keys back. */
class DatasetWriterTest {

    @TempDir
    Path dir;

    private static List<Frame> read(Path file) throws IOException {
        return new ExtxyzFormat().readAll(file, ReadOptions.DEFAULT);
    }

    @Test
    void appendsKeepEarlierFramesAndProvenance() throws IOException {
        Path file = dir.resolve("sub/dataset.extxyz"); // folders are created
        RepairReport first = Dataset.append(file, TestFrames.labelled(0, 3));
        assertFalse(first.repaired());
        assertEquals(0, first.frames());
        byte[] before = Files.readAllBytes(file);

        RepairReport second = Dataset.append(file, TestFrames.labelled(3, 5));
        assertFalse(second.repaired());
        assertEquals(3, second.frames(), "the second open found the 3 frames of the first");
        byte[] after = Files.readAllBytes(file);
        assertArrayEquals(before, Arrays.copyOf(after, before.length), "earlier bytes untouched");

        List<Frame> frames = read(file);
        assertEquals(5, frames.size());
        for (int i = 0; i < 5; i++) {
            Frame f = frames.get(i);
            Frame expected = TestFrames.labelled(i);
            assertEquals(expected.energy(), f.energy(), 0.0, "energy is written exactly");
            assertArrayEquals(expected.forces(), f.forces(), 1e-10);
            assertArrayEquals(expected.stress(), f.stress(), 0.0);
            assertEquals("job-" + i, f.info().get("job_id"));
            assertEquals("6.7", f.info().get("qe_version"));
            assertEquals("sha256:ab12", f.info().get("settings_hash"));
            assertEquals("LGPS scan " + i, f.info().get("source"));
        }
    }

    @Test
    void writerCountsFramesAndRefusesASecondWriter() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 2));
        try (DatasetWriter w = DatasetWriter.open(file)) {
            assertEquals(2, w.frames());
            w.append(TestFrames.labelled(2));
            assertEquals(3, w.frames());
            assertEquals(1, w.framesWritten());
            IOException busy = assertThrows(IOException.class, () -> DatasetWriter.open(file));
            assertTrue(busy.getMessage().contains("already open for writing"), busy.getMessage());
            // readers are not blocked by the writer's lock
            assertEquals(Set.of("job-0", "job-1", "job-2"), Dataset.keys(file, "job_id"));
        }
        try (DatasetWriter again = DatasetWriter.open(file)) { // the lock is released on close
            assertEquals(3, again.frames());
        }
    }

    @Test
    void unlabelledFramesAreRefusedAndNothingIsWritten() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 2));
        byte[] before = Files.readAllBytes(file);

        Frame noForces = TestFrames.labelled(7).setForces(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.append(file, List.of(TestFrames.labelled(5), noForces)));
        assertTrue(e.getMessage().contains("frame 2 of 2 (job_id=job-7) has no forces"), e.getMessage());
        assertTrue(e.getMessage().contains("no frame was written"), e.getMessage());

        Frame noEnergy = TestFrames.labelled(8).setEnergy(null);
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.append(file, List.of(noEnergy)));
        assertTrue(e.getMessage().contains("(job_id=job-8) has no energy"), e.getMessage());

        Frame nanEnergy = TestFrames.labelled(9).setEnergy(Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.append(file, List.of(nanEnergy)));
        assertTrue(e.getMessage().contains("non-finite energy"), e.getMessage());

        Frame infForce = TestFrames.labelled(10);
        infForce.forces()[4] = Double.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.append(file, List.of(infForce)));
        assertTrue(e.getMessage().contains("non-finite force on atom 2 (y = Infinity)"), e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file));
    }

    /** Cuts the last frame at every byte: each repair removes exactly that frame, and appending works after. */
    @Test
    void tornTailIsCutBackToTheLastCompleteFrame() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 3));
        byte[] complete3 = Files.readAllBytes(file);
        Dataset.append(file, TestFrames.labelled(3));
        byte[] complete4 = Files.readAllBytes(file);
        int lastFrameLines = 2 + 3;
        int tested = 0;
        for (int cut = complete3.length + 1; cut < complete4.length; cut++) {
            Files.write(file, Arrays.copyOf(complete4, cut));
            RepairReport r = Dataset.repair(file);
            assertTrue(r.repaired(), "cut at " + cut);
            assertEquals(3, r.frames());
            assertEquals(4, r.removedFrame());
            assertEquals(3 * lastFrameLines + 1, r.removedLine());
            assertEquals(cut - complete3.length, r.removedBytes());
            assertEquals(complete3.length, r.keptBytes());
            assertTrue(r.message().contains("removed the incomplete last frame 4 (from line 16"), r.message());
            assertArrayEquals(complete3, Files.readAllBytes(file), "complete frames untouched, cut at " + cut);
            tested++;
        }
        assertTrue(tested > 300, "every byte of the last frame: " + tested);

        // a cut exactly at a line end leaves a structurally short frame: also removed
        String text = new String(complete4, StandardCharsets.UTF_8);
        int cutAtLine = text.lastIndexOf('\n', text.length() - 2) + 1; // drop the last atom line whole
        Files.write(file, Arrays.copyOf(complete4, cutAtLine));
        RepairReport r = Dataset.repair(file);
        assertTrue(r.message().contains("the file ends after 2 of 3 atom lines"), r.message());

        // appending after a repair gives a file that reads completely
        Dataset.append(file, TestFrames.labelled(3, 5));
        List<Frame> frames = read(file);
        assertEquals(5, frames.size());
        assertEquals(List.of("job-0", "job-1", "job-2", "job-3", "job-4"),
                frames.stream().map(f -> f.info().get("job_id")).toList());
    }

    @Test
    void openingForAppendRepairsFirst() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 2));
        long good = Files.size(file);
        Dataset.append(file, TestFrames.labelled(2));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(good + 60); // mid-way through the comment line of frame 3
        }
        RepairReport r = Dataset.append(file, TestFrames.labelled(2, 4));
        assertTrue(r.repaired());
        assertTrue(r.message().contains("its comment line has no line end"), r.message());
        assertEquals(List.of("job-0", "job-1", "job-2", "job-3"), List.copyOf(Dataset.keys(file, "job_id")));
        assertEquals(4, read(file).size());
    }

    @Test
    void aLastFrameThatDoesNotReadIsRemoved() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 3));
        String text = Files.readString(file);
        int lastStart = text.lastIndexOf("\n3\n") + 1;
        // the last frame is complete line by line, but a force got garbled
        String broken = text.substring(0, lastStart) + text.substring(lastStart).replaceFirst("(\\n(Li|S) +\\S+ +\\S+ +\\S+ +)\\S+",
                "$1-0.12x4");
        Files.writeString(file, broken);
        RepairReport r = Dataset.repair(file);
        assertTrue(r.repaired());
        assertEquals(2, r.frames());
        assertEquals(3, r.removedFrame());
        assertEquals(11, r.removedLine());
        assertTrue(r.message().contains("it does not read"), r.message());
        assertTrue(r.message().contains("d.extxyz:13:"), "the real line of the bad atom: " + r.message());
        assertTrue(r.message().contains("-0.12x4"), r.message());
        assertEquals(text.substring(0, lastStart), Files.readString(file));
    }

    @Test
    void aMissingFinalLineEndMeansATornFrame() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 2));
        String text = Files.readString(file);
        // all lines are there, but the last one has no line end: its last number may be cut short
        Files.writeString(file, text.substring(0, text.length() - 1));
        RepairReport r = Dataset.repair(file);
        assertEquals(1, r.frames());
        assertTrue(r.message().contains("atom line 3 of 3 has no line end"), r.message());
        assertEquals(1, read(file).size());
    }

    @Test
    void blankSpaceAtTheEnd() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 2));
        String text = Files.readString(file);
        Files.writeString(file, text + "\n\n");
        assertFalse(Dataset.repair(file).repaired(), "blank lines are harmless");
        Files.writeString(file, text + "  ");
        RepairReport r = Dataset.repair(file);
        assertEquals(2, r.removedBytes());
        assertEquals(0, r.removedFrame());
        assertTrue(r.message().contains("blank space"), r.message());
        assertEquals(text, Files.readString(file));
        assertEquals(2, r.frames());
    }

    @Test
    void damageInsideTheFileIsNotTruncated() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 4));
        String text = Files.readString(file);
        String[] damaged = {
            // the count line of frame 2 garbled
            text.replaceFirst("\n3\n", "\nthree\n"),
            // a huge count in frame 2 would swallow frames 3 and 4 as its "atoms"
            text.replaceFirst("\n3\n", "\n2147483647\n"),
            // a count too small makes an atom line look like the next count line
            text.replaceFirst("\n3\n", "\n2\n"),
        };
        for (String d : damaged) {
            Files.writeString(file, d);
            FormatException e = assertThrows(FormatException.class, () -> Dataset.repair(file));
            assertEquals(file.toString(), e.file());
            assertTrue(e.line() > 0, e.getMessage());
            assertTrue(e.getMessage().contains("the dataset was left unchanged"), e.getMessage());
            assertEquals(d, Files.readString(file), "nothing changed");
            assertThrows(FormatException.class, () -> Dataset.append(file, TestFrames.labelled(9, 10)));
            assertEquals(d, Files.readString(file), "nothing appended to a damaged file");
        }
    }

    @Test
    void repairOfAMissingFile() {
        assertThrows(NoSuchFileException.class, () -> Dataset.repair(dir.resolve("none.extxyz")));
    }

    @Test
    void provenanceKeysForIdempotentCollection() throws IOException {
        Path file = dir.resolve("d.extxyz");
        assertEquals(Set.of(), Dataset.keys(file, "job_id"), "no file yet: no keys");
        assertFalse(Dataset.containsKey(file, "job_id", "job-0"));

        Dataset.append(file, TestFrames.labelled(0, 4));
        Frame untagged = TestFrames.labelled(4);
        untagged.info().remove("job_id");
        Dataset.append(file, List.of(untagged));
        assertEquals(List.of("job-0", "job-1", "job-2", "job-3"), List.copyOf(Dataset.keys(file, "job_id")));
        assertTrue(Dataset.containsKey(file, "job_id", "job-2"));
        assertFalse(Dataset.containsKey(file, "job_id", "job-4"));
        assertTrue(Dataset.containsKey(file, "source", "LGPS scan 4"));
        assertEquals(Set.of("6.7"), Dataset.keys(file, "qe_version"));

        // a crash during the next append leaves a torn frame: its key does not count (repair will remove it)
        byte[] good = Files.readAllBytes(file);
        Dataset.append(file, TestFrames.labelled(5));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, good.length + (all.length - good.length) / 2));
        assertFalse(Dataset.containsKey(file, "job_id", "job-5"));
        assertEquals(4, Dataset.keys(file, "job_id").size());

        // a collector restarted after the crash: skip what is there, add the rest, no duplicates
        Set<String> have = Dataset.keys(file, "job_id");
        try (DatasetWriter w = DatasetWriter.open(file)) {
            assertTrue(w.repair().repaired());
            for (int i = 0; i < 8; i++) {
                if (!have.contains("job-" + i)) {
                    w.append(TestFrames.labelled(i));
                }
            }
        }
        List<String> ids = read(file).stream().map(f -> f.info().get("job_id")).toList();
        assertEquals(Arrays.asList("job-0", "job-1", "job-2", "job-3", null, "job-4", "job-5", "job-6", "job-7"), ids);
        assertEquals(ids.size(), new LinkedHashSet<>(ids).size(), "no duplicates");
    }

    @Test
    void keysStillReportDamageInsideTheFile() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 3));
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\n(Li +)\\S+", "\n$1abc"));
        FormatException e = assertThrows(FormatException.class, () -> Dataset.keys(file, "job_id"));
        assertEquals(3, e.line(), e.getMessage());
    }
}
