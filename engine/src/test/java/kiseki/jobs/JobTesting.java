package kiseki.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the job tests. */
final class JobTesting {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobTesting() {
    }

    /** {@code /bin/sh -c script name args…}: inside the script the args are $1, $2, … */
    static List<String> sh(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * A job script that appends "start ID" and "end ID" to a shared log around a sleep, writes out.txt and prints
     * DONE: the log counts how many times each job really ran.
     */
    static List<String> loggedSleep(String id, Path runsLog, double seconds) {
        return sh("echo \"start $1\" >> \"$2\"; sleep $3; echo \"result-$1\" > out.txt; echo \"end $1\" >> \"$2\";"
                + " echo DONE", id, runsLog.toString(), Double.toString(seconds));
    }

    static long count(Path log, String line) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(line::equals).count();
    }

    /** job.json of a job folder as a JSON tree, or null if it does not exist yet. */
    static JsonNode jobJson(Path jobDir) throws IOException {
        try {
            return JSON.readTree(Files.readAllBytes(jobDir.resolve(Job.JOB_FILE)));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static String state(Path jobDir) throws IOException {
        JsonNode node = jobJson(jobDir);
        return node == null ? null : node.get("state").asText();
    }
}
