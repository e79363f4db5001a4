package kiseki.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;

/**
 * Reads a text file line by line and keeps the line number, so that parsers can report errors as
 * {@code file:line: problem}. Bytes that are not UTF-8 are reported as an error, not silently replaced.
 */
public final class LineSource implements Closeable {

    private final BufferedReader reader;
    private final String name;
    private int lineNumber;
    private String pushedBack;

    public LineSource(Path file) throws IOException {
        this(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), file.toString());
    }

    public LineSource(Reader reader, String name) {
        this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        this.name = name;
    }

    /** Next line without its terminator, or null at the end of the file. */
    public String next() throws IOException {
        if (pushedBack != null) {
            String l = pushedBack;
            pushedBack = null;
            lineNumber++;
            return l;
        }
        String l;
        try {
            l = reader.readLine();
        } catch (CharacterCodingException e) {
            throw new FormatException(name, lineNumber + 1, "the file is not UTF-8 or plain ASCII text");
        }
        if (l != null) {
            lineNumber++;
        }
        return l;
    }

    /** Next line, failing with a clear message when the file ends first. */
    public String require(String expected) throws IOException {
        String l = next();
        if (l == null) {
            throw error(lineNumber + 1, "file ends early: expected " + expected);
        }
        return l;
    }

    /** Puts the last line back so the next call returns it again. */
    public void pushBack(String line) {
        if (pushedBack != null) {
            throw new IllegalStateException("only one line can be pushed back");
        }
        pushedBack = line;
        lineNumber--;
    }

    /** Number of the line last returned (1-based). */
    public int lineNumber() {
        return lineNumber;
    }

    public String name() {
        return name;
    }

    /** An error at the line last returned. */
    public FormatException error(String problem) {
        return new FormatException(name, lineNumber, problem);
    }

    public FormatException error(int line, String problem) {
        return new FormatException(name, line, problem);
    }

    /** Parses a double, reporting what was expected when the text is not a finite number. */
    public double parseDouble(String text, String what) throws FormatException {
        return Numbers.parseDouble(text, what, name, lineNumber);
    }

    /** Parses an int, reporting what was expected when the text is not one. */
    public int parseInt(String text, String what) throws FormatException {
        return Numbers.parseInt(text, what, name, lineNumber);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
