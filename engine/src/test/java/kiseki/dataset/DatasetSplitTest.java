package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.ReadOptions;
import kiseki.structure.Frame;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetSplitTest {

    @TempDir
    Path dir;

    @Test
    void sameInputsGiveTheSameSplit() {
        DatasetSplit.Split a = DatasetSplit.split(590, 0.1, 1);
        DatasetSplit.Split b = DatasetSplit.split(590, 0.1, 1);
        assertEquals(a, b);
        assertArrayEquals(a.valid(), b.valid());
        assertEquals(59, a.validCount());
        assertEquals(531, a.trainCount());
        assertNotEquals(a, DatasetSplit.split(590, 0.1, 2), "another seed, another split");
        assertPartition(590, a);
    }

    /**
     * Splits pinned to values from an independent implementation of the documented algorithm (a Python script with
     * SplitMix64: gamma 0x9e3779b97f4a7c15, mix constants 0xbf58476d1ce4e5b9 and 0x94d049bb133111eb). A change to the
     * algorithm, or to SplittableRandom's output in a new JDK, would silently change every user's validation set, so
     * it must fail here instead.
     */
    @Test
    void splitIsStableAcrossVersions() {
        assertArrayEquals(new int[] {6, 7, 17, 18}, DatasetSplit.split(20, 0.2, 1).valid());
        assertArrayEquals(new int[] {0, 7, 8}, DatasetSplit.split(10, 0.3, 12345).valid());
        int[] lgps = DatasetSplit.split(590, 0.1, 1).valid();
        assertArrayEquals(new int[] {21, 25, 31, 51, 61}, Arrays.copyOf(lgps, 5));
        assertEquals(574, lgps[58]);
    }

    @Test
    void sizes() {
        assertEquals(59, DatasetSplit.validCount(590, 0.1));
        assertEquals(1, DatasetSplit.validCount(2, 0.01), "at least one when the fraction is above 0");
        assertEquals(3, DatasetSplit.validCount(4, 0.9), "at least one frame stays for training");
        assertEquals(0, DatasetSplit.validCount(1, 0.5), "a single frame goes to training");
        assertEquals(0, DatasetSplit.validCount(100, 0.0));
        assertEquals(3, DatasetSplit.validCount(5, 0.5), "round half up: 2.5 -> 3");
        assertEquals(0, DatasetSplit.split(0, 0.1, 1).trainCount());
        DatasetSplit.Split none = DatasetSplit.split(7, 0, 9);
        assertArrayEquals(IntStream.range(0, 7).toArray(), none.train());
        for (int n = 0; n < 60; n++) {
            for (double f : new double[] {0, 0.05, 0.1, 0.25, 0.5, 0.99}) {
                DatasetSplit.Split s = DatasetSplit.split(n, f, n * 31L + 7);
                assertEquals(DatasetSplit.validCount(n, f), s.validCount());
                assertPartition(n, s);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.split(10, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.split(10, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.split(10, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.split(-1, 0.1, 1));
    }

    /** Every frame in exactly one set; both sorted. */
    private static void assertPartition(int n, DatasetSplit.Split s) {
        int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.valid())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
        assertArrayEquals(Arrays.stream(s.train()).sorted().toArray(), s.train());
        assertArrayEquals(Arrays.stream(s.valid()).sorted().toArray(), s.valid());
    }

    /** Each index is equally likely to be drawn for validation (no modulo bias, no position bias). */
    @Test
    void selectionIsUniform() {
        int n = 10;
        int[] hits = new int[n];
        int trials = 20_000;
        for (int seed = 0; seed < trials; seed++) {
            for (int v : DatasetSplit.split(n, 0.2, seed).valid()) {
                hits[v]++;
            }
        }
        double expected = trials * 2.0 / n;
        for (int h : hits) {
            assertEquals(expected, h, 5 * Math.sqrt(expected), Arrays.toString(hits));
        }
    }

    @Test
    void lgpsFilesAreWrittenByteForByte() throws IOException {
        Path source = SharedData.require("data/lgps/lgps_init_590.extxyz");
        Path train = dir.resolve("train.extxyz");
        Path valid = dir.resolve("out/valid.extxyz");
        DatasetSplit.Split split = DatasetSplit.write(source, 0.1, 1, train, valid);
        assertEquals(DatasetSplit.split(590, 0.1, 1), split);

        List<Frame> all = new ExtxyzFormat().readAll(source, ReadOptions.DEFAULT);
        List<Frame> t = new ExtxyzFormat().readAll(train, ReadOptions.DEFAULT);
        List<Frame> v = new ExtxyzFormat().readAll(valid, ReadOptions.DEFAULT);
        assertEquals(531, t.size());
        assertEquals(59, v.size());
        for (int i = 0; i < 59; i++) {
            Frame expected = all.get(split.valid()[i]);
            assertEquals(expected.energy(), v.get(i).energy(), 0.0);
            assertArrayEquals(expected.forces(), v.get(i).forces(), 0.0);
        }
        assertEquals(all.get(split.train()[530]).energy(), t.get(530).energy(), 0.0);

        // the frames' text is copied exactly: the lines of both files are the source's lines, regrouped
        List<String> lines = Files.readAllLines(source);
        List<String> expected = new ArrayList<>();
        for (int index : split.valid()) {
            expected.addAll(lines.subList(52 * index, 52 * index + 52));
        }
        assertEquals(expected, Files.readAllLines(valid));
        assertEquals(Files.size(source), Files.size(train) + Files.size(valid));
    }

    @Test
    void writeRefusesBadRequests() throws IOException {
        Path source = dir.resolve("d.extxyz");
        Dataset.append(source, TestFrames.labelled(0, 5));
        Path train = dir.resolve("t.extxyz");
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.write(source, 0.2, 1, source, train));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.write(source, 0.2, 1, train, train));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.write(source, 1.5, 1, train,
                dir.resolve("v.extxyz")));

        // a damaged source writes nothing
        Files.writeString(source, Files.readString(source).replaceFirst("\n(Li +)\\S+", "\n$1abc"));
        FormatException e = assertThrows(FormatException.class,
                () -> DatasetSplit.write(source, 0.2, 1, train, dir.resolve("v.extxyz")));
        assertEquals(3, e.line());
        assertFalse(Files.exists(train));

        Path empty = dir.resolve("empty.extxyz");
        Files.writeString(empty, "\n");
        e = assertThrows(FormatException.class, () -> DatasetSplit.write(empty, 0.2, 1, train,
                dir.resolve("v.extxyz")));
        assertTrue(e.getMessage().contains("no frames"), e.getMessage());
    }

    @Test
    void aSourceWithoutFinalLineEndStillSplits() throws IOException {
        Path source = dir.resolve("d.extxyz");
        Dataset.append(source, TestFrames.labelled(0, 4));
        String text = Files.readString(source);
        Files.writeString(source, text.substring(0, text.length() - 1).replace("\n", "\r\n"));
        Path train = dir.resolve("t.extxyz");
        Path valid = dir.resolve("v.extxyz");
        DatasetSplit.Split s = DatasetSplit.write(source, 0.5, 3, train, valid);
        List<Frame> t = new ExtxyzFormat().readAll(train, ReadOptions.DEFAULT);
        List<Frame> v = new ExtxyzFormat().readAll(valid, ReadOptions.DEFAULT);
        assertEquals(2, t.size());
        assertEquals(2, v.size());
        assertEquals("job-" + s.valid()[1], v.get(1).info().get("job_id"));
        assertEquals("job-" + s.train()[1], t.get(1).info().get("job_id"));
    }
}
