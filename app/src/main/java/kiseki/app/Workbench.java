package kiseki.app;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.project.Project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The workbench's root view-model: the open project, the log console, the background executor, the preferences and
 * the language. Each tab's view-model gets this object as its context. Holds no JavaFX nodes, so it is tested
 * without a screen (with a direct {@code uiExecutor}).
 */
public final class Workbench implements AutoCloseable {

    /** Severity of a log line. */
    public enum Level {
        INFO, WARNING, ERROR
    }

    /** One line of the log console. */
    public record LogEntry(String time, Level level, String text) {
        @Override
        public String toString() {
            return time + "  " + (level == Level.INFO ? "" : level + ": ") + text;
        }
    }

    public static final int MAX_LOG = 5000;

    private final Messages messages;
    private final AppPreferences preferences;
    private final Background background;
    private final Executor uiExecutor;
    private final ReadOnlyObjectWrapper<Project> project = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final ObservableList<LogEntry> log = FXCollections.observableArrayList();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();

    public Workbench(Messages messages, AppPreferences preferences, Executor uiExecutor) {
        this.messages = messages;
        this.preferences = preferences;
        this.uiExecutor = uiExecutor;
        this.background = new Background(uiExecutor);
        recent.setAll(preferences.recentProjects());
    }

    public Messages messages() {
        return messages;
    }

    /** Shorthand for {@code messages().get(key, args)}. */
    public String text(String key, Object... args) {
        return messages.get(key, args);
    }

    public AppPreferences preferences() {
        return preferences;
    }

    public Background background() {
        return background;
    }

    public Executor uiExecutor() {
        return uiExecutor;
    }

    public ReadOnlyObjectProperty<Project> projectProperty() {
        return project.getReadOnlyProperty();
    }

    public Project project() {
        return project.get();
    }

    /** Increases whenever the project's contents change, so views showing them refresh. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Call (from any thread) after adding artefacts to the project. */
    public void projectChanged() {
        uiExecutor.execute(() -> revision.set(revision.get() + 1));
    }

    public ObservableList<LogEntry> log() {
        return log;
    }

    public ObservableList<Path> recentProjects() {
        return recent;
    }

    /** Adds a line to the log console; safe from any thread. */
    public void log(Level level, String text) {
        LogEntry e = new LogEntry(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), level, text);
        uiExecutor.execute(() -> {
            log.add(e);
            if (log.size() > MAX_LOG) {
                log.remove(0, log.size() - MAX_LOG);
            }
        });
    }

    public void info(String text) {
        log(Level.INFO, text);
    }

    /** Logs a failure with the message a scientist needs (the exception's own message names file and line). */
    public void error(String what, Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                ? t.getCause() : t;
        String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        log(Level.ERROR, what + ": " + detail);
    }

    /** Creates a project in {@code dir} (which must not exist or be empty) and opens it. */
    public Background.Task newProject(Path dir, String name, Consumer<Project> then) {
        return background.submit(text("task.newProject"), () -> Project.create(dir, name), p -> {
            opened(p);
            info(text("log.projectCreated", p.name(), p.dir()));
            then.accept(p);
        }, t -> error(text("error.newProject", dir), t));
    }

    /** Opens the project in {@code dir}. */
    public Background.Task openProject(Path dir, Consumer<Project> then) {
        return background.submit(text("task.openProject"), () -> Project.open(dir), p -> {
            opened(p);
            info(text("log.projectOpened", p.name(), p.dir(), p.artefacts().size()));
            then.accept(p);
        }, t -> error(text("error.openProject", dir), t));
    }

    private void opened(Project p) {
        project.set(p);
        preferences.addRecentProject(p.dir());
        preferences.flush();
        recent.setAll(preferences.recentProjects());
        revision.set(revision.get() + 1);
    }

    /** The project, or an explanation that one is needed (for actions that write into it). */
    public Project requireProject() {
        Project p = project.get();
        if (p == null) {
            throw new IllegalStateException(text("error.noProject"));
        }
        return p;
    }

    /** A folder for scratch files of this session (outside any project). */
    public static Path scratch(String prefix) throws java.io.IOException {
        return Files.createTempDirectory(prefix);
    }

    @Override
    public void close() {
        background.close();
    }
}
