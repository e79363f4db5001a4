package kiseki.app.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import kiseki.io.StructureFormats;
import kiseki.project.Artefact;
import kiseki.project.Project;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A trajectory the Analysis tab can read: an MD run of the project or a file the user picked. For an MD run the
 * trajectory, temperature and MD step come from the artefact's parameters, else from the run's {@code run.json}
 * (keys {@code trajectory}, {@code temperature_K}, {@code timestep_fs}, at the top level or one object down), else
 * from the folder ({@code trajectory.extxyz}, or its only multi-frame structure file). The temperature can be edited
 * (a picked file has none until the user enters it); NaN means unknown.
 */
public final class RunSource {

    /** File names the MD tab writes into a run folder. */
    public static final String TRAJECTORY_FILE = "trajectory.extxyz";
    public static final String SETTINGS_FILE = "run.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Artefact artefact;
    private final Path trajectory;
    private final double timestepFs;
    private final String problem;
    private final DoubleProperty temperatureK;

    private RunSource(String name, Artefact artefact, Path trajectory, double temperatureK, double timestepFs,
            String problem) {
        this.name = name;
        this.artefact = artefact;
        this.trajectory = trajectory;
        this.timestepFs = timestepFs;
        this.problem = problem;
        this.temperatureK = new SimpleDoubleProperty(this, "temperatureK", temperatureK);
    }

    /** A trajectory file chosen by the user; {@code temperatureK} may be NaN (entered later). */
    public static RunSource ofFile(Path file, double temperatureK) {
        Path abs = file.toAbsolutePath().normalize();
        return new RunSource(abs.getFileName().toString(), null, abs, temperatureK, Double.NaN, null);
    }

    /** An MD run of the project (reads its run.json, so call it off the UI thread). Never throws for bad runs. */
    public static RunSource ofArtefact(Project project, Artefact run) {
        Path root;
        try {
            root = project.resolve(run);
        } catch (IllegalArgumentException e) {
            return new RunSource(run.name(), run, null, Double.NaN, Double.NaN, e.getMessage());
        }
        Path folder = Files.isDirectory(root) ? root : root.getParent();
        JsonNode settings = null;
        String problem = null;
        Path settingsFile = folder.resolve(SETTINGS_FILE);
        if (Files.isDirectory(root) && Files.isRegularFile(settingsFile)) {
            try {
                settings = JSON.readTree(settingsFile.toFile());
            } catch (IOException e) {
                problem = settingsFile + ": " + e.getMessage();
            }
        }
        double temperature = number(run.parameters(), settings, "temperature_K");
        double timestep = number(run.parameters(), settings, "timestep_fs");
        Path trajectory = null;
        String named = text(run.parameters(), settings, "trajectory");
        if (named != null) {
            Path p = folder.resolve(named).normalize();
            trajectory = Files.isRegularFile(p) ? p : null;
            if (trajectory == null) {
                problem = "the trajectory " + p + " of MD run '" + run.name() + "' does not exist";
            }
        } else if (Files.isRegularFile(root)) {
            trajectory = root;
        } else {
            trajectory = findTrajectory(folder);
            if (trajectory == null && problem == null) {
                problem = "MD run '" + run.name() + "' has no trajectory in " + folder;
            }
        }
        return new RunSource(run.name(), run, trajectory, temperature, timestep, problem);
    }

    private static Path findTrajectory(Path folder) {
        Path standard = folder.resolve(TRAJECTORY_FILE);
        if (Files.isRegularFile(standard)) {
            return standard;
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && StructureFormats.forPath(f).map(x -> x.multiFrame()).orElse(false)) {
                    candidates.add(f);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    private static double number(Map<String, Object> parameters, JsonNode settings, String key) {
        Object v = parameters.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                // fall through to run.json
            }
        }
        JsonNode node = find(settings, key, 2);
        return node != null && node.isNumber() ? node.asDouble() : Double.NaN;
    }

    private static String text(Map<String, Object> parameters, JsonNode settings, String key) {
        if (parameters.get(key) instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        JsonNode node = find(settings, key, 2);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    /** The value of {@code key} in this object or, breadth first, in objects nested up to {@code depth} deep. */
    private static JsonNode find(JsonNode node, String key, int depth) {
        if (node == null || !node.isObject()) {
            return null;
        }
        if (node.has(key)) {
            return node.get(key);
        }
        if (depth == 0) {
            return null;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            JsonNode found = find(it.next(), key, depth - 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    public String name() {
        return name;
    }

    /** The MD run artefact, or null for a picked file. */
    public Artefact artefact() {
        return artefact;
    }

    /** The trajectory file, or null when none was found (see {@link #problem()}). */
    public Path trajectory() {
        return trajectory;
    }

    /** Why no trajectory can be read (or run.json was unreadable), or null. */
    public String problem() {
        return problem;
    }

    /** MD step (fs) from the run's settings, NaN when unknown; turns a frame's 'timestep' number into a time. */
    public double timestepFs() {
        return timestepFs;
    }

    /** The run temperature (K), NaN when unknown; the user may edit it. */
    public DoubleProperty temperatureProperty() {
        return temperatureK;
    }

    public double temperatureK() {
        return temperatureK.get();
    }

    /** Same run: the same artefact, or the same picked file. */
    boolean sameAs(RunSource other) {
        if (artefact != null || other.artefact != null) {
            return artefact != null && other.artefact != null && artefact.id().equals(other.artefact.id());
        }
        return trajectory != null && trajectory.equals(other.trajectory);
    }

    @Override
    public String toString() {
        return name;
    }
}
