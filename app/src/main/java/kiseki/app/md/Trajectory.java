package kiseki.app.md;

import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.structure.Frame;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * An MD trajectory in memory for playback: the first frame's structure (species, cell) and each frame's positions
 * as one packed array of 3N Cartesian coordinates (Å), with the MD step and time of each frame. Read by streaming
 * through the file's {@link FrameReader}, so only positions are kept; a trajectory larger than the memory budget
 * keeps every second (fourth, …) frame, recorded in {@link #stride()}.
 *
 * @param structure the first frame (its positions are those of frame 0)
 * @param positions one 3N array per frame
 * @param steps     MD step of each frame (the frame's index when the file does not say)
 * @param timesFs   time of each frame (fs; NaN when the file does not say)
 * @param stride    every how many frames of the file one was kept (1 = all)
 */
public record Trajectory(Structure structure, List<double[]> positions, long[] steps, double[] timesFs,
        int stride) {

    /** Default memory budget: 25 million coordinates (200 MB). */
    public static final long DEFAULT_MAX_VALUES = 25_000_000L;

    public Trajectory {
        positions = List.copyOf(positions);
        if (steps.length != positions.size() || timesFs.length != positions.size()) {
            throw new IllegalArgumentException("steps and times must have one entry per frame");
        }
    }

    public int frameCount() {
        return positions.size();
    }

    public int atoms() {
        return structure.size();
    }

    /**
     * Reads a trajectory file (any multi-frame format Kiseki reads; MD runs write extxyz).
     *
     * @param maxValues memory budget in coordinates (3N per frame); at least 2 frames are always kept
     * @param cancelled polled between frames; reading stops with a {@link CancellationException} when it says so
     */
    public static Trajectory read(Path file, long maxValues, BooleanSupplier cancelled) throws IOException {
        StructureFormat format = StructureFormats.forPath(file).orElseThrow(() -> new IOException(
                file.getFileName() + ": unknown trajectory format (known: " + StructureFormats.names() + ")"));
        Structure first = null;
        List<double[]> frames = new ArrayList<>();
        long[] steps = new long[16];
        double[] times = new double[16];
        int stride = 1;
        long index = 0;
        int maxFrames = 0;
        try (FrameReader reader = format.open(file, ReadOptions.DEFAULT)) {
            for (Frame f = reader.next(); f != null; f = reader.next(), index++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("reading " + file.getFileName() + " was cancelled");
                }
                Structure s = f.structure();
                if (first == null) {
                    first = s.copy();
                    maxFrames = (int) Math.max(2, Math.min(Integer.MAX_VALUE - 8, maxValues / (3L * s.size())));
                } else if (!Arrays.equals(s.species(), first.species())) {
                    throw new IOException(file.getFileName() + ": frame " + (index + 1) + " has " + s.size()
                            + " atoms of other species or order than the first frame (" + first.size()
                            + " atoms); a trajectory must keep the same atoms");
                }
                if (index % stride != 0) {
                    continue;
                }
                if (frames.size() == maxFrames) {
                    // over budget: keep every second frame from here on
                    int kept = 0;
                    for (int i = 0; i < frames.size(); i += 2, kept++) {
                        frames.set(kept, frames.get(i));
                        steps[kept] = steps[i];
                        times[kept] = times[i];
                    }
                    frames.subList(kept, frames.size()).clear();
                    stride *= 2;
                    if (index % stride != 0) {
                        continue;
                    }
                }
                int n = frames.size();
                if (n == steps.length) {
                    steps = Arrays.copyOf(steps, n * 2);
                    times = Arrays.copyOf(times, n * 2);
                }
                frames.add(s.positions().clone());
                steps[n] = longInfo(f, "step", index);
                times[n] = doubleInfo(f, "time_fs");
            }
        }
        if (first == null) {
            throw new IOException(file.getFileName() + ": the trajectory has no frames");
        }
        int n = frames.size();
        return new Trajectory(first, frames, Arrays.copyOf(steps, n), Arrays.copyOf(times, n), stride);
    }

    private static long longInfo(Frame f, String key, long fallback) {
        String v = f.info().get(key);
        try {
            return v == null ? fallback : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double doubleInfo(Frame f, String key) {
        String v = f.info().get(key);
        try {
            return v == null ? Double.NaN : Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
