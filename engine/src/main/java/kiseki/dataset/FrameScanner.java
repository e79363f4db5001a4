package kiseki.dataset;

import kiseki.io.FormatException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds where each frame of an extended XYZ file lies (byte range, first line) without parsing numbers: the count
 * line gives the number of atoms, then come one comment line and that many atom lines. Used to truncate a torn tail,
 * to copy frames byte for byte and to name the line a frame starts on.
 *
 * <p>Lines end with {@code \n}, {@code \r\n} or {@code \r} and are numbered like {@link kiseki.io.LineSource}.
 * Blank lines between frames are skipped, as the reader does. A frame the file ends inside of (too few lines, or a
 * last line without a line end) is returned with {@link Span#complete()} false and the reason; it is always the last
 * span. A count line that is not a whole number with further lines after it is damage inside the file, not a torn
 * tail, and is a {@link FormatException}; so is an incomplete last frame whose lines cannot belong to one frame (atom
 * lines with differing numbers of values, or fewer than 4), such as a garbled huge atom count in mid-file that would
 * otherwise swallow the frames after it.
 */
final class FrameScanner implements Closeable {

    /**
     * Where one frame lies.
     *
     * @param number    1-based frame number
     * @param firstLine 1-based line of its atom-count line
     * @param start     byte offset of its atom-count line
     * @param end       byte offset just after its last line end (the file size for an incomplete frame)
     * @param atoms     declared atom count, -1 when the count line itself is incomplete or unreadable
     * @param complete  false for a frame the file ends inside of
     * @param problem   why it is incomplete (null when complete)
     */
    record Span(int number, int firstLine, long start, long end, int atoms, boolean complete, String problem) {
    }

    /** Widest count line kept for parsing and messages. */
    private static final int KEEP = 80;

    private final InputStream in;
    private final String name;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private long offset; // absolute offset of buf[pos]
    private boolean eof;
    private int lineNumber;
    private int frames;
    private boolean finished;

    // the line last read
    private long lineStart;
    private boolean lineTerminated;
    private boolean lineBlank;
    private int lineTokens;
    private final StringBuilder lineText = new StringBuilder(KEEP);

    FrameScanner(Path file) throws IOException {
        this(Files.newInputStream(file), file.toString());
    }

    FrameScanner(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The next frame's span, or null when the file ends cleanly (only blank lines left). */
    Span next() throws IOException {
        if (finished) {
            return null;
        }
        do {
            if (!readLine()) {
                finished = true;
                return null;
            }
            if (lineBlank && !lineTerminated) {
                // whitespace without a line end at the very end: nothing of a frame, but not a clean end either
                finished = true;
                return new Span(frames + 1, lineNumber, lineStart, offset, -1, false,
                        "the file ends in blank space without a line end");
            }
        } while (lineBlank);
        int number = ++frames;
        int firstLine = lineNumber;
        long start = lineStart;
        String countText = lineText.toString().strip();
        if (!lineTerminated) {
            return tail(number, firstLine, start, -1, "its atom-count line '" + countText + "' has no line end");
        }
        int atoms = parseCount(countText);
        if (atoms < 0) {
            if (atEnd()) {
                return tail(number, firstLine, start, -1, "its atom-count line '" + countText
                        + "' is not a number of atoms");
            }
            throw new FormatException(name, firstLine, "expected the atom count of frame " + number + ", found '"
                    + countText + "'");
        }
        if (!readLine()) {
            return tail(number, firstLine, start, atoms, "it has no comment line");
        }
        if (!lineTerminated) {
            return tail(number, firstLine, start, atoms, "its comment line has no line end");
        }
        int atomTokens = -1;
        boolean consistent = true;
        for (int atom = 0; atom < atoms; atom++) {
            if (!readLine()) {
                return tornAtoms(number, firstLine, start, atoms, consistent, "the file ends after " + atom + " of "
                        + atoms + " atom lines");
            }
            if (!lineTerminated) {
                return tornAtoms(number, firstLine, start, atoms, consistent, "atom line " + (atom + 1) + " of "
                        + atoms + " has no line end (its numbers may be cut short)");
            }
            if (atomTokens < 0) {
                atomTokens = lineTokens;
            }
            if (lineTokens != atomTokens || lineTokens < 4) {
                consistent = false;
            }
        }
        return new Span(number, firstLine, start, offset, atoms, true, null);
    }

    private Span tornAtoms(int number, int firstLine, long start, int atoms, boolean consistent, String problem)
            throws IOException {
        if (!consistent) {
            throw new FormatException(name, firstLine, "frame " + number + " declares " + atoms + " atoms, but the "
                    + "lines after it are not one frame's atom lines (the file is damaged before its end)");
        }
        return tail(number, firstLine, start, atoms, problem);
    }

    private Span tail(int number, int firstLine, long start, int atoms, String problem) throws IOException {
        skipToEnd();
        finished = true;
        return new Span(number, firstLine, start, offset, atoms, false, problem);
    }

    private static int parseCount(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True when nothing but blank lines follows the current line. */
    private boolean atEnd() throws IOException {
        while (true) {
            if (!fill()) {
                return true;
            }
            byte b = buf[pos];
            if (!isSpace(b) && b != '\n' && b != '\r') {
                return false;
            }
            pos++;
            offset++;
        }
    }

    private void skipToEnd() throws IOException {
        while (fill()) {
            offset += lim - pos;
            pos = lim;
        }
    }

    /** Reads one line into the line fields; false at the end of the file. */
    private boolean readLine() throws IOException {
        if (!fill()) {
            return false;
        }
        lineStart = offset;
        lineTerminated = false;
        lineBlank = true;
        lineTokens = 0;
        lineText.setLength(0);
        boolean inToken = false;
        while (fill()) {
            byte b = buf[pos++];
            offset++;
            if (b == '\n') {
                lineTerminated = true;
                break;
            }
            if (b == '\r') {
                lineTerminated = true;
                if (fill() && buf[pos] == '\n') {
                    pos++;
                    offset++;
                }
                break;
            }
            if (isSpace(b)) {
                inToken = false;
            } else {
                lineBlank = false;
                if (!inToken) {
                    lineTokens++;
                    inToken = true;
                }
            }
            if (lineText.length() < KEEP) {
                lineText.append((char) (b & 0xff));
            }
        }
        lineNumber++;
        return true;
    }

    /** Whitespace as {@link Character#isWhitespace} sees it, for ASCII (line ends handled apart). */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == 0x0B || b == '\f' || (b >= 0x1C && b <= 0x1F);
    }

    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = n < 0;
            if (n == 0) {
                int b = in.read();
                if (b < 0) {
                    eof = true;
                    return false;
                }
                buf[0] = (byte) b;
                pos = 0;
                lim = 1;
                return true;
            }
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
