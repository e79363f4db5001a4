package kiseki.jobs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code job.json}, and freezes the free-form JSON maps of jobs. */
final class JobJson {

    /** The newest {@code schemaVersion} this version reads and the one it writes. */
    static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private JobJson() {
    }

    // ------------------------------------------------------------------------------------------------ JSON values

    /**
     * A deep, unmodifiable copy holding only JSON values, with numbers as they read back from a file (a {@code long}
     * that fits becomes an {@code Integer}), so that a job compares equal before and after a save and re-open.
     */
    static Map<String, Object> freezeObject(Map<String, ?> map, String what) {
        if (map.isEmpty()) {
            return Map.of();
        }
        check(map, what);
        try {
            return freeze(MAPPER.readValue(MAPPER.writeValueAsBytes(map), MAP_TYPE));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static void check(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return;
        }
        if (value instanceof Number n) {
            if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException(where + " is " + n + "; JSON has no NaN or infinity");
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(where + " has a non-text key " + e.getKey());
                }
                check(e.getValue(), where + "." + key);
            }
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), where + "[" + i + "]");
            }
            return;
        }
        throw new IllegalArgumentException(where + " is a " + value.getClass().getSimpleName()
                + "; only text, numbers, booleans, null, maps and lists can be stored");
    }

    @SuppressWarnings("unchecked")
    private static <T> T freeze(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, freeze(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freeze(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return (T) value;
    }

    // ------------------------------------------------------------------------------------------------------ writing

    static byte[] toBytes(Job job) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("id", job.id());
        root.put("kind", job.kind());
        root.put("state", job.state().jsonName());
        ArrayNode command = root.putArray("command");
        job.spec().command().forEach(command::add);
        root.put("mpi", job.spec().mpi());
        ObjectNode env = root.putObject("environment");
        job.spec().environment().forEach(env::put);
        if (job.spec().timeout() != null) {
            root.put("timeout", job.spec().timeout().toString());
        } else {
            root.putNull("timeout");
        }
        root.set("parameters", MAPPER.valueToTree(job.parameters()));
        root.put("attempt", job.attempt());
        root.put("retries", job.retries());
        root.put("created", job.created().toString());
        putInstant(root, "started", job.started());
        putInstant(root, "finished", job.finished());
        if (job.pid() != null) {
            root.put("pid", job.pid());
        } else {
            root.putNull("pid");
        }
        putInstant(root, "processStart", job.processStart());
        if (job.exitCode() != null) {
            root.put("exitCode", job.exitCode());
        } else {
            root.putNull("exitCode");
        }
        if (job.failure() != null) {
            root.put("failure", job.failure());
        } else {
            root.putNull("failure");
        }
        root.set("result", MAPPER.valueToTree(job.result()));
        byte[] body = MAPPER.writeValueAsBytes(root);
        byte[] withNewline = new byte[body.length + 1];
        System.arraycopy(body, 0, withNewline, 0, body.length);
        withNewline[body.length] = '\n';
        return withNewline;
    }

    private static void putInstant(ObjectNode node, String key, Instant value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------------ reading

    static Job read(Path file, Path dir) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? file.toString()
                    : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new IOException(where + ": malformed JSON: " + e.getOriginalMessage()
                    + " (the file may have been edited by hand or damaged)", e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object describing a job");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.canConvertToInt() || version.intValue() < 1) {
            throw new IOException(file + ": \"schemaVersion\" must be a whole number of at least 1");
        }
        if (version.intValue() > SCHEMA_VERSION) {
            throw new IOException(file + " was written by a newer Kiseki (job schema " + version.intValue()
                    + "; this version reads up to " + SCHEMA_VERSION + "). Update Kiseki to open it.");
        }
        try {
            String id = text(file, root, "id", true);
            String stateName = text(file, root, "state", true);
            JobState state = JobState.fromJsonName(stateName).orElseThrow(() -> new IOException(file
                    + ": unknown job state '" + stateName + "' (known: queued, running, done, failed, cancelled)"));
            JsonNode commandNode = root.get("command");
            if (commandNode == null || !commandNode.isArray()) {
                throw new IOException(file + ": \"command\" must be a list of texts");
            }
            List<String> command = new ArrayList<>();
            for (JsonNode arg : commandNode) {
                if (!arg.isTextual()) {
                    throw new IOException(file + ": \"command\" must be a list of texts, found " + arg);
                }
                command.add(arg.textValue());
            }
            Map<String, String> env = new LinkedHashMap<>();
            JsonNode envNode = root.get("environment");
            if (envNode != null && !envNode.isNull()) {
                if (!envNode.isObject()) {
                    throw new IOException(file + ": \"environment\" must be an object of texts");
                }
                for (Map.Entry<String, JsonNode> e : envNode.properties()) {
                    if (!e.getValue().isTextual()) {
                        throw new IOException(file + ": environment variable " + e.getKey() + " must be text");
                    }
                    env.put(e.getKey(), e.getValue().textValue());
                }
            }
            String timeoutText = text(file, root, "timeout", false);
            Duration timeout;
            try {
                timeout = timeoutText == null ? null : Duration.parse(timeoutText);
            } catch (DateTimeParseException e) {
                throw new IOException(file + ": \"timeout\" is '" + timeoutText + "', not a duration such as PT30M");
            }
            JsonNode mpi = root.get("mpi");
            JobSpec spec = new JobSpec(text(file, root, "kind", true), command, object(file, root, "parameters"),
                    env, timeout, mpi != null && mpi.asBoolean(false));
            JsonNode pidNode = root.get("pid");
            Long pid = pidNode == null || pidNode.isNull() ? null : integer(file, root, "pid");
            JsonNode exitNode = root.get("exitCode");
            Integer exitCode = exitNode == null || exitNode.isNull() ? null
                    : Math.toIntExact(integer(file, root, "exitCode"));
            return new Job(id, dir, spec, state, Math.toIntExact(integer(file, root, "attempt")),
                    Math.toIntExact(integer(file, root, "retries")), instant(file, root, "created", true),
                    instant(file, root, "started", false), instant(file, root, "finished", false), pid,
                    instant(file, root, "processStart", false), exitCode, text(file, root, "failure", false),
                    object(file, root, "result"));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Path file, JsonNode root, String key, boolean required) throws IOException {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IOException(file + ": required field \"" + key + "\" is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IOException(file + ": \"" + key + "\" must be text, found " + v);
        }
        return v.textValue();
    }

    private static long integer(Path file, JsonNode root, String key) throws IOException {
        JsonNode v = root.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IOException(file + ": \"" + key + "\" must be a whole number, found " + v);
        }
        return v.longValue();
    }

    private static Instant instant(Path file, JsonNode root, String key, boolean required) throws IOException {
        String text = text(file, root, key, required);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IOException(file + ": \"" + key + "\" is '" + text
                    + "', not a UTC time such as 2026-01-31T12:00:00Z");
        }
    }

    private static Map<String, Object> object(Path file, JsonNode root, String key) throws IOException {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new IOException(file + ": \"" + key + "\" must be a JSON object, found " + v);
        }
        return freeze(MAPPER.convertValue(v, MAP_TYPE));
    }
}
