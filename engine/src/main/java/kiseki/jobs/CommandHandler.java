package kiseki.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The handler for plain commands (kind {@value #KIND}): exit code 0 is DONE (result {@code {"exitCode": 0}}), any
 * other is FAILED with the last line of standard error; an unknown exit code (a run interrupted by a restart) is
 * INCOMPLETE, so the command runs again. Shows no progress.
 */
public final class CommandHandler implements JobHandler {

    public static final String KIND = "command";

    private static final int MAX_MESSAGE = 300;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Completion complete(Job job, Path workDir, OptionalInt exitCode) throws IOException {
        if (exitCode.isEmpty()) {
            return Completion.incomplete("the run was interrupted and its exit code is unknown");
        }
        int code = exitCode.getAsInt();
        if (code == 0) {
            return Completion.done(Map.of("exitCode", 0));
        }
        String last = lastNonBlankLine(job.stderr());
        return Completion.failed("exited with code " + code + (last == null ? "" : ": " + last));
    }

    /** The last non-blank line of a text file (shortened to a few hundred characters), or null. */
    static String lastNonBlankLine(Path file) throws IOException {
        List<String> lines;
        try {
            // tail only: standard error can be large
            long size = Files.size(file);
            byte[] bytes;
            try (var in = Files.newInputStream(file)) {
                in.skipNBytes(Math.max(0, size - 4096));
                bytes = in.readAllBytes();
            }
            lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return null;
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
            }
        }
        return null;
    }
}
