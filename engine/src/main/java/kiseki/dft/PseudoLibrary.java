package kiseki.dft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The pseudopotential files found in some folders: every {@code *.UPF} / {@code *.upf} (any case), headers read with
 * {@link Upf#read}. A file that cannot be read does not stop the scan: it is listed in {@link #problems()} with the
 * reason, so the user sees it and the rest stays usable.
 *
 * @param dirs              the folders scanned, as given
 * @param pseudopotentials  the readable files, sorted by element, then file name, then folder
 * @param problems          one human-readable line per folder that is missing or file that could not be read
 */
public record PseudoLibrary(List<Path> dirs, List<Upf> pseudopotentials, List<String> problems) {

    /** Pseudopotentials by element, then file name, then full path. */
    public static final Comparator<Upf> ORDER = Comparator.comparing(Upf::element)
            .thenComparing(Upf::fileName).thenComparing(u -> u.file().toString());

    public PseudoLibrary {
        dirs = List.copyOf(dirs);
        pseudopotentials = pseudopotentials.stream().sorted(ORDER).toList();
        problems = List.copyOf(problems);
    }

    /** Scans the folders themselves, not their subfolders. */
    public static PseudoLibrary scan(List<Path> dirs) {
        return scan(dirs, false);
    }

    /**
     * Scans the folders for UPF files; with {@code recursive} their subfolders too (symbolic links to folders are not
     * followed, so a link loop cannot trap the scan). A file found twice (folders that overlap) is listed once.
     */
    public static PseudoLibrary scan(List<Path> dirs, boolean recursive) {
        List<Upf> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TreeSet<Path> files = new TreeSet<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                problems.add(dir + ": " + (Files.exists(dir) ? "is not a folder" : "no such folder"));
                continue;
            }
            try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
                s.filter(PseudoLibrary::isUpfName).filter(Files::isRegularFile)
                        .forEach(p -> files.add(p.toAbsolutePath().normalize()));
            } catch (IOException | UncheckedIOException e) {
                problems.add(dir + ": cannot list the folder (" + message(e) + ")");
            }
        }
        for (Path file : files) {
            try {
                found.add(Upf.read(file));
            } catch (IOException e) {
                // a FormatException message already starts with the file and line
                problems.add(e instanceof kiseki.io.FormatException ? e.getMessage()
                        : file + ": cannot be read (" + message(e) + ")");
            }
        }
        return new PseudoLibrary(dirs, found, problems);
    }

    /** Whether a file name ends with ".upf" in any case. */
    public static boolean isUpfName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".upf");
    }

    /** The pseudopotentials for one element (symbol, any case), in library order. */
    public List<Upf> forElement(String symbol) {
        return pseudopotentials.stream().filter(u -> u.element().equalsIgnoreCase(symbol.strip())).toList();
    }

    /** The elements that have at least one pseudopotential, sorted by symbol. */
    public List<String> elements() {
        return pseudopotentials.stream().map(Upf::element).distinct().sorted().toList();
    }

    /** The scanned folders for messages: "/a, /b". */
    public String describeDirs() {
        if (dirs.isEmpty()) {
            return "(no folders)";
        }
        return String.join(", ", dirs.stream().map(Path::toString).toList());
    }

    private static String message(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
