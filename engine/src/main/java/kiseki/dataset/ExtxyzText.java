package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.FrameReader;
import kiseki.structure.Frame;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Extended XYZ text of single frames, through {@link ExtxyzFormat}'s text API. */
final class ExtxyzText {

    private static final Pattern FRAME_ONE = Pattern.compile("\\bframe 1\\b");

    private ExtxyzText() {
    }

    /** The exact bytes the extxyz writers write for each frame, one array per frame. */
    static List<byte[]> render(List<Frame> frames) {
        List<byte[]> out = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            out.add(ExtxyzFormat.toText(f).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Parses the frame that lies at {@code span} of {@code file}.
     *
     * @throws FormatException naming {@code file}, the frame's real line and frame number
     */
    static Frame parse(FileChannel source, String file, FrameScanner.Span span) throws IOException {
        long length = span.end() - span.start();
        if (length > Integer.MAX_VALUE - 16) {
            throw new FormatException(file, span.firstLine(), "frame " + span.number() + " is larger than 2 GB");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        while (bytes.hasRemaining()) {
            if (source.read(bytes, span.start() + bytes.position()) <= 0) {
                throw new IOException(file + " became shorter while it was being read");
            }
        }
        Frame frame;
        String text = StandardCharsets.UTF_8.newDecoder().decode(bytes.flip()).toString();
        try (FrameReader reader = ExtxyzFormat.reader(new StringReader(text), file)) {
            frame = reader.next();
        } catch (FormatException e) {
            int line = e.line() > 0 ? span.firstLine() + e.line() - 1 : span.firstLine();
            String problem = FRAME_ONE.matcher(e.problem()).replaceAll(Matcher.quoteReplacement(
                    "frame " + span.number()));
            throw new FormatException(file, line, problem, e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new FormatException(file, span.firstLine(), "frame " + span.number() + " is not UTF-8 text");
        }
        if (frame == null) {
            throw new FormatException(file, span.firstLine(), "frame " + span.number() + " is empty");
        }
        return frame;
    }
}
