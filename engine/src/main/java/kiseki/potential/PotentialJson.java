package kiseki.potential;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiseki.io.FormatException;
import kiseki.structure.Element;
import kiseki.structure.PeriodicTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the small JSON parameter files of analytic potentials, with errors that name the file and the field. */
final class PotentialJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private PotentialJson() {
    }

    /** The root object of a JSON file; syntax errors become {@link FormatException}s with the line. */
    static JsonNode readObject(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such potential file");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            throw new FormatException(file, line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new FormatException(file, 0, "expected a JSON object { ... } at the top level");
        }
        return root;
    }

    /** A required finite number. */
    static double number(JsonNode parent, String field, String where, Path file) throws FormatException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw new FormatException(file, 0, where + ": the number '" + field + "' is missing");
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new FormatException(file, 0, where + ": '" + field + "' must be a finite number, got " + n);
        }
        return n.asDouble();
    }

    /** An element symbol from a JSON string. */
    static String element(JsonNode n, String where, Path file) throws FormatException {
        if (n == null || !n.isTextual()) {
            throw new FormatException(file, 0, where + ": expected an element symbol, got " + n);
        }
        return PeriodicTable.bySymbol(n.asText()).map(Element::symbol)
                .orElseThrow(() -> new FormatException(file, 0, where + ": '" + n.asText() + "' is not an element"));
    }

    /** The two symbols of {"elements": ["A", "B"]}. */
    static String[] elementPair(JsonNode pair, String where, Path file) throws FormatException {
        JsonNode els = pair.get("elements");
        if (els == null || !els.isArray() || els.size() != 2) {
            throw new FormatException(file, 0, where + ": 'elements' must list two element symbols, e.g. [\"P\", \"S\"]");
        }
        return new String[] {element(els.get(0), where, file), element(els.get(1), where, file)};
    }
}
