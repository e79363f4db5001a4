package kiseki.project;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a project's provenance graph: a file (or folder) inside the project, what it is, how it was made
 * ({@code parameters}) and what it was made from ({@code parents}, artefact ids).
 * <p>
 * Immutable: {@code parameters} is a deep, unmodifiable copy holding only JSON values ({@link String}, {@link Number},
 * {@link Boolean}, {@code null}, nested {@link Map Map&lt;String,Object&gt;} and {@link List}), in insertion order.
 *
 * @param id         unique within the project, {@code <kind>-<8 hex digits>}, e.g. {@code structure-1a2b3c4d}
 * @param kind       what the artefact is
 * @param name       the name shown to the user (need not be unique)
 * @param path       relative to the project folder, forward slashes, e.g. {@code structures/LGPS.cif}
 * @param parameters how it was made (free-form JSON object)
 * @param created    when it was added to the project
 * @param parents    ids of the artefacts it was made from, in the order given
 */
public record Artefact(String id, ArtefactKind kind, String name, String path, Map<String, Object> parameters,
        Instant created, List<String> parents) {

    public Artefact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(created, "created");
        parameters = parameters == null ? Map.of() : freezeMap(parameters);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    /** The parameter {@code key} at the top level of {@link #parameters()}, or null. */
    public Object parameter(String key) {
        return parameters.get(key);
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("parameter names must be strings, got " + e.getKey());
            }
            copy.put(key, freeze(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> m) {
            return freezeMap(m);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            // JSON has no NaN or Infinity; Jackson would quietly turn them into strings.
            throw new IllegalArgumentException("parameter values must be finite numbers, got " + value);
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("parameter values must be JSON values (string, number, boolean, null, "
                + "map or list), got " + value.getClass().getName());
    }
}
