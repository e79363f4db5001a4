package kiseki.io;

import kiseki.structure.Frame;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an extended XYZ trajectory frame by frame, for runs too long to hold in memory (open, {@link #append}
 * frames, {@link #close}). Unlike {@link ExtxyzFormat#write} this writes straight into the file, not atomically: a run
 * that is killed leaves the frames written so far, possibly with a torn last frame.
 */
public final class ExtxyzWriter implements Closeable, Flushable {

    private final BufferedWriter out;
    private final StringBuilder buffer = new StringBuilder(1 << 14);
    private final Path file;
    private long framesWritten;

    private ExtxyzWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens {@code file} for writing frames.
     *
     * @param append true = add frames after those already in the file (created when missing);
     *               false = start a new file, replacing any old one
     */
    public static ExtxyzWriter open(Path file, boolean append) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean needsNewline = append && endsWithoutNewline(file);
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode), StandardCharsets.UTF_8), 1 << 16);
        if (needsNewline) {
            w.write('\n'); // otherwise the new count line would join the old file's last line
        }
        return new ExtxyzWriter(file, w);
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return false;
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ch.position(ch.size() - 1);
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last);
            return last.get(0) != '\n';
        }
    }

    /** Writes one frame after those already written. */
    public void append(Frame frame) throws IOException {
        buffer.setLength(0);
        ExtxyzFormat.appendFrame(buffer, frame);
        out.append(buffer);
        framesWritten++;
    }

    /** Number of frames written through this writer (frames already in an appended-to file not counted). */
    public long framesWritten() {
        return framesWritten;
    }

    public Path file() {
        return file;
    }

    /** Pushes buffered frames to the operating system, e.g. so a viewer can follow a running simulation. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
