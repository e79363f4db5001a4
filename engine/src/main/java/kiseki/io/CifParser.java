package kiseki.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CIF 1.1 syntax: splits a file into data blocks of tag-value pairs and loops, one block at a time (so a file with
 * many blocks is never held whole). Handles comments, single- and double-quoted values (a quote closes only when
 * followed by white space or the end of the line), semicolon text fields, {@code loop_}, and skips {@code save_}
 * frames. Syntax errors are {@link FormatException}s at the line of the offending token.
 */
final class CifParser implements Closeable {

    private enum Kind { DATA, LOOP, SAVE_BEGIN, SAVE_END, RESERVED, TAG, VALUE, EOF }

    private record Token(Kind kind, String text, boolean quoted, int line) {
    }

    private final LineSource source;
    private String line;
    private int lineNumber;
    private int pos;
    private boolean started;
    private Token peeked;

    CifParser(LineSource source) {
        this.source = source;
    }

    String fileName() {
        return source.name();
    }

    /** The next data block, or null at the end of the file. */
    CifBlock nextBlock() throws IOException {
        Token t = take();
        if (t.kind() == Kind.EOF) {
            return null;
        }
        if (t.kind() != Kind.DATA) {
            // only reachable before the first block: every block ends at the next data_ header or the end
            throw error(t.line(), describe(t) + " appears before the first data_ block header");
        }
        if (t.text().isEmpty()) {
            throw error(t.line(), "data block header 'data_' has no block name");
        }
        CifBlock block = new CifBlock(t.text(), t.line());
        while (true) {
            Token n = peek();
            switch (n.kind()) {
                case EOF, DATA -> {
                    return block;
                }
                case TAG -> readPair(block);
                case LOOP -> readLoop(block);
                case SAVE_BEGIN -> skipSaveFrame();
                case SAVE_END -> throw error(n.line(), "'save_' closes a save frame, but none is open");
                case RESERVED -> throw error(n.line(), "'" + n.text()
                        + "' is a reserved word that CIF 1.1 does not allow");
                case VALUE -> throw error(n.line(), "value " + quote(n.text())
                        + " has no tag: a value must follow a _tag or belong to a loop_");
                default -> throw new IllegalStateException(n.kind().toString());
            }
        }
    }

    private void readPair(CifBlock block) throws IOException {
        Token tag = take();
        Token value = peek();
        if (value.kind() != Kind.VALUE) {
            throw error(tag.line(), "tag " + tag.text() + " has no value"
                    + (value.kind() == Kind.EOF ? " (the file ends)" : " (next comes " + describe(value) + ")"));
        }
        take();
        add(block, new CifBlock.Item(tag.text(), tag.line(), null, 0,
                new CifBlock.Value(value.text(), value.quoted(), value.line())));
    }

    private void readLoop(CifBlock block) throws IOException {
        Token loopToken = take();
        List<Token> tags = new ArrayList<>();
        while (peek().kind() == Kind.TAG) {
            tags.add(take());
        }
        if (tags.isEmpty()) {
            throw error(loopToken.line(), "loop_ has no tags (a loop_ must be followed by its _tags, then values)");
        }
        List<CifBlock.Value> values = new ArrayList<>();
        while (peek().kind() == Kind.VALUE) {
            Token v = take();
            values.add(new CifBlock.Value(v.text(), v.quoted(), v.line()));
        }
        List<String> tagNames = new ArrayList<>(tags.size());
        for (Token t : tags) {
            tagNames.add(t.text());
        }
        if (values.isEmpty()) {
            Token next = peek();
            throw error(tags.get(tags.size() - 1).line(), "loop_ (line " + loopToken.line() + ") with "
                    + columnList(tagNames) + " has no values"
                    + (next.kind() == Kind.EOF ? " (the file ends)" : " (next comes " + describe(next) + ")"));
        }
        if (values.size() % tags.size() != 0) {
            throw loopCountError(loopToken.line(), tagNames, values);
        }
        CifBlock.Loop loop = new CifBlock.Loop(loopToken.line(), tagNames, values);
        for (int c = 0; c < tags.size(); c++) {
            add(block, new CifBlock.Item(tags.get(c).text(), tags.get(c).line(), loop, c, null));
        }
    }

    /**
     * A loop whose value count is not a multiple of its column count. When most lines hold one row each, the first
     * line that does not is named; otherwise the error points at the loop's last value.
     */
    private FormatException loopCountError(int loopLine, List<String> tags, List<CifBlock.Value> values) {
        int columns = tags.size();
        Map<Integer, Integer> perLine = new LinkedHashMap<>();
        for (CifBlock.Value v : values) {
            perLine.merge(v.line(), 1, Integer::sum);
        }
        int fullLines = 0;
        int firstOdd = -1;
        for (Map.Entry<Integer, Integer> e : perLine.entrySet()) {
            if (e.getValue() == columns) {
                fullLines++;
            } else if (firstOdd < 0) {
                firstOdd = e.getKey();
            }
        }
        if (firstOdd > 0 && 2 * fullLines >= perLine.size() - 1) {
            return error(firstOdd, "this row has " + perLine.get(firstOdd) + " value"
                    + (perLine.get(firstOdd) == 1 ? "" : "s") + " but the loop_ (line " + loopLine + ") has "
                    + columns + " columns: " + columnList(tags));
        }
        return error(values.get(values.size() - 1).line(), "the loop_ starting at line " + loopLine + " has "
                + values.size() + " values, not a multiple of its " + columns + " columns (" + columnList(tags)
                + "): a value is missing or extra");
    }

