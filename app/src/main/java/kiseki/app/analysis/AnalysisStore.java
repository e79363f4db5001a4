package kiseki.app.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kiseki.io.AtomicFiles;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stores an analysis result in the project as one ANALYSIS artefact: a folder {@code analyses/<name>/} holding the
 * data as CSV and a small {@code summary.json}, registered with its parameters and the MD runs it was made from.
 */
final class AnalysisStore {

    static final String SUMMARY_FILE = "summary.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnalysisStore() {
    }

    /**
     * @param csvName    file name of the data, e.g. "rdf.csv"
     * @param summary    JSON values only (NaN must already be null)
     * @param parameters the artefact's parameters (JSON values only)
     * @param parentIds  MD runs used; ids no longer in the project are left out
     */
    static Artefact store(Project project, String name, String csvName, String csv, Map<String, Object> summary,
            Map<String, Object> parameters, List<String> parentIds) throws IOException {
        String stem = folderName(name);
        String relative = null;
        for (int n = 1; relative == null; n++) {
            String candidate = ArtefactKind.ANALYSIS.folder() + "/" + (n == 1 ? stem : stem + "-" + n);
            if (!Files.exists(project.dir().resolve(candidate)) && !recorded(project, candidate)) {
                relative = candidate;
            }
        }
        Path folder = project.dir().resolve(relative);
        Files.createDirectories(folder);
        try {
            AtomicFiles.writeString(folder.resolve(csvName), csv);
            AtomicFiles.writeString(folder.resolve(SUMMARY_FILE), JSON.writeValueAsString(summary) + "\n");
            List<String> parents = new ArrayList<>();
            for (String id : parentIds) {
                if (id != null && !parents.contains(id) && project.artefact(id).isPresent()) {
                    parents.add(id);
                }
            }
            return project.register(ArtefactKind.ANALYSIS, relative, name, parameters, parents);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(folder);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static boolean recorded(Project project, String relative) {
        return project.artefacts().stream().anyMatch(a -> a.path().equalsIgnoreCase(relative));
    }

    /** A folder name from a display name: letters, digits, '.', '_' and '-' only, at most 60 characters. */
    static String folderName(String name) {
        String s = name.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-");
        s = s.replaceAll("^[-.]+", "").replaceAll("[-.]+$", "");
        if (s.length() > 60) {
            s = s.substring(0, 60);
        }
        return s.isEmpty() ? "analysis" : s;
    }

    /** A JSON number, or null for NaN and infinities (JSON has neither). */
    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
