package kiseki.dataset;

import kiseki.io.FormatException;
import kiseki.structure.Frame;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Appends labelled frames to an extended XYZ dataset file without ever losing or tearing what is already there.
 *
 * <h2>How appends stay safe</h2>
 * <ul>
 *   <li>Only one writer per file at a time, so frames never interleave: within this program a set of open files,
 *   between processes an exclusive lock on a lock file beside the dataset ({@code .<name>.lock}, left in place). The
 *   lock is not on the dataset itself because POSIX drops a process's lock when any of its handles to that file is
 *   closed, which every reader (statistics, provenance scans) in the same program would do.</li>
 *   <li>Opening repairs the file first ({@link Dataset#repair}): an incomplete last frame left by a crash is cut off,
 *   complete frames are never touched.</li>
 *   <li>Every frame is checked before anything is written: it needs atoms, finite positions, and a finite energy and
 *   forces; a batch with one bad frame writes nothing.</li>
 *   <li>Each frame's text goes to the file in one write at the end of the file, which is then forced to disk
 *   ({@link FileChannel#force}) before the next frame; so after a crash at most the frame being written is torn, and
 *   the next open removes it. If a write fails (disk full), the file is cut back to where the frame began.</li>
 * </ul>
 * Provenance travels in each frame's {@link Frame#info()} (e.g. {@code job_id}, {@code qe_version},
 * {@code settings_hash}, {@code source}) and is written as comment-line keys; {@link Dataset#keys} reads it back so a
 * collector can skip frames it already has.
 *
 * <p>Methods are synchronized; one writer may be shared between threads.
 */
public final class DatasetWriter implements Closeable {

    /** Real paths of the datasets open for writing in this program. */
    private static final Set<Path> OPEN = new HashSet<>();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final RepairReport repair;
    private long size;
    private int frames;
    private long framesWritten;
    private boolean closed;

    private DatasetWriter(Path file, Path key, FileChannel channel, FileChannel lockChannel,
            RepairReport repair) throws IOException {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lockChannel = lockChannel;
        this.repair = repair;
        this.size = channel.size();
        this.frames = repair.frames();
    }

    /**
     * Opens (creating when missing, with its folders) a dataset file for appending, after repairing an incomplete last
     * frame; {@link #repair()} tells what was removed.
     *
     * @throws IOException     when another writer has the file open
     * @throws FormatException when the file is damaged before its last frame (then nothing is changed)
     */
    public static DatasetWriter open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Path key;
        try {
            key = file.toRealPath();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        synchronized (OPEN) {
            if (!OPEN.add(key)) {
                ch.close();
                throw new IOException(file + " is already open for writing in this program (by another collector); "
                        + "close that first");
            }
        }
        FileChannel lockChannel = null;
        try {
            lockChannel = FileChannel.open(lockFile(key), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw new IOException(file + " is already open for writing by another Kiseki process; close that "
                        + "first");
            }
            RepairReport report = repair(file, ch);
            return new DatasetWriter(file, key, ch, lockChannel, report);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (lockChannel != null) {
                lockChannel.close(); // releases the lock too
            }
            synchronized (OPEN) {
                OPEN.remove(key);
            }
            throw e;
        }
    }

    /** The lock file beside a dataset: {@code .<name>.lock}, kept after closing (deleting it would race). */
    static Path lockFile(Path dataset) {
        return dataset.resolveSibling("." + dataset.getFileName() + ".lock");
    }

    /** Cuts an incomplete last frame off the locked file. */
    static RepairReport repair(Path file, FileChannel ch) throws IOException {
        String name = file.toString();
        FrameScanner.Span lastComplete = null;
        FrameScanner.Span tail = null;
        int complete = 0;
        try (FrameScanner scanner = new FrameScanner(file)) {
            for (FrameScanner.Span s; (s = scanner.next()) != null; ) {
                if (s.complete()) {
                    lastComplete = s;
                    complete++;
                } else {
                    tail = s;
                }
            }
        } catch (FormatException e) {
            throw new FormatException(e.file(), e.line(), e.problem() + "; the dataset was left unchanged (only an "
                    + "incomplete last frame is repaired automatically, damage inside the file must be fixed by "
                    + "hand)", e);
        }
        long fileSize = ch.size();
        long cut = -1;
        int removedFrame = 0;
        int removedLine = 0;
        String why = null;
        if (tail != null) {
            cut = tail.start();
            removedFrame = tail.number();
            removedLine = tail.firstLine();
            why = tail.problem();
        } else if (lastComplete != null) {
            try {
                ExtxyzText.parse(ch, name, lastComplete);
            } catch (FormatException e) {
                cut = lastComplete.start();
                removedFrame = lastComplete.number();
                removedLine = lastComplete.firstLine();
                why = "it does not read: " + e.getMessage();
                complete--;
            }
        }
        if (cut < 0) {
            return new RepairReport(file, complete, fileSize, 0, 0, 0, name + ": " + plural(complete, "complete frame")
                    + ", nothing to repair");
        }
        ch.truncate(cut);
        ch.force(true);
        long removed = fileSize - cut;
        boolean blankOnly = tail != null && tail.atoms() < 0 && tail.problem().startsWith("the file ends in blank");
        String what = blankOnly ? "removed " + plural(removed, "byte") + " of blank space without a line end at the end"
                : "removed the incomplete last frame " + removedFrame + " (from line " + removedLine + ", "
                        + plural(removed, "byte") + ") because " + why;
        return new RepairReport(file, complete, cut, removed, blankOnly ? 0 : removedFrame, removedLine,
                name + ": " + what + "; " + plural(complete, "complete frame") + " kept");
    }

    private static String plural(long n, String word) {
        return String.format(Locale.ROOT, "%,d %s%s", n, word, n == 1 ? "" : "s");
    }

    /** What opening found and removed at the end of the file. */
    public RepairReport repair() {
        return repair;
    }

    public Path file() {
        return file;
    }

    /** Complete frames in the file now (those found on opening plus those appended since). */
    public synchronized int frames() {
        return frames;
    }

    /** Frames appended through this writer. */
    public synchronized long framesWritten() {
        return framesWritten;
    }

    /** Appends one labelled frame and forces it to disk. */
    public void append(Frame frame) throws IOException {
        append(List.of(frame));
    }

    /**
     * Appends labelled frames in order, each forced to disk before the next.
     *
     * @throws IllegalArgumentException when a frame lacks atoms, a finite energy or finite forces (nothing written)
     */
    public synchronized void append(List<Frame> batch) throws IOException {
        if (closed) {
            throw new IOException(file + ": the dataset writer is closed");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String problem = TrainingFrames.problem(batch.get(i));
            if (problem != null) {
                problems.add((batch.size() == 1 ? "the frame" : "frame " + (i + 1) + " of " + batch.size())
                        + describe(batch.get(i)) + " " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot add to the dataset " + file + ": " + String.join("; ", problems)
                    + (batch.size() > 1 ? "; no frame was written" : ""));
        }
        for (byte[] text : ExtxyzText.render(batch)) {
            long before = size;
            try {
                ByteBuffer buffer = ByteBuffer.wrap(text);
                long at = before;
                while (buffer.hasRemaining()) {
                    at += channel.write(buffer, at);
                }
                channel.force(true);
            } catch (IOException e) {
                try {
                    channel.truncate(before);
                    channel.force(true);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed); // the next open repairs the torn frame
                }
                throw e;
            }
            size = before + text.length;
            frames++;
            framesWritten++;
        }
    }

    /** " (job_id=...)" for messages, when the frame carries one. */
    private static String describe(Frame frame) {
        for (String key : new String[] {"job_id", "source"}) {
            String v = frame.info().get(key);
            if (v != null) {
                return " (" + key + "=" + v + ")";
            }
        }
        return "";
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            try {
                lockChannel.close(); // releases the lock
            } finally {
                synchronized (OPEN) {
                    OPEN.remove(key);
                }
            }
        }
    }
}
