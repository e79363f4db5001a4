package kiseki.project;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an artefact in a project is. Each kind has the name written in {@code project.json} and the sub-folder of the
 * project where files of that kind are copied.
 */
public enum ArtefactKind {
    STRUCTURE("structure", "structures"),
    DATASET("dataset", "datasets"),
    POTENTIAL("potential", "potentials"),
    JOB("job", "jobs"),
    MD_RUN("md-run", "md-runs"),
    ANALYSIS("analysis", "analyses");

    private final String jsonName;
    private final String folder;

    ArtefactKind(String jsonName, String folder) {
        this.jsonName = jsonName;
        this.folder = folder;
    }

    /** The name used in {@code project.json}, e.g. {@code "md-run"}. */
    public String jsonName() {
        return jsonName;
    }

    /** The project sub-folder for files of this kind, e.g. {@code "md-runs"}. */
    public String folder() {
        return folder;
    }

    /** The kind whose {@link #jsonName()} is {@code name} (exact match), if any. */
    public static Optional<ArtefactKind> fromJsonName(String name) {
        for (ArtefactKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** "structure, dataset, …" for error messages. */
    static String knownNames() {
        return Arrays.stream(values()).map(ArtefactKind::jsonName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
