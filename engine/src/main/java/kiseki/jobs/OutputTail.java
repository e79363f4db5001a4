package kiseki.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a growing output file (the program writes it directly, so it survives the application) and hands out the
 * complete lines added since the last call. UTF-8; a trailing '\r' is dropped.
 */
final class OutputTail {

    /** A "line" longer than this is handed out in pieces rather than held in memory. */
    private static final int MAX_LINE_BYTES = 1 << 20;
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private long position;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    OutputTail(Path file) {
        this.file = file;
    }

    /** The complete lines written since the last call (an unfinished last line waits for its newline). */
    List<String> newLines() throws IOException {
        return read(false);
    }

    /** Everything not handed out yet, including an unfinished last line: call once the writer has ended. */
    List<String> rest() throws IOException {
        return read(true);
    }

    private List<String> read(boolean toEnd) throws IOException {
        List<String> lines = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < position) {
                // replaced or truncated: start again from its beginning
                position = 0;
                partial.reset();
            }
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            while (true) {
                buffer.clear();
                int n = ch.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                byte[] bytes = buffer.array();
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        lines.add(takeLine());
                    } else {
                        partial.write(bytes[i]);
                        if (partial.size() >= MAX_LINE_BYTES) {
                            lines.add(takeLine());
                        }
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // not created yet
        }
        if (toEnd && partial.size() > 0) {
            lines.add(takeLine());
        }
        return lines;
    }

    private String takeLine() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
