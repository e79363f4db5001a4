package kiseki.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@code project.json}. Keys are written in a fixed order (known keys first, then any unknown keys
 * found when the file was read, so that a newer minor addition survives a round trip through this version).
 */
final class ProjectJson {

    /** The newest {@code schemaVersion} this version of Kiseki reads and the one it writes. */
    static final int SCHEMA_VERSION = 1;

    static final String FILE_NAME = "project.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);

    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    private static final Set<String> PROJECT_KEYS =
            Set.of("schemaVersion", "name", "id", "created", "modified", "artefacts");
    private static final Set<String> ARTEFACT_KEYS =
            Set.of("id", "kind", "name", "path", "parameters", "parents", "created");

    /** Everything in a project.json. {@code extras}: unknown top-level keys; {@code artefactExtras}: per artefact id. */
    record State(String name, String id, Instant created, Instant modified, List<Artefact> artefacts,
            ObjectNode extras, Map<String, ObjectNode> artefactExtras) {
    }

    private ProjectJson() {
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        // "key": value (not "key" : value), {} and [] when empty, one array item per line: readable diffs.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    // ------------------------------------------------------------------------------------------------------ writing

    static void write(Path file, State state) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("name", state.name());
        root.put("id", state.id());
        root.put("created", state.created().toString());
        root.put("modified", state.modified().toString());
        ArrayNode list = root.putArray("artefacts");
        for (Artefact a : state.artefacts()) {
            ObjectNode node = list.addObject();
            node.put("id", a.id());
            node.put("kind", a.kind().jsonName());
            node.put("name", a.name());
            node.put("path", a.path());
            node.set("parameters", MAPPER.valueToTree(a.parameters()));
            ArrayNode parents = node.putArray("parents");
            a.parents().forEach(parents::add);
            node.put("created", a.created().toString());
            ObjectNode extras = state.artefactExtras().get(a.id());
            if (extras != null) {
                extras.properties().forEach(e -> node.set(e.getKey(), e.getValue()));
            }
        }
        if (state.extras() != null) {
            state.extras().properties().forEach(e -> root.set(e.getKey(), e.getValue()));
        }
        byte[] bytes = WRITER.writeValueAsBytes(root);
        AtomicFiles.writeBytes(file, os -> {
            os.write(bytes);
            os.write('\n');
        });
    }

