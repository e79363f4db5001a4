package kiseki.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The key=value syntax of an extended XYZ comment line (ASE / libAtoms convention), both ways.
 *
 * <p>Reading: pairs are separated by whitespace; a value is unquoted, "double-quoted" (may hold spaces; {@code \"},
 * {@code \\} and {@code \n} are escapes) or a {curly} / [bracketed] array (kept with its brackets); whitespace around
 * {@code =} is allowed; a key without {@code =} is a flag and reads as {@code "T"}; keys may be quoted too.
 */
final class ExtxyzComment {

    /** The comment line does not follow the key=value syntax. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    /** The value a bare key (a flag such as {@code converged}) stands for. */
    static final String FLAG_VALUE = "T";

    private ExtxyzComment() {
    }

    /** Keys in file order with their values (quotes removed, escapes resolved, array brackets kept). */
    static Map<String, String> parse(String line) throws SyntaxException {
        Map<String, String> out = new LinkedHashMap<>();
        int n = line.length();
        int i = skipSpace(line, 0);
        while (i < n) {
            StringBuilder key = new StringBuilder();
            if (line.charAt(i) == '"') {
                i = readQuoted(line, i, key);
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '=') {
                    key.append(line.charAt(i));
                    i++;
                }
            }
            if (key.isEmpty()) {
                throw new SyntaxException("'=' at column " + (i + 1) + " has no key before it");
            }
            int afterKey = skipSpace(line, i);
            if (afterKey < n && line.charAt(afterKey) == '=') {
                i = skipSpace(line, afterKey + 1);
                if (i >= n) {
                    throw new SyntaxException("key '" + key + "' has no value after '='");
                }
                StringBuilder value = new StringBuilder();
                char c = line.charAt(i);
                if (c == '"') {
                    i = readQuoted(line, i, value);
                } else if (c == '{' || c == '[') {
                    i = readBracketed(line, i, value);
                } else {
                    while (i < n && !Character.isWhitespace(line.charAt(i))) {
                        value.append(line.charAt(i));
                        i++;
                    }
                }
                out.put(key.toString(), value.toString());
            } else {
                out.put(key.toString(), FLAG_VALUE);
                i = afterKey;
            }
            i = skipSpace(line, i);
        }
        return out;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Reads a quoted string starting at the opening quote; returns the index after the closing quote. */
    private static int readQuoted(String s, int start, StringBuilder out) throws SyntaxException {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(i + 1);
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case 'n' -> out.append('\n');
                    default -> out.append(c).append(e); // keep unknown escapes (e.g. Windows paths) as written
                }
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        throw new SyntaxException("the quote opened at column " + (start + 1) + " is never closed");
    }

    /** Reads a bracketed array (nesting allowed) including its brackets; returns the index after it. */
    private static int readBracketed(String s, int start, StringBuilder out) throws SyntaxException {
        int depth = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        throw new SyntaxException("the bracket opened at column " + (start + 1) + " is never closed");
    }

    /** The numbers of an array value such as {@code "1 2 3"}, {@code [1, 2, 3]} or {@code {1 2 3}}. */
    static String[] arrayItems(String value) {
        String flat = value.replace('[', ' ').replace(']', ' ').replace('{', ' ').replace('}', ' ').replace(',', ' ')
                .trim();
        return flat.isEmpty() ? new String[0] : flat.split("\\s+");
    }

    /** Writes {@code key=value}, quoting either part when it would not read back as one token. */
    static void appendPair(StringBuilder out, String key, String value) {
        appendToken(out, key);
        out.append('=');
        appendToken(out, value);
    }

    private static void appendToken(StringBuilder out, String text) {
        if (!needsQuotes(text)) {
            out.append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty()) {
            return true;
        }
        char first = text.charAt(0);
        if (first == '[' || first == '{') {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '=' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Lower-case form used to match the standard keys, which ASE treats case-insensitively. */
    static String normalKey(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
