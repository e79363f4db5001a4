package kiseki.dft;

import kiseki.io.AtomicFiles;
import kiseki.io.FormatException;
import kiseki.io.FrameReader;
import kiseki.io.LineSource;
import kiseki.io.Numbers;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.Units;
import kiseki.io.WriteOptions;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quantum ESPRESSO pw.x input files.
 *
 * <p>Writing: a complete SCF input from {@link PwInput#render(Structure, PwSettings, String, String)} with
 * {@link PwSettings#DEFAULTS} (pseudopotentials {@code <El>.UPF} in ./pseudo, prefix 'kiseki', outdir './out').
 *
 * <p>Reading (the structure only): {@code ibrav = 0} inputs with CELL_PARAMETERS in angstrom, bohr or alat units and
 * ATOMIC_POSITIONS in crystal, angstrom, bohr or alat units; the lattice parameter comes from {@code celldm(1)} or
 * {@code A}, else from the length of the first cell vector. Species labels ("Fe1", "O_a") are mapped to elements by
 * their leading symbol, else by the pseudopotential file name.
 */
public final class PwInputFormat implements StructureFormat {

    /** Card names of pw.x input; a line starting with one of these starts a card. */
    private static final Set<String> CARDS = Set.of("ATOMIC_SPECIES", "ATOMIC_POSITIONS", "K_POINTS",
            "CELL_PARAMETERS", "OCCUPATIONS", "CONSTRAINTS", "ATOMIC_VELOCITIES", "ATOMIC_FORCES",
            "ADDITIONAL_K_POINTS", "SOLVENTS", "HUBBARD");

    public PwInputFormat() {
    }

    @Override
    public String name() {
        return "qe-in";
    }

    @Override
    public List<String> extensions() {
        return List.of("pwi", "in");
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) throws IOException {
        if (frames.size() != 1) {
            throw new IllegalArgumentException("a pw.x input holds exactly one structure, got " + frames.size()
                    + " frames");
        }
        String text = PwInput.render(frames.get(0).structure(), PwSettings.DEFAULTS, "kiseki", "./out");
        AtomicFiles.writeString(file, text);
    }

    // ------------------------------------------------------------------------------------------------ reading

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        return FrameReader.single(file, PwInputFormat::read);
    }

    private static final Pattern ASSIGNMENT = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_%]*(?:\\(\\s*\\d+(?:\\s*,\\s*\\d+)*\\s*\\))?)\\s*=\\s*('[^']*'|\"[^\"]*\"|[^,\\s/'\"]+)");

    /** One namelist value with the line it came from. */
    private record Value(String text, int line) {
    }

    private record Species(String label, Element element) {
    }

    private static Frame read(LineSource in) throws IOException {
        Map<String, Value> vars = new HashMap<>();
        Map<String, Species> species = new LinkedHashMap<>();
        double[] cell = null;
        String cellUnit = null;
        int cellLine = 0;
        List<String> labels = new ArrayList<>();
        List<double[]> coords = new ArrayList<>();
        List<Integer> coordLines = new ArrayList<>();
        String positionUnit = null;
        int positionsLine = 0;
        boolean sawNamelist = false;

        String line;
        while ((line = in.next()) != null) {
            String content = stripComment(line).strip();
            if (content.isEmpty()) {
                continue;
            }
            if (content.startsWith("&")) {
                sawNamelist = true;
                readNamelist(in, content, vars);
                continue;
            }
            String[] head = content.split("[\\s{(]+", 2);
            String card = head[0].toUpperCase(Locale.ROOT);
            if (!CARDS.contains(card)) {
                throw in.error("expected a namelist (&CONTROL, &SYSTEM, ...) or a card such as ATOMIC_POSITIONS,"
                        + " found '" + PwOutput.abbreviate(line) + "'");
            }
            String option = head.length > 1 ? head[1].replaceAll("[{}()\\s]", "").toLowerCase(Locale.ROOT) : "";
            switch (card) {
                case "ATOMIC_SPECIES" -> {
                    int ntyp = requireInt(in, vars, "ntyp");
                    for (int k = 0; k < ntyp; k++) {
                        String[] t = dataLine(in, "ATOMIC_SPECIES", ntyp, k);
                        if (t.length < 3) {
                            throw in.error("an ATOMIC_SPECIES line needs a label, a mass and a pseudopotential file,"
                                    + " found " + t.length + " values");
                        }
                        in.parseDouble(t[1].replaceAll("[dD]", "e"), "the mass of species " + t[0]);
                        String pseudo = t[2];
                        Element e = PeriodicTable.fromLabel(t[0]).or(() -> PeriodicTable.fromLabel(pseudo))
                                .orElseThrow(() -> in.error("species '" + t[0] + "' names no element, and neither"
                                        + " does its pseudopotential file '" + pseudo + "'"));
                        if (species.put(t[0], new Species(t[0], e)) != null) {
                            throw in.error("species '" + t[0] + "' is listed twice");
                        }
                    }
                }
                case "CELL_PARAMETERS" -> {
                    cellUnit = option;
                    cellLine = in.lineNumber();
                    cell = new double[9];
                    for (int k = 0; k < 3; k++) {
                        String[] t = dataLine(in, "CELL_PARAMETERS", 3, k);
                        if (t.length != 3) {
                            throw in.error("a CELL_PARAMETERS line needs 3 numbers, found " + t.length);
                        }
                        for (int c = 0; c < 3; c++) {
                            cell[3 * k + c] = in.parseDouble(t[c].replaceAll("[dD]", "e"), "a cell vector component");
                        }
                    }
                }
                case "ATOMIC_POSITIONS" -> {
                    positionUnit = option;
                    positionsLine = in.lineNumber();
                    int nat = requireInt(in, vars, "nat");
                    for (int k = 0; k < nat; k++) {
                        String[] t = dataLine(in, "ATOMIC_POSITIONS", nat, k);
                        if (t.length != 4 && t.length != 7) {
                            throw in.error("an ATOMIC_POSITIONS line needs a label and 3 coordinates (and optionally"
                                    + " 3 if_pos flags), found " + t.length + " values");
                        }
                        double[] x = new double[3];
                        for (int c = 0; c < 3; c++) {
                            x[c] = in.parseDouble(t[c + 1].replaceAll("[dD]", "e"), "a coordinate of atom " + (k + 1));
                        }
                        labels.add(t[0]);
                        coords.add(x);
                        coordLines.add(in.lineNumber());
                    }
                }
                default -> skipCard(in);
            }
        }
        if (!sawNamelist) {
            throw in.error(0, "this is not a pw.x input: it has no &CONTROL or &SYSTEM namelist");
        }
        int ibrav = requireInt(in, vars, "ibrav");
        if (ibrav != 0) {
            throw in.error(vars.get("ibrav").line(), "ibrav = " + ibrav + " is not supported: only ibrav = 0 with a"
                    + " CELL_PARAMETERS card can be read (pw.x prints the cell vectors of any ibrav in its output,"
                    + " which the qe-out format reads)");
        }
        int nat = requireInt(in, vars, "nat");
        if (cell == null) {
            throw in.error(0, "the input has no CELL_PARAMETERS card (needed with ibrav = 0)");
        }
        if (coords.size() != nat) {
            throw in.error(0, "the input has no ATOMIC_POSITIONS card for its " + nat + " atoms");
        }
        if (species.isEmpty()) {
            throw in.error(0, "the input has no ATOMIC_SPECIES card");
        }

        // lattice parameter: celldm(1) in bohr or A in Å
        Double alat = null;
        Value celldm = vars.get("celldm(1)");
        Value a = vars.get("a");
        if (celldm != null && a != null) {
            throw in.error(a.line(), "give either celldm(1) or A, not both");
        }
        if (celldm != null) {
            alat = number(in, celldm, "celldm(1)") * Units.BOHR_ANGSTROM;
        } else if (a != null) {
            alat = number(in, a, "A");
        }
        String unit = cellUnit.isEmpty() ? (alat != null ? "alat" : "bohr") : cellUnit;
        double cellScale = switch (unit) {
            case "angstrom" -> 1.0;
            case "bohr" -> Units.BOHR_ANGSTROM;
            case "alat" -> {
                if (alat == null) {
                    throw in.error(cellLine, "CELL_PARAMETERS alat needs celldm(1) or A in &SYSTEM");
                }
                yield alat;
            }
            default -> throw in.error(cellLine, "CELL_PARAMETERS unit '" + unit + "' is not one of angstrom, bohr,"
                    + " alat");
        };
        double[] m = new double[9];
        for (int i = 0; i < 9; i++) {
            m[i] = cell[i] * cellScale;
        }
        Lattice lattice;
        try {
            lattice = Lattice.fromVectors(m);
        } catch (IllegalArgumentException e) {
            throw in.error(cellLine, "CELL_PARAMETERS do not describe a cell: " + e.getMessage());
        }
        if (alat == null) {
            alat = lattice.a(); // pw.x takes the first vector's length as alat when none is given
        }

        String posUnit = positionUnit.isEmpty() ? "alat" : positionUnit;
        Element[] elements = new Element[nat];
        double[] positions = new double[3 * nat];
        for (int i = 0; i < nat; i++) {
            Species sp = species.get(labels.get(i));
            if (sp == null) {
                throw in.error(coordLines.get(i), "atom " + (i + 1) + " has species '" + labels.get(i)
                        + "', which ATOMIC_SPECIES does not list");
            }
            elements[i] = sp.element();
            double[] x = coords.get(i);
            switch (posUnit) {
                case "crystal" -> lattice.toCartesian(x, 0, positions, 3 * i);
                case "angstrom", "bohr", "alat" -> {
                    double scale = posUnit.equals("angstrom") ? 1.0
                            : posUnit.equals("bohr") ? Units.BOHR_ANGSTROM : alat;
                    for (int c = 0; c < 3; c++) {
                        positions[3 * i + c] = x[c] * scale;
                    }
                }
                default -> throw in.error(positionsLine, "ATOMIC_POSITIONS unit '" + posUnit + "' is not supported"
                        + " (crystal, angstrom, bohr or alat)");
            }
        }
        Frame frame = new Frame(new Structure(lattice, elements, positions));
        Value calculation = vars.get("calculation");
        if (calculation != null) {
            frame.info().put("qe.calculation", unquote(calculation.text()));
        }
        return frame;
    }

    private static void readNamelist(LineSource in, String first, Map<String, Value> vars) throws IOException {
        String rest = first.substring(1).strip();
        String[] parts = rest.split("\\s+", 2);
        String body = parts.length > 1 ? parts[1] : "";
        int startLine = in.lineNumber();
        while (true) {
            String stripped = stripComment(body);
            boolean ends = endsNamelist(stripped);
            if (ends) {
                stripped = stripped.substring(0, stripped.lastIndexOf('/'));
            }
            parseAssignments(in, stripped, vars);
            if (ends) {
                return;
            }
            String line = in.next();
            if (line == null) {
                throw in.error(in.lineNumber() + 1, "the namelist &" + parts[0] + " opened on line " + startLine
                        + " is not closed with '/'");
            }
            body = line;
        }
    }

    /** A '/' outside quotes ends the namelist. */
    private static boolean endsNamelist(String text) {
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == quote) {
                    quoted = false;
                }
            } else if (ch == '\'' || ch == '"') {
                quoted = true;
                quote = ch;
            } else if (ch == '/') {
                return true;
            }
        }
        return false;
    }

    private static void parseAssignments(LineSource in, String text, Map<String, Value> vars)
            throws FormatException {
        Matcher m = ASSIGNMENT.matcher(text);
        int end = 0;
        while (m.find()) {
            String between = text.substring(end, m.start());
            if (!between.replace(",", "").isBlank()) {
                throw in.error("cannot read '" + between.strip() + "' in a namelist: expected name = value");
            }
            vars.put(m.group(1).replaceAll("\\s", "").toLowerCase(Locale.ROOT), new Value(m.group(2),
                    in.lineNumber()));
            end = m.end();
        }
        if (!text.substring(end).replace(",", "").isBlank()) {
            throw in.error("cannot read '" + text.substring(end).strip() + "' in a namelist: expected name = value");
        }
    }

    private static int requireInt(LineSource in, Map<String, Value> vars, String name) throws FormatException {
        Value v = vars.get(name);
        if (v == null) {
            throw in.error(0, "&SYSTEM has no '" + name + "'");
        }
        int n = Numbers.parseInt(v.text(), name, in.name(), v.line());
        if (n < 0 || n > Integer.MAX_VALUE / 3) {
            throw in.error(v.line(), name + " = " + n + " is out of range");
        }
        return n;
    }

    private static double number(LineSource in, Value v, String name) throws FormatException {
        return Numbers.parseDouble(v.text().replaceAll("[dD]", "e"), name, in.name(), v.line());
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("'") || s.startsWith("\"")) ? s.substring(1, s.length() - 1) : s;
    }

    /** Next non-empty line of a card, split into values; a new card or namelist or the end of file is an error. */
    private static String[] dataLine(LineSource in, String card, int expected, int found) throws IOException {
        String line;
        while ((line = in.next()) != null) {
            String content = stripComment(line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String first = content.split("[\\s{(]+", 2)[0].toUpperCase(Locale.ROOT);
            if (CARDS.contains(first) || content.startsWith("&")) {
                throw in.error(card + " has " + found + " lines, expected " + expected);
            }
            return content.split("\\s+");
        }
        throw in.error(in.lineNumber() + 1, "the file ends after " + found + " of the " + expected + " lines of "
                + card);
    }

    private static void skipCard(LineSource in) throws IOException {
        String line;
        while ((line = in.next()) != null) {
            String content = stripComment(line).strip();
            String first = content.split("[\\s{(]+", 2)[0].toUpperCase(Locale.ROOT);
            if (CARDS.contains(first) || content.startsWith("&")) {
                in.pushBack(line);
                return;
            }
        }
    }

    /** Removes a '!' or '#' comment that is not inside quotes. */
    private static String stripComment(String line) {
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == quote) {
                    quoted = false;
                }
            } else if (ch == '\'' || ch == '"') {
                quoted = true;
                quote = ch;
            } else if (ch == '!' || ch == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
