package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.structure.Frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A training dataset: an extended XYZ file of labelled frames (energy in eV, forces in eV/Å, optional stress), each
 * with its provenance as comment-line keys. Entry points for appending safely ({@link #append}, {@link DatasetWriter}),
 * repairing a torn tail ({@link #repair}) and collecting without duplicates ({@link #keys}, {@link #containsKey}).
 */
public final class Dataset {

    private Dataset() {
    }

    /**
     * Appends labelled frames (see {@link DatasetWriter} for the guarantees), creating the file when missing.
     *
     * @return what was repaired at the end of the file before appending (usually nothing)
     * @throws IllegalArgumentException when a frame lacks atoms, a finite energy or finite forces (nothing written)
     */
    public static RepairReport append(Path file, List<Frame> frames) throws IOException {
        try (DatasetWriter w = DatasetWriter.open(file)) {
            w.append(frames);
            return w.repair();
        }
    }

    /** Appends one labelled frame; see {@link #append(Path, List)}. */
    public static RepairReport append(Path file, Frame frame) throws IOException {
        return append(file, List.of(frame));
    }

    /**
     * Cuts off an incomplete last frame (a last frame that does not read, or a file that does not end with a line
     * end, as a crash during an append leaves it), never touching complete frames.
     *
     * @return what was removed, or that nothing needed repair
     * @throws FormatException     when the file is damaged before its last frame (nothing is changed)
     * @throws NoSuchFileException when the file does not exist
     */
    public static RepairReport repair(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no dataset file to repair");
        }
        try (DatasetWriter w = DatasetWriter.open(file)) {
            return w.repair();
        }
    }

    /**
     * The values of info key {@code key} over all frames, in file order without repeats, read in one streaming pass.
     * Frames without the key are skipped; a missing file has none. An incomplete last frame (one that {@link #repair}
     * would remove) is ignored, so a collector restarted after a crash sees exactly the frames that will stay.
     */
    public static Set<String> keys(Path file, String key) throws IOException {
        Objects.requireNonNull(key, "key");
        Set<String> values = new LinkedHashSet<>();
        scan(file, frame -> {
            String v = frame.info().get(key);
            if (v != null) {
                values.add(v);
            }
            return false;
        });
        return values;
    }

    /** True when some frame has info {@code key} equal to {@code value}; stops reading at the first match. */
    public static boolean containsKey(Path file, String key, String value) throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return scan(file, frame -> value.equals(frame.info().get(key)));
    }

    /** Reads frames until {@code stop} says so; true when it did. Tolerates an incomplete last frame. */
    private static boolean scan(Path file, Predicate<Frame> stop) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (FrameReader reader = new ExtxyzFormat().open(file, ReadOptions.DEFAULT)) {
            for (Frame f; (f = reader.next()) != null; ) {
                if (stop.test(f)) {
                    return true;
                }
            }
            return false;
        } catch (FormatException e) {
            if (inLastFrame(file, e.line())) {
                return false;
            }
            throw e;
        }
    }

    /** Whether {@code line} lies in the last frame of the file (the one a repair would remove). */
    private static boolean inLastFrame(Path file, int line) {
        if (line <= 0) {
            return false;
        }
        FrameScanner.Span last = null;
        try (FrameScanner scanner = new FrameScanner(file)) {
            for (FrameScanner.Span s; (s = scanner.next()) != null; ) {
                last = s;
            }
        } catch (IOException e) {
            return false; // damaged inside: the reader's own error is the one to report
        }
        return last != null && line >= last.firstLine();
    }
}