    private static String columnList(List<String> tags) {
        if (tags.size() <= 4) {
            return String.join(", ", tags);
        }
        return String.join(", ", tags.subList(0, 3)) + ", ... (" + tags.size() + " tags)";
    }

    private void add(CifBlock block, CifBlock.Item item) throws FormatException {
        CifBlock.Item earlier = block.add(item);
        if (earlier != null) {
            throw error(item.line(), "tag " + item.tag() + " appears twice in data block '" + block.name
                    + "' (first at line " + earlier.line() + ")");
        }
    }

    private void skipSaveFrame() throws IOException {
        Token open = take();
        while (true) {
            Token t = take();
            switch (t.kind()) {
                case SAVE_END -> {
                    return;
                }
                case EOF -> throw error(open.line(), "save frame '" + open.text() + "' is not closed by 'save_'"
                        + " before the file ends");
                case DATA -> throw error(open.line(), "save frame '" + open.text() + "' is not closed by 'save_'"
                        + " before the next data block (line " + t.line() + ")");
                case SAVE_BEGIN -> throw error(t.line(), "save frame '" + t.text() + "' starts inside save frame '"
                        + open.text() + "' (line " + open.line() + ")");
                default -> {
                    // contents of save frames (dictionary definitions) are not structure data
                }
            }
        }
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case DATA -> "data block header 'data_" + t.text() + "'";
            case LOOP -> "'loop_'";
            case SAVE_BEGIN -> "'save_" + t.text() + "'";
            case SAVE_END -> "'save_'";
            case RESERVED -> "'" + t.text() + "'";
            case TAG -> "tag " + t.text();
            case VALUE -> "value " + quote(t.text());
            case EOF -> "the end of the file";
        };
    }

    private static String quote(String text) {
        String s = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "'" + s.replace("\n", "\\n") + "'";
    }

    // ---- lexer ----

    private Token peek() throws IOException {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    private Token take() throws IOException {
        Token t = peek();
        peeked = null;
        return t;
    }

    private boolean advanceLine() throws IOException {
        line = source.next();
        pos = 0;
        if (line == null) {
            return false;
        }
        lineNumber = source.lineNumber();
        if (!started && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1); // byte-order mark written by some Windows editors
        }
        started = true;
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private Token lex() throws IOException {
        if (!started && !advanceLine()) {
            return new Token(Kind.EOF, "", false, lineNumber);
        }
        while (true) {
            if (line == null) {
                return new Token(Kind.EOF, "", false, lineNumber);
            }
            while (pos < line.length() && isSpace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= line.length()) {
                advanceLine();
                continue;
            }
            char c = line.charAt(pos);
            if (c == '#') {
                pos = line.length();
                continue;
            }
            if (c == ';' && pos == 0) {
                return textField();
            }
            if (c == '\'' || c == '"') {
                return quoted(c);
            }
            return unquoted();
        }
    }

    private Token textField() throws IOException {
        int start = lineNumber;
        StringBuilder text = new StringBuilder(line.substring(1));
        while (true) {
            if (!advanceLine()) {
                throw error(start, "text field opened by ';' at the start of line " + start
                        + " is not closed: the file ends before a line starting with ';'");
            }
            if (!line.isEmpty() && line.charAt(0) == ';') {
                pos = 1;
                return new Token(Kind.VALUE, text.toString(), true, start);
            }
            text.append('\n').append(line);
        }
    }

    private Token quoted(char q) throws FormatException {
        int open = pos;
        for (int i = open + 1; i < line.length(); i++) {
            if (line.charAt(i) == q && (i + 1 == line.length() || isSpace(line.charAt(i + 1)))) {
                pos = i + 1;
                return new Token(Kind.VALUE, line.substring(open + 1, i), true, lineNumber);
            }
        }
        throw error(lineNumber, "quoted value " + line.substring(open, Math.min(line.length(), open + 40))
                + (line.length() > open + 40 ? "..." : "") + " is not closed on its line (a closing " + q
                + " must be followed by a space or the end of the line)");
    }

    private Token unquoted() {
        int start = pos;
        while (pos < line.length() && !isSpace(line.charAt(pos))) {
            pos++;
        }
        String text = line.substring(start, pos);
        if (text.charAt(0) == '_') {
            return new Token(Kind.TAG, text, false, lineNumber);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data_")) {
            return new Token(Kind.DATA, text.substring(5), false, lineNumber);
        }
        if (lower.equals("loop_")) {
            return new Token(Kind.LOOP, text, false, lineNumber);
        }
        if (lower.equals("save_")) {
            return new Token(Kind.SAVE_END, text, false, lineNumber);
        }
        if (lower.startsWith("save_")) {
            return new Token(Kind.SAVE_BEGIN, text.substring(5), false, lineNumber);
        }
        if (lower.startsWith("global_") || lower.startsWith("stop_")) {
            return new Token(Kind.RESERVED, text, false, lineNumber);
        }
        return new Token(Kind.VALUE, text, false, lineNumber);
    }

    private FormatException error(int atLine, String problem) {
        return source.error(atLine, problem);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
