package kiseki.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bad content in an input file. The message always names the file, the line (1-based, 0 when the problem is not tied
 * to one line) and what is wrong, e.g. {@code LGPS.cif:42: atom site 'Li3' has 6 values, the loop has 7 columns}.
 */
public class FormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public FormatException(Path file, int line, String problem) {
        this(file == null ? "<input>" : file.toString(), line, problem, null);
    }

    public FormatException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    public FormatException(String file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    private static String format(String file, int line, String problem) {
        return line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem;
    }

    /** The file as given by the caller. */
    public String file() {
        return file;
    }

    /** 1-based line number, or 0 when not tied to a line. */
    public int line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