    /**
     * Parameters as they will read back from project.json (e.g. a {@code long} that fits an {@code int} becomes an
     * {@code Integer}), so that an artefact compares equal before and after a save and re-open.
     */
    static Map<String, Object> normaliseParameters(Map<String, Object> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return Map.of();
        }
        // Validates (finite numbers, JSON types) before Jackson sees it.
        Map<String, Object> frozen = new Artefact("x", ArtefactKind.JOB, "x", "x", parameters, Instant.EPOCH, null)
                .parameters();
        try {
            return MAPPER.readValue(MAPPER.writeValueAsBytes(frozen), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("parameters cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------------ reading

    static State read(Path file) throws ProjectException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ProjectException(file + " does not exist: this folder is not a Kiseki project", e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? file.toString()
                    : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ProjectException(where + ": malformed JSON: " + e.getOriginalMessage()
                    + " (the file may have been edited by hand or damaged)", e);
        } catch (IOException e) {
            throw new ProjectException("cannot read " + file + ": " + e, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ProjectException(file + " is empty (expected a JSON object describing the project)");
        }
        if (!root.isObject()) {
            throw new ProjectException(file + ": expected a JSON object at the top level, found " + describe(root));
        }
        checkSchemaVersion(file, root);

        String name = requireText(file, root, "name", "the project");
        String id = requireText(file, root, "id", "the project");
        Instant created = requireInstant(file, root, "created", "the project");
        Instant modified = root.hasNonNull("modified") ? requireInstant(file, root, "modified", "the project") : created;

        JsonNode list = root.get("artefacts");
        if (list == null || list.isNull()) {
            throw new ProjectException(file + ": required field \"artefacts\" is missing");
        }
        if (!list.isArray()) {
            throw new ProjectException(file + ": \"artefacts\" must be a list, found " + describe(list));
        }
        List<Artefact> artefacts = new ArrayList<>(list.size());
        Map<String, ObjectNode> artefactExtras = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String which = "artefact #" + (i + 1);
            if (!node.isObject()) {
                throw new ProjectException(file + ": " + which + " must be a JSON object, found " + describe(node));
            }
            Artefact a = readArtefact(file, (ObjectNode) node, which);
            if (!ids.add(a.id())) {
                throw new ProjectException(file + ": two artefacts have the id '" + a.id() + "'");
            }
            if (!paths.add(a.path().toLowerCase(java.util.Locale.ROOT))) {
                throw new ProjectException(file + ": two artefacts have the path '" + a.path() + "'");
            }
            artefacts.add(a);
            ObjectNode extras = unknownKeys((ObjectNode) node, ARTEFACT_KEYS);
            if (!extras.isEmpty()) {
                artefactExtras.put(a.id(), extras);
            }
        }
        for (Artefact a : artefacts) {
            for (String parent : a.parents()) {
                if (!ids.contains(parent)) {
                    throw new ProjectException(file + ": artefact '" + a.name() + "' (" + a.id()
                            + ") names parent '" + parent + "', which is not in the project");
                }
            }
        }
        return new State(name, id, created, modified, artefacts, unknownKeys((ObjectNode) root, PROJECT_KEYS),
                artefactExtras);
    }

    private static void checkSchemaVersion(Path file, JsonNode root) throws ProjectException {
        JsonNode v = root.get("schemaVersion");
        if (v == null || v.isNull()) {
            throw new ProjectException(file + ": required field \"schemaVersion\" is missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ProjectException(file + ": \"schemaVersion\" must be a whole number, found " + describe(v));
        }
        int version = v.intValue();
        if (version > SCHEMA_VERSION) {
            throw new ProjectException(file + " was written by a newer Kiseki (schema " + version
                    + "; this version reads up to " + SCHEMA_VERSION + "). Update Kiseki to open it.");
        }
        if (version < 1) {
            throw new ProjectException(file + ": \"schemaVersion\" must be 1 or more, found " + version);
        }
    }

    private static Artefact readArtefact(Path file, ObjectNode node, String which) throws ProjectException {
        String id = requireText(file, node, "id", which);
        String who = which + " (" + id + ")";
        String kindName = requireText(file, node, "kind", who);
        ArtefactKind kind = ArtefactKind.fromJsonName(kindName).orElseThrow(() -> new ProjectException(file + ": "
                + who + " has unknown kind '" + kindName + "' (known: " + ArtefactKind.knownNames() + ")"));
        String name = requireText(file, node, "name", who);
        String path = requireText(file, node, "path", who);
        String problem = ProjectPaths.problem(path);
        if (problem != null) {
            throw new ProjectException(file + ": " + who + " '" + name + "' has path '" + path + "', which " + problem
                    + "; artefact paths must stay inside the project folder");
        }
        Map<String, Object> parameters = Map.of();
        JsonNode params = node.get("parameters");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw new ProjectException(file + ": " + who + ": \"parameters\" must be a JSON object, found "
                        + describe(params));
            }
            parameters = MAPPER.convertValue(params, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        }
        List<String> parents = new ArrayList<>();
        JsonNode parentList = node.get("parents");
        if (parentList != null && !parentList.isNull()) {
            if (!parentList.isArray()) {
                throw new ProjectException(file + ": " + who + ": \"parents\" must be a list of artefact ids, found "
                        + describe(parentList));
            }
            for (JsonNode p : parentList) {
                if (!p.isTextual()) {
                    throw new ProjectException(file + ": " + who + ": \"parents\" must hold artefact ids (text), found "
                            + describe(p));
                }
                parents.add(p.textValue());
            }
        }
        Instant created = requireInstant(file, node, "created", who);
        return new Artefact(id, kind, name, path, parameters, created, parents);
    }

    private static String requireText(Path file, JsonNode node, String key, String owner) throws ProjectException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new ProjectException(file + ": required field \"" + key + "\" of " + owner + " is missing");
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new ProjectException(file + ": \"" + key + "\" of " + owner + " must be non-empty text, found "
                    + describe(v));
        }
        return v.textValue();
    }

    private static Instant requireInstant(Path file, JsonNode node, String key, String owner) throws ProjectException {
        String text = requireText(file, node, key, owner);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProjectException(file + ": \"" + key + "\" of " + owner + " is '" + text
                    + "', not a UTC time such as 2026-01-31T12:00:00Z");
        }
    }

    private static ObjectNode unknownKeys(ObjectNode node, Set<String> known) {
        ObjectNode extras = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                extras.set(e.getKey(), e.getValue());
            }
        }
        return extras;
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "a list " + text;
            case OBJECT -> "an object " + text;
            case STRING -> "text " + text;
            case NUMBER -> "the number " + text;
            case BOOLEAN -> text;
            case NULL -> "null";
            default -> text;
        };
    }
}
