package kiseki.dft;

import kiseki.structure.PeriodicTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Which pseudopotential each element of a calculation uses, with the checks a user needs to see BEFORE anything runs
 * ({@link #problems()}): elements without a pseudopotential, pseudopotentials of different functionals, files in
 * different folders (pw.x reads every file from one {@code pseudo_dir}), files that could not be read.
 *
 * <p>Immutable; {@link #with} returns a changed copy (a GUI that lets the user pick per element).
 */
public final class PseudoAssignment {

    /** Elements in the order asked for; value null when the element has none. */
    private final Map<String, Upf> bySymbol;
    /** Where missing elements were looked for ("in /a, /b"), or null when assigned by hand. */
    private final String searched;
    /** Problems found while building (unreadable files) by element, reported with the rest. */
    private final Map<String, String> readProblems;

    private PseudoAssignment(Map<String, Upf> bySymbol, String searched, Map<String, String> readProblems) {
        this.bySymbol = bySymbol;
        this.searched = searched;
        this.readProblems = Map.copyOf(readProblems);
    }

    /**
     * Picks one pseudopotential per element from the library. With one candidate, that one. With several, the
     * functional that covers the most elements wins (ties: PBE, then the name), so that the set is consistent; then,
     * per element, pslibrary files ({@code _psl.}) come first, then the file name in alphabetical order.
     *
     * @param elements element symbols (any case; duplicates ignored)
     * @throws IllegalArgumentException when a symbol is not an element
     */
    public static PseudoAssignment choose(PseudoLibrary library, Collection<String> elements) {
        List<String> symbols = normalise(elements);
        Map<String, List<Upf>> candidates = new LinkedHashMap<>();
        for (String s : symbols) {
            candidates.put(s, library.forElement(s));
        }
        String functional = commonFunctional(candidates);
        Map<String, Upf> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, List<Upf>> e : candidates.entrySet()) {
            List<Upf> list = e.getValue();
            List<Upf> same = list.stream().filter(u -> u.functional().equals(functional)).toList();
            List<Upf> pool = same.isEmpty() ? list : same;
            chosen.put(e.getKey(), pool.stream().min(PREFERENCE).orElse(null));
        }
        return new PseudoAssignment(chosen, library.describeDirs(), Map.of());
    }

    /** pslibrary first, then by file name and path. */
    private static final Comparator<Upf> PREFERENCE = Comparator.comparing((Upf u) -> !u.isPslibrary())
            .thenComparing(Upf::fileName).thenComparing(u -> u.file().toString());

    /** The functional that most elements can have; ties go to PBE, then alphabetical order. Null when none. */
    private static String commonFunctional(Map<String, List<Upf>> candidates) {
        Map<String, Integer> coverage = new TreeMap<>();
        for (List<Upf> list : candidates.values()) {
            list.stream().map(Upf::functional).distinct().forEach(f -> coverage.merge(f, 1, Integer::sum));
        }
        String best = null;
        for (Map.Entry<String, Integer> e : coverage.entrySet()) {
            if (best == null || e.getValue() > coverage.get(best)
                    || e.getValue().equals(coverage.get(best)) && e.getKey().equals("PBE")) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** An assignment made by hand: element symbol → pseudopotential. */
    public static PseudoAssignment of(Map<String, Upf> pseudopotentials) {
        Map<String, Upf> map = new LinkedHashMap<>();
        for (Map.Entry<String, Upf> e : pseudopotentials.entrySet()) {
            map.put(symbol(e.getKey()), Objects.requireNonNull(e.getValue(), "pseudopotential for " + e.getKey()));
        }
        return new PseudoAssignment(map, null, Map.of());
    }

    /**
     * The assignment stored in settings ({@link PwSettings#pseudoDir()} and {@link PwSettings#pseudopotentials()}),
     * with each file's header read now. A file that is missing or unreadable becomes a problem, and its element counts
     * as having none.
     *
     * @param elements the elements of the structures to be calculated (any case)
     */
    public static PseudoAssignment fromSettings(PwSettings settings, Collection<String> elements) {
        List<String> symbols = normalise(elements);
        Path dir = Path.of(settings.pseudoDir());
        Map<String, Upf> map = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String s : symbols) {
            String name = settings.pseudopotentials().get(s);
            Upf upf = null;
            if (name != null) {
                Path file = dir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    problems.put(s, "the pseudopotential for " + s + ", " + file + ", does not exist");
                } else {
                    try {
                        upf = Upf.read(file);
                    } catch (IOException e) {
                        problems.put(s, "the pseudopotential for " + s + " cannot be read: " + e.getMessage());
                    }
                }
            }
            map.put(s, upf);
        }
        return new PseudoAssignment(map, null, problems);
    }

    /** A copy with {@code upf} for {@code element} (added when the element is new). */
    public PseudoAssignment with(String element, Upf upf) {
        Map<String, Upf> map = new LinkedHashMap<>(bySymbol);
        String symbol = symbol(element);
        map.put(symbol, Objects.requireNonNull(upf, "upf"));
        Map<String, String> problems = new LinkedHashMap<>(readProblems);
        problems.remove(symbol); // the unreadable file is replaced
        return new PseudoAssignment(map, searched, problems);
    }

    /** The element symbols, in the order asked for. */
    public List<String> elements() {
        return List.copyOf(bySymbol.keySet());
    }

    /** The chosen pseudopotential of an element (any case). */
    public Optional<Upf> get(String element) {
        return Optional.ofNullable(bySymbol.get(symbol(element)));
    }

    /** Element → pseudopotential for the elements that have one, in element order. */
    public Map<String, Upf> pseudopotentials() {
        Map<String, Upf> map = new LinkedHashMap<>();
        bySymbol.forEach((k, v) -> {
            if (v != null) {
                map.put(k, v);
            }
        });
        return map;
    }

    /** Element → file name (as ATOMIC_SPECIES names it), sorted by element: what {@link PwSettings} stores. */
    public Map<String, String> fileNames() {
        Map<String, String> map = new TreeMap<>();
        pseudopotentials().forEach((k, v) -> map.put(k, v.fileName()));
        return map;
    }

    /** Elements without a pseudopotential. */
    public List<String> missing() {
        return bySymbol.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    /** The one folder that holds every chosen file, or empty when there is none or they are spread out. */
    public Optional<Path> pseudoDir() {
        LinkedHashSet<Path> dirs = folders();
        return dirs.size() == 1 ? Optional.of(dirs.iterator().next()) : Optional.empty();
    }

    private LinkedHashSet<Path> folders() {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        for (Upf u : pseudopotentials().values()) {
            dirs.add(u.file().toAbsolutePath().normalize().getParent());
        }
        return dirs;
    }

    /** Whether any chosen pseudopotential is ultrasoft or PAW (then ecutrho defaults to 8 × ecutwfc). */
    public boolean anyAugmented() {
        return pseudopotentials().values().stream().anyMatch(u -> u.pseudoType().augmented());
    }

    /** The largest suggested wave-function cutoff (Ry) of the chosen files, empty when none suggests one. */
    public OptionalDouble suggestedEcutwfc() {
        return pseudopotentials().values().stream().map(Upf::suggestedEcutwfc).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
    }

    /** The largest suggested charge-density cutoff (Ry) of the chosen files, empty when none suggests one. */
    public OptionalDouble suggestedEcutrho() {
        return pseudopotentials().values().stream().map(Upf::suggestedEcutrho).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
    }

    /** Whether there are no problems. */
    public boolean isUsable() {
        return problems().isEmpty();
    }

    /**
     * Everything that would make pw.x fail or give inconsistent labels, one sentence each: unreadable files, missing
     * elements, files assigned to the wrong element, mixed functionals, files in more than one folder.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String s : bySymbol.keySet()) {
            if (readProblems.containsKey(s)) {
                problems.add(readProblems.get(s));
            }
        }
        for (String s : missing()) {
            if (readProblems.containsKey(s)) {
                continue; // said above
            }
            problems.add(searched != null ? "no pseudopotential for " + s + " in " + searched
                    : "no pseudopotential is assigned to " + s);
        }
        for (Map.Entry<String, Upf> e : pseudopotentials().entrySet()) {
            if (!e.getValue().element().equals(e.getKey())) {
                problems.add(e.getValue().fileName() + " is a pseudopotential for " + e.getValue().element()
                        + ", not for " + e.getKey());
            }
        }
        // one representative file per functional, in element order
        Map<String, Upf> byFunctional = new LinkedHashMap<>();
        for (Upf u : pseudopotentials().values()) {
            byFunctional.putIfAbsent(u.functional(), u);
        }
        if (byFunctional.size() > 1) {
            List<String> parts = byFunctional.values().stream()
                    .map(u -> u.fileName() + " is " + u.functionalDescription()).toList();
            String joined = parts.size() == 2 ? parts.get(0) + " but " + parts.get(1)
                    : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
            problems.add(joined + ": all pseudopotentials must use one functional");
        }
        LinkedHashSet<Path> dirs = folders();
        if (dirs.size() > 1) {
            List<String> parts = new ArrayList<>();
            for (Path d : dirs) {
                List<String> els = pseudopotentials().entrySet().stream()
                        .filter(e -> e.getValue().file().toAbsolutePath().normalize().getParent().equals(d))
                        .map(Map.Entry::getKey).toList();
                parts.add(d + " (" + String.join(", ", els) + ")");
            }
            problems.add("pw.x reads every pseudopotential from one folder (pseudo_dir), but these are in "
                    + String.join(" and ", parts) + ": copy or link them into one folder");
        }
        return problems;
    }

    /**
     * Cutoffs below what the files suggest, one sentence each (a warning, not a problem: the seed LGPS data used
     * 40 Ry although the Li file suggests more, accepting the error).
     */
    public List<String> cutoffWarnings(double ecutwfc, double ecutrho) {
        List<String> warnings = new ArrayList<>();
        for (Upf u : pseudopotentials().values()) {
            if (u.suggestedEcutwfc().isPresent() && ecutwfc < u.suggestedEcutwfc().getAsDouble()) {
                warnings.add(String.format(java.util.Locale.ROOT, "ecutwfc %s Ry is below the %s Ry that %s suggests",
                        PwInput.fortran(ecutwfc), PwInput.fortran(u.suggestedEcutwfc().getAsDouble()), u.fileName()));
            }
            if (u.suggestedEcutrho().isPresent() && ecutrho < u.suggestedEcutrho().getAsDouble()) {
                warnings.add(String.format(java.util.Locale.ROOT, "ecutrho %s Ry is below the %s Ry that %s suggests",
                        PwInput.fortran(ecutrho), PwInput.fortran(u.suggestedEcutrho().getAsDouble()), u.fileName()));
            }
        }
        return warnings;
    }

    private static List<String> normalise(Collection<String> elements) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String e : elements) {
            set.add(symbol(e));
        }
        return List.copyOf(set);
    }

    private static String symbol(String element) {
        return PeriodicTable.bySymbol(Objects.requireNonNull(element, "element").strip())
                .orElseThrow(() -> new IllegalArgumentException("'" + element + "' is not an element symbol"))
                .symbol();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudoAssignment a && bySymbol.equals(a.bySymbol)
                && Objects.equals(searched, a.searched) && readProblems.equals(a.readProblems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bySymbol, searched, readProblems);
    }

    @Override
    public String toString() {
        return "PseudoAssignment" + bySymbol;
    }
}
