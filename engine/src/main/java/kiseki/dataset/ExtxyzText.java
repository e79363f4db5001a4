package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.ExtxyzWriter;
import kiseki.io.FormatException;
import kiseki.io.ReadOptions;
import kiseki.structure.Frame;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extended XYZ text of single frames, through the public {@link ExtxyzWriter} / {@link ExtxyzFormat} API.
 *
 * <p>{@code kiseki.io} renders and parses frames only through files, so this goes through a small temporary file;
 * the cost is negligible next to the DFT calculation behind each labelled frame.
 */
final class ExtxyzText {

    private static final Pattern FRAME_ONE = Pattern.compile("\\bframe 1\\b");

    private ExtxyzText() {
    }

    /** The exact bytes {@link ExtxyzWriter} writes for each frame, one array per frame. */
    static List<byte[]> render(List<Frame> frames) throws IOException {
        Path tmp = Files.createTempFile("kiseki-frames-", ".extxyz");
        try {
            try (ExtxyzWriter w = ExtxyzWriter.open(tmp, false)) {
                for (Frame f : frames) {
                    w.append(f);
                }
            }
            byte[] all = Files.readAllBytes(tmp);
            List<byte[]> out = new ArrayList<>(frames.size());
            try (FrameScanner scanner = new FrameScanner(new ByteArrayInputStream(all), tmp.toString())) {
                for (FrameScanner.Span s; (s = scanner.next()) != null; ) {
                    if (!s.complete()) {
                        throw new IOException("internal error: the extxyz writer produced an incomplete frame "
                                + s.number() + " (" + s.problem() + ")");
                    }
                    out.add(Arrays.copyOfRange(all, (int) s.start(), (int) s.end()));
                }
            }
            if (out.size() != frames.size()) {
                throw new IOException("internal error: " + frames.size() + " frames rendered as " + out.size());
            }
            return out;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Parses the frame that lies at {@code span} of {@code file} (copied to a temporary file, so even a very large
     * frame is never held as text in memory).
     *
     * @throws FormatException naming {@code file}, the frame's real line and frame number
     */
    static Frame parse(FileChannel source, String file, FrameScanner.Span span) throws IOException {
        Path tmp = Files.createTempFile("kiseki-frame-", ".extxyz");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                long done = 0;
                long length = span.end() - span.start();
                while (done < length) {
                    long n = source.transferTo(span.start() + done, length - done, out);
                    if (n <= 0) {
                        throw new IOException(file + " became shorter while it was being read");
                    }
                    done += n;
                }
            }
            Frame frame;
            try (var reader = new ExtxyzFormat().open(tmp, ReadOptions.DEFAULT)) {
                frame = reader.next();
            } catch (FormatException e) {
                int line = e.line() > 0 ? span.firstLine() + e.line() - 1 : span.firstLine();
                String problem = FRAME_ONE.matcher(e.problem()).replaceAll(Matcher.quoteReplacement(
                        "frame " + span.number()));
                throw new FormatException(file, line, problem, e);
            }
            if (frame == null) {
                throw new FormatException(file, span.firstLine(), "frame " + span.number() + " is empty");
            }
            return frame;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
