package kiseki.dataset;

import kiseki.io.FormatException;

import java.util.List;

/**
 * Frames of a dataset file that cannot be used as training data. The message starts with the file and the line of
 * the first problem and lists the problems (up to {@link #LISTED}) by frame number and line.
 */
public final class DatasetProblems extends FormatException {

    private static final long serialVersionUID = 1L;

    /** Problems named in the message; all are in {@link #problems()}. */
    public static final int LISTED = 10;

    /**
     * One unusable frame.
     *
     * @param frame 1-based frame number
     * @param line  1-based line where the frame (or the problem) is, 0 when unknown
     * @param text  what is wrong, e.g. "has no forces"
     */
    public record Problem(int frame, int line, String text) {
        @Override
        public String toString() {
            return "frame " + frame + (line > 0 ? " (line " + line + ")" : "") + " " + text;
        }
    }

    private final transient List<Problem> problems;
    private final int total;

    /**
     * @param problems the problems found (at least one)
     * @param total    how many there are in all (more than problems.size() when the scan stopped collecting)
     * @param outcome  what follows for the user, ending the message (e.g. "nothing was imported"); may be null
     */
    public DatasetProblems(String file, List<Problem> problems, int total, String outcome) {
        super(file, problems.get(0).line(), summary(problems, total) + (outcome == null ? "" : "; " + outcome));
        this.problems = List.copyOf(problems);
        this.total = total;
    }

    private static String summary(List<Problem> problems, int total) {
        Problem first = problems.get(0);
        if (total == 1) {
            return "frame " + first.frame() + " " + first.text();
        }
        StringBuilder sb = new StringBuilder();
        sb.append(total).append(" frames cannot be used as training data: ");
        int listed = Math.min(LISTED, problems.size());
        for (int i = 0; i < listed; i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(problems.get(i));
        }
        if (total > listed) {
            sb.append("; and ").append(total - listed).append(" more");
        }
        return sb.toString();
    }

    /** The problems found (the first ones when there were very many). */
    public List<Problem> problems() {
        return problems;
    }

    /** Total number of problems. */
    public int total() {
        return total;
    }
}
