package kiseki.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test handler (kind "script") for shell scripts that print "step I of N" for progress and a line "DONE" when
 * they finish; the result holds out.txt's content and the exit code.
 */
final class ScriptHandler implements JobHandler {

    static final String KIND = "script";

    private static final Pattern STEP = Pattern.compile("step (\\d+) of (\\d+)");

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public ProgressUpdate onOutputLine(Job job, String line) {
        Matcher m = STEP.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return ProgressUpdate.of(Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2)), line);
    }

    @Override
    public Completion complete(Job job, Path workDir, OptionalInt exitCode) throws IOException {
        List<String> lines = Files.exists(job.stdout()) ? Files.readAllLines(job.stdout()) : List.of();
        if (exitCode.isPresent() && exitCode.getAsInt() != 0) {
            return Completion.failed("the script exited with code " + exitCode.getAsInt());
        }
        if (!lines.contains("DONE")) {
            return Completion.incomplete("the script did not print DONE");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Path out = workDir.resolve("out.txt");
        result.put("out", Files.exists(out) ? Files.readString(out).strip() : null);
        result.put("exitCode", exitCode.isPresent() ? exitCode.getAsInt() : null);
        return Completion.done(result);
    }
}
