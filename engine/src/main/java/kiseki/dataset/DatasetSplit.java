package kiseki.dataset;

import kiseki.io.AtomicFiles;
import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Reproducible division of a dataset's frames into a training and a validation set.
 *
 * <h2>Algorithm (kept stable: the same frames, fraction and seed give the same split in every version)</h2>
 * <ol>
 *   <li>{@code validCount = Math.round(frames × validFraction)}, raised to 1 when {@code validFraction > 0} and
 *   {@code frames ≥ 2}, and lowered to {@code frames − 1} so at least one frame is left for training.</li>
 *   <li>{@code order = [0, 1, …, frames−1]}; {@code rng = new java.util.SplittableRandom(seed)}.</li>
 *   <li>Fisher–Yates: for {@code i = frames−1} down to 1, draw {@code j} uniformly in [0, i] and swap
 *   {@code order[i]} and {@code order[j]}. The draw uses only {@code rng.nextLong()} (SplitMix64, whose output for a
 *   seed is fixed by its published algorithm): {@code r = nextLong() >>> 1; j = r % (i+1)}, drawing again while
 *   {@code r − j + i < 0} as a signed 64-bit sum (the top partial block, rejected so that every j is equally
 *   likely). The JDK's own {@code nextInt(bound)} is not used, since its reduction is not specified.</li>
 *   <li>Validation = {@code order[0 .. validCount−1]}, training = the rest, each sorted ascending.</li>
 * </ol>
 * Indices are 0-based frame positions in the file.
 */
public final class DatasetSplit {

    /** Sorted 0-based frame indices of the two sets. */
    public record Split(int[] train, int[] valid) {
        public Split {
            train = train.clone();
            valid = valid.clone();
        }

        @Override
        public int[] train() {
            return train.clone();
        }

        @Override
        public int[] valid() {
            return valid.clone();
        }

        public int trainCount() {
            return train.length;
        }

        public int validCount() {
            return valid.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Split s && Arrays.equals(train, s.train) && Arrays.equals(valid, s.valid);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(train) + Arrays.hashCode(valid);
        }

        @Override
        public String toString() {
            return "Split[train=" + train.length + " frames, valid=" + Arrays.toString(valid) + "]";
        }
    }

    private DatasetSplit() {
    }

    /** Number of validation frames for {@code frames} frames (step 1 of the algorithm). */
    public static int validCount(int frames, double validFraction) {
        checkArguments(frames, validFraction);
        int valid = (int) Math.round(frames * validFraction);
        if (validFraction > 0 && frames >= 2) {
            valid = Math.max(valid, 1);
        }
        return Math.min(valid, Math.max(0, frames - 1));
    }

    /**
     * Splits frame indices 0 … frames−1.
     *
     * @param validFraction share of frames for validation, at least 0 and below 1
     * @throws IllegalArgumentException for a negative frame count or a fraction outside [0, 1)
     */
    public static Split split(int frames, double validFraction, long seed) {
        int validCount = validCount(frames, validFraction);
        int[] order = new int[frames];
        for (int i = 0; i < frames; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = frames - 1; i >= 1; i--) {
            int j = uniform(rng, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] valid = Arrays.copyOfRange(order, 0, validCount);
        int[] train = Arrays.copyOfRange(order, validCount, frames);
        Arrays.sort(valid);
        Arrays.sort(train);
        return new Split(train, valid);
    }

    /** Uniform integer in [0, bound) from nextLong() alone (see the class comment). */
    static int uniform(SplittableRandom rng, int bound) {
        while (true) {
            long r = rng.nextLong() >>> 1;
            long m = r % bound;
            if (r - m + (bound - 1) >= 0) {
                return (int) m;
            }
        }
    }

    private static void checkArguments(int frames, double validFraction) {
        if (frames < 0) {
            throw new IllegalArgumentException("the number of frames cannot be negative: " + frames);
        }
        if (!(validFraction >= 0 && validFraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be at least 0 and below 1, found "
                    + validFraction);
        }
    }

    /**
     * Splits a dataset file and writes the two subsets, each frame copied byte for byte (every column and digit kept),
     * in file order. The file is read fully first (so a damaged file writes nothing); each output is written
     * atomically.
     *
     * @return the split (indices into {@code source})
     * @throws FormatException          when a frame of {@code source} does not read
     * @throws IllegalArgumentException when an output is the source or both outputs are the same file
     */
    public static Split write(Path source, double validFraction, long seed, Path trainOut, Path validOut)
            throws IOException {
        checkArguments(0, validFraction);
        if (sameFile(source, trainOut) || sameFile(source, validOut)) {
            throw new IllegalArgumentException("the training and validation files must not be the dataset itself ("
                    + source + ")");
        }
        if (sameFile(trainOut, validOut)) {
            throw new IllegalArgumentException("the training and validation files must differ (both are "
                    + trainOut + ")");
        }
        int frames = 0;
        try (FrameReader reader = new ExtxyzFormat().open(source, ReadOptions.DEFAULT)) {
            while (reader.next() != null) {
                frames++;
            }
        }
        if (frames == 0) {
            throw new FormatException(source, 0, "the dataset holds no frames to split");
        }
        Split split = split(frames, validFraction, seed);
        boolean[] isValid = new boolean[frames];
        for (int v : split.valid) {
            isValid[v] = true;
        }
        int expected = frames;
        AtomicFiles.writeBytes(trainOut, train -> AtomicFiles.writeBytes(validOut, valid -> {
            try (InputStream in = Files.newInputStream(source); FrameScanner scanner = new FrameScanner(source)) {
                long position = 0;
                int index = 0;
                byte[] buffer = new byte[1 << 16];
                for (FrameScanner.Span s; (s = scanner.next()) != null; ) {
                    if (s.atoms() < 0) {
                        continue; // blank space at the end
                    }
                    if (index >= expected) {
                        throw new IOException(source + " changed while it was being split");
                    }
                    in.skipNBytes(s.start() - position);
                    OutputStream out = isValid[index] ? valid : train;
                    long left = s.end() - s.start();
                    int last = '\n';
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new IOException(source + " changed while it was being split");
                        }
                        out.write(buffer, 0, n);
                        last = buffer[n - 1];
                        left -= n;
                    }
                    if (last != '\n' && last != '\r') {
                        out.write('\n'); // the file's last line had no line end
                    }
                    position = s.end();
                    index++;
                }
                if (index != expected) {
                    throw new IOException(source + " changed while it was being split (" + index + " frames found, "
                            + expected + " before)");
                }
            }
        }));
        return split;
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
