package kiseki.project;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kiseki project: a folder holding {@code project.json} (the provenance graph of everything in the project) and one
 * sub-folder per {@link ArtefactKind} ({@code structures/}, {@code datasets/}, …).
 *
 * <h2>Artefact ids</h2>
 * {@code <kind>-<first 8 hex digits of a random UUID>}, e.g. {@code structure-1a2b3c4d} or {@code md-run-0f3e9a71}:
 * short enough to read in logs and file names, and unique within the project (a clash is re-drawn).
 *
 * <h2>Durability</h2>
 * Every write of {@code project.json} and every copied file goes through {@link AtomicFiles} (temporary file, fsync,
 * rename), so a crash leaves the last good version. {@link #open} deletes temporary files a crash left behind. Each
 * change is saved at once; if saving fails the change is undone in memory and the exception is thrown.
 *
 * <h2>Errors</h2>
 * Problems with the project itself (newer schema, malformed or incomplete JSON, paths leaving the folder, refused
 * create/remove) are {@link ProjectException}, an {@link IOException} whose message is meant for the user. Programming
 * errors (unknown artefact id, blank name, non-JSON parameter values) are {@link IllegalArgumentException}.
 *
 * <h2>Threads</h2>
 * All methods are synchronized: the GUI may call them from a background executor. One process at a time should
 * have a project open for writing; there is no cross-process lock.
 */
public final class Project {

    /** The newest {@code schemaVersion} this version reads, and the one it writes. */
    public static final int SCHEMA_VERSION = ProjectJson.SCHEMA_VERSION;

    /** The project file's name inside the project folder. */
    public static final String FILE_NAME = ProjectJson.FILE_NAME;

    /** Temporary files {@link AtomicFiles} makes for project.json: {@code .project.json.<random>.tmp}. */
    private static final Pattern PROJECT_TEMP = Pattern.compile("\\.project\\.json\\..*\\.tmp");
    /** Temporary files {@link AtomicFiles} makes for copied artefacts: {@code .<file name>.<digits>.tmp}. */
    private static final Pattern COPY_TEMP = Pattern.compile("\\..+\\.\\d+\\.tmp");
    /**
     * Copy temporaries younger than this may belong to a copy still running in another process (e.g. an engine job
     * writing into the project), so {@link #open} leaves them alone.
     */
    private static final Duration STALE_COPY_AGE = Duration.ofMinutes(10);

    private final Path dir;
    private final Path file;
    private final String name;
    private final String id;
    private final Instant created;
    private Instant modified;
    /** Insertion order is the order in project.json. */
    private final LinkedHashMap<String, Artefact> artefacts = new LinkedHashMap<>();
    private final ObjectNode extras;
    private final Map<String, ObjectNode> artefactExtras;

    private Project(Path dir, ProjectJson.State state) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.name = state.name();
        this.id = state.id();
        this.created = state.created();
        this.modified = state.modified();
        state.artefacts().forEach(a -> artefacts.put(a.id(), a));
        this.extras = state.extras();
        this.artefactExtras = new LinkedHashMap<>(state.artefactExtras());
    }

    // ------------------------------------------------------------------------------------------- create and open

    /**
     * Makes a new project in {@code dir} (created if missing) with its sub-folders and {@code project.json}.
     *
     * @throws ProjectException when {@code dir} already holds a project, is a non-empty folder, or is a file
     */
    public static Project create(Path dir, String name) throws IOException {
        requireText(name, "project name");
        Path folder = dir.toAbsolutePath().normalize();
        if (Files.exists(folder.resolve(FILE_NAME))) {
            throw new ProjectException(folder + " is already a Kiseki project (it has a " + FILE_NAME
                    + "); open it instead of creating a new one");
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ProjectException("cannot create a project at " + folder + ": it is a file, not a folder");
        }
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                if (entries.iterator().hasNext()) {
                    throw new ProjectException("cannot create a project in " + folder
                            + ": the folder is not empty and is not a Kiseki project; choose an empty or new folder");
                }
            }
        }
        Files.createDirectories(folder);
        for (ArtefactKind kind : ArtefactKind.values()) {
            Files.createDirectories(folder.resolve(kind.folder()));
        }
        Instant now = now();
        ProjectJson.State state = new ProjectJson.State(name.strip(), UUID.randomUUID().toString(), now, now,
                List.of(), null, Map.of());
        ProjectJson.write(folder.resolve(FILE_NAME), state);
        return new Project(folder, state);
    }

    /**
     * Opens the project in {@code dir}, deleting temporary files an interrupted save left behind.
     *
     * @throws ProjectException when there is no project.json, it was written by a newer Kiseki, it is malformed or
     *                          incomplete, or an artefact path leaves the project folder
     */
    public static Project open(Path dir) throws IOException {
        Path folder = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new ProjectException("no Kiseki project at " + folder + ": the folder does not exist");
        }
        ProjectJson.State state = ProjectJson.read(folder.resolve(FILE_NAME));
        removeStaleTemporaries(folder);
        return new Project(folder, state);
    }

    private static void removeStaleTemporaries(Path folder) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder,
                p -> PROJECT_TEMP.matcher(p.getFileName().toString()).matches())) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
            }
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE_COPY_AGE));
        for (ArtefactKind kind : ArtefactKind.values()) {
            Path sub = folder.resolve(kind.folder());
            if (!Files.isDirectory(sub)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(sub,
                    p -> COPY_TEMP.matcher(p.getFileName().toString()).matches())) {
                for (Path p : entries) {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p).compareTo(cutoff) < 0) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ accessors

    public synchronized String name() {
        return name;
    }

    /** The project folder (absolute, normalised). */
    public synchronized Path dir() {
        return dir;
    }

    /** The schema version this project will be saved with. */
    public synchronized int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** The project's UUID (stable across renames and moves of the folder). */
    public synchronized String id() {
        return id;
    }

    public synchronized Instant created() {
        return created;
    }

    /** When project.json was last saved. */
    public synchronized Instant modified() {
        return modified;
    }

    /** All artefacts in the order they were added (an unmodifiable snapshot). */
    public synchronized List<Artefact> artefacts() {
        return List.copyOf(artefacts.values());
    }

    /** Artefacts of one kind in the order they were added (an unmodifiable snapshot). */
    public synchronized List<Artefact> artefacts(ArtefactKind kind) {
        return artefacts.values().stream().filter(a -> a.kind() == kind).toList();
    }

    public synchronized Optional<Artefact> artefact(String id) {
        return Optional.ofNullable(artefacts.get(id));
    }

    /** The file (or folder) of an artefact. */
    public synchronized Path resolve(Artefact artefact) {
        String problem = ProjectPaths.problem(artefact.path());
        if (problem != null) {
            throw new IllegalArgumentException("artefact path '" + artefact.path() + "' " + problem);
        }
        return dir.resolve(artefact.path());
    }

    /** All ancestors of an artefact (parents, their parents, …), nearest first, each once. */
    public synchronized List<Artefact> lineage(String id) {
        Artefact start = require(id);
        List<Artefact> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(start.id());
        Deque<String> queue = new ArrayDeque<>(start.parents());
        while (!queue.isEmpty()) {
            String next = queue.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            Artefact a = artefacts.get(next);
            if (a != null) {
                result.add(a);
                queue.addAll(a.parents());
            }
        }
        return List.copyOf(result);
    }

    /** The artefacts that name {@code id} as a direct parent, in insertion order. */
    public synchronized List<Artefact> children(String id) {
        require(id);
        return artefacts.values().stream().filter(a -> a.parents().contains(id)).toList();
    }

    // ------------------------------------------------------------------------------------------------- changes

    /**
     * Copies {@code source} into the kind's sub-folder (atomically) and records it. The copy is named after
     * {@code name} with the source's extension ({@code LGPS.cif}); when that name is taken, {@code LGPS-2.cif},
     * {@code LGPS-3.cif}, ….
     *
     * @param name       shown to the user; null or blank means the source file name without its extension
     * @param parameters how it was made; JSON values only (may be null)
     * @param parentIds  artefacts it was made from (may be null); each must be in the project
     */
    public synchronized Artefact addFile(ArtefactKind kind, Path source, String name, Map<String, Object> parameters,
            List<String> parentIds) throws IOException {
        java.util.Objects.requireNonNull(kind, "kind");
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "not a file, cannot add it to the project");
        }
        String sourceName = source.getFileName().toString();
        String extension = ProjectPaths.extension(sourceName);
        String displayName = name == null || name.isBlank()
                ? sourceName.substring(0, sourceName.length() - extension.length())
                : name.strip();
        if (displayName.isBlank()) {
            displayName = sourceName;
        }
        Map<String, Object> params = ProjectJson.normaliseParameters(parameters);
        List<String> parents = checkParents(parentIds);

        Path folder = dir.resolve(kind.folder());
        Files.createDirectories(folder);
        String stem = ProjectPaths.fileStem(displayName, kind.jsonName());
        String relative = null;
        for (int n = 1; relative == null; n++) {
            String fileName = (n == 1 ? stem : stem + "-" + n) + extension;
            String candidate = kind.folder() + "/" + fileName;
            if (!Files.exists(folder.resolve(fileName), LinkOption.NOFOLLOW_LINKS) && !pathTaken(candidate)) {
                relative = candidate;
            }
        }
        Path target = dir.resolve(relative);
        AtomicFiles.writeBytes(target, out -> Files.copy(source, out));
        try {
            return record(new Artefact(newId(kind), kind, displayName, relative, params, now(), parents));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /**
     * Records a file or folder the engine has already written inside the project.
     *
     * @param relativePath relative to the project folder, forward slashes, no "..": e.g. {@code jobs/train-1/}
     * @throws IllegalArgumentException when the path is not a valid project path, is already recorded (or lies
     *                                  inside / contains a recorded path), or a parent id is unknown
     * @throws NoSuchFileException      when nothing exists at the path yet
     */
    public synchronized Artefact register(ArtefactKind kind, String relativePath, String name,
            Map<String, Object> parameters, List<String> parentIds) throws IOException {
        java.util.Objects.requireNonNull(kind, "kind");
        requireText(name, "artefact name");
        String path = relativePath;
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        String problem = ProjectPaths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("cannot register '" + relativePath + "': the path " + problem
                    + " (it must be relative to the project folder, with forward slashes and no '..')");
        }
        for (ArtefactKind k : ArtefactKind.values()) {
            if (path.equalsIgnoreCase(k.folder())) {
                throw new IllegalArgumentException("cannot register the whole '" + path + "' folder as an artefact");
            }
        }
        for (Artefact a : artefacts.values()) {
            if (ProjectPaths.overlaps(a.path(), path)) {
                throw new IllegalArgumentException("cannot register '" + path + "': it overlaps artefact '" + a.name()
                        + "' (" + a.id() + ") at '" + a.path() + "'");
            }
        }
        if (!Files.exists(dir.resolve(path))) {
            throw new NoSuchFileException(dir.resolve(path).toString(), null,
                    "write the file before registering it");
        }
        Map<String, Object> params = ProjectJson.normaliseParameters(parameters);
        List<String> parents = checkParents(parentIds);
        return record(new Artefact(newId(kind), kind, name.strip(), path, params, now(), parents));
    }

    /**
     * Removes an artefact from the project and deletes its file (or folder). project.json is saved first, so a crash
     * in between leaves at most an unrecorded file, never a record without its file.
     *
     * @throws ProjectException when other artefacts were made from it (they are named in the message)
     */
    public synchronized void remove(String id) throws IOException {
        Artefact artefact = require(id);
        List<Artefact> children = children(id);
        if (!children.isEmpty()) {
            throw new ProjectException("cannot remove '" + artefact.name() + "' (" + id + "): "
                    + children.stream().map(c -> "'" + c.name() + "' (" + c.id() + ")")
                            .collect(Collectors.joining(", "))
                    + (children.size() == 1 ? " was" : " were") + " made from it; remove "
                    + (children.size() == 1 ? "that" : "those") + " first");
        }
        List<Artefact> previous = List.copyOf(artefacts.values());
        ObjectNode removedExtras = artefactExtras.remove(id);
        artefacts.remove(id);
        try {
            save();
        } catch (IOException | RuntimeException e) {
            artefacts.clear(); // re-add in the old order
            previous.forEach(a -> artefacts.put(a.id(), a));
            if (removedExtras != null) {
                artefactExtras.put(id, removedExtras);
            }
            throw e;
        }
        deleteTree(dir.resolve(artefact.path()));
    }

    /** Writes project.json atomically, updating its modified time. */
    public synchronized void save() throws IOException {
        Instant now = now();
        ProjectJson.write(file, new ProjectJson.State(name, id, created, now, List.copyOf(artefacts.values()), extras,
                artefactExtras));
        modified = now;
    }

    @Override
    public synchronized String toString() {
        return "Project[" + name + " at " + dir + ", " + artefacts.size() + " artefacts]";
    }

    // -------------------------------------------------------------------------------------------------- helpers

    private Artefact record(Artefact artefact) throws IOException {
        artefacts.put(artefact.id(), artefact);
        try {
            save();
        } catch (IOException | RuntimeException e) {
            artefacts.remove(artefact.id());
            throw e;
        }
        return artefact;
    }

    private List<String> checkParents(List<String> parentIds) {
        if (parentIds == null) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String parent : parentIds) {
            if (parent == null || !artefacts.containsKey(parent)) {
                throw new IllegalArgumentException("parent artefact '" + parent + "' is not in project '" + name + "'");
            }
            unique.add(parent);
        }
        return List.copyOf(unique);
    }

    private boolean pathTaken(String relative) {
        String lower = relative.toLowerCase(Locale.ROOT);
        return artefacts.values().stream().anyMatch(a -> a.path().toLowerCase(Locale.ROOT).equals(lower));
    }

    private String newId(ArtefactKind kind) {
        while (true) {
            String candidate = kind.jsonName() + "-" + UUID.randomUUID().toString().substring(0, 8);
            if (!artefacts.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    private Artefact require(String id) {
        Artefact a = artefacts.get(id);
        if (a == null) {
            throw new IllegalArgumentException("no artefact '" + id + "' in project '" + name + "'");
        }
        return a;
    }

    private static void requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    /** Millisecond precision keeps project.json readable. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        // walkFileTree does not follow symbolic links, so a link inside a run folder never deletes outside it.
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
