package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * LAMMPS data files (read_data / write_data), atomic style, LAMMPS "metal" units (Å, amu, Å/ps).
 *
 * <p>Reading: the header counts and box, the Masses, Atoms and Velocities sections (and Atom Type Labels); other
 * sections (Bonds, Pair Coeffs, ...) are skipped. The Atoms section may carry a style hint ({@code Atoms # atomic});
 * besides atomic, the charge, bond, angle, molecular and full styles are understood for their coordinates. Image
 * flags are applied, so the positions come back unwrapped. The box origin (xlo, ylo, zlo) is moved to 0. Each
 * LAMMPS atom type is mapped to an element by, in this order: {@link ReadOptions#typeElements()}; the Atom Type
 * Labels section; a comment after the mass ({@code 1 6.94 # Li}, as write_data, ASE and pymatgen write it); the
 * element whose standard atomic weight is closest to the mass, within 0.1 amu. Atoms come out sorted by id.
 *
 * <p>Writing: LAMMPS's restricted triclinic form (a along x, b in the xy plane, positive diagonal); a cell in any
 * other orientation is rotated rigidly together with positions and velocities. Numbers are written in full
 * precision, so reading back gives a lower-triangular cell exactly and positions to the last bit.
 */
public final class LammpsDataFormat implements StructureFormat {

    /** A mass matches an element when it is within this many amu of the standard atomic weight. */
    public static final double MASS_MATCH_TOLERANCE_AMU = 0.1;

    /** Every section name read_data knows; a line equal to one of these starts a section. */
    static final Set<String> SECTION_NAMES = Set.of("Atoms", "Velocities", "Masses", "Ellipsoids", "Lines",
            "Triangles", "Bodies", "Bonds", "Angles", "Dihedrals", "Impropers", "Pair Coeffs", "PairIJ Coeffs",
            "Bond Coeffs", "Angle Coeffs", "Dihedral Coeffs", "Improper Coeffs", "BondBond Coeffs",
            "BondAngle Coeffs", "MiddleBondTorsion Coeffs", "EndBondTorsion Coeffs", "AngleTorsion Coeffs",
            "AngleAngleTorsion Coeffs", "BondBond13 Coeffs", "AngleAngle Coeffs", "Atom Type Labels",
            "Bond Type Labels", "Angle Type Labels", "Dihedral Type Labels", "Improper Type Labels");

    /** Header keywords that do not matter for an atomic structure and are skipped. */
    private static final Set<String> IGNORED_HEADER_KEYWORDS = Set.of("bonds", "angles", "dihedrals", "impropers",
            "bond types", "angle types", "dihedral types", "improper types", "extra bond per atom",
            "extra angle per atom", "extra dihedral per atom", "extra improper per atom", "extra special per atom",
            "ellipsoids", "lines", "triangles", "bodies");

    /** Column layout of the Atoms section for the atom styles understood here. */
    private record AtomStyle(String name, int typeColumn, int xColumn, int columns) {
    }

    private static final Map<String, AtomStyle> ATOM_STYLES = Map.of(
            "atomic", new AtomStyle("atomic", 1, 2, 5),
            "charge", new AtomStyle("charge", 1, 3, 6),
            "bond", new AtomStyle("bond", 2, 3, 6),
            "angle", new AtomStyle("angle", 2, 3, 6),
            "molecular", new AtomStyle("molecular", 2, 3, 6),
            "full", new AtomStyle("full", 2, 4, 7));

    public LammpsDataFormat() {
    }

    @Override
    public String name() {
        return "lammps-data";
    }

    @Override
    public List<String> extensions() {
        return List.of("lmp", "data", "lammps");
    }

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        return FrameReader.single(file, in -> read(in, options));
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Header values; NaN / -1 when absent. */
    private static final class Header {
        long atoms = -1;
        long types = -1;
        int atomsLine;
        double[] lo = {Double.NaN, Double.NaN, Double.NaN};
        double[] hi = {Double.NaN, Double.NaN, Double.NaN};
        double[] tilt = {0, 0, 0};
        double[][] generalVectors = new double[3][];
        double[] generalOrigin;
        final List<String> warnings = new ArrayList<>();
    }

    /** Atoms section content, grown as lines are read (never sized from the header count). */
    private static final class AtomTable {
        long[] ids = new long[16];
        int[] types = new int[16];
        double[] xyz = new double[48];
        int[] images = new int[48];
        int[] lines = new int[16];
        int n;

        void add(long id, int type, double x, double y, double z, int ix, int iy, int iz, int line) {
            if (n == ids.length) {
                int cap = ids.length * 2;
                ids = Arrays.copyOf(ids, cap);
                types = Arrays.copyOf(types, cap);
                lines = Arrays.copyOf(lines, cap);
                xyz = Arrays.copyOf(xyz, 3 * cap);
                images = Arrays.copyOf(images, 3 * cap);
            }
            ids[n] = id;
            types[n] = type;
            lines[n] = line;
            xyz[3 * n] = x;
            xyz[3 * n + 1] = y;
            xyz[3 * n + 2] = z;
            images[3 * n] = ix;
            images[3 * n + 1] = iy;
            images[3 * n + 2] = iz;
            n++;
        }
    }

    private static Frame read(LineSource in, ReadOptions options) throws IOException {
        String title = in.next();
        if (title == null) {
            throw in.error(0, "the file is empty: a LAMMPS data file starts with a title line, then the header");
        }
        Header h = readHeader(in);

        Map<Integer, Double> masses = new HashMap<>();
        Map<Integer, String> massComments = new HashMap<>();
        Map<Integer, String> typeLabels = new HashMap<>();
        Map<String, Integer> labelTypes = new HashMap<>();
        AtomTable atoms = null;
        Map<Long, double[]> velocities = null;
        int velocitiesLine = 0;
        List<String> seen = new ArrayList<>();

        String line;
        while ((line = in.next()) != null) {
            String content = stripComment(line).trim();
            if (content.isEmpty()) {
                continue;
            }
            if (!SECTION_NAMES.contains(content)) {
                throw in.error("expected a section name such as 'Masses' or 'Atoms', found '" + abbreviate(line) + "'");
            }
            if (seen.contains(content)) {
                throw in.error("the " + content + " section appears twice");
            }
            seen.add(content);
            switch (content) {
                case "Masses" -> readMasses(in, h, masses, massComments, labelTypes);
                case "Atom Type Labels" -> readTypeLabels(in, h, typeLabels, labelTypes);
                case "Atoms" -> atoms = readAtoms(in, h, styleHint(line, in), labelTypes);
                case "Velocities" -> {
                    velocitiesLine = in.lineNumber();
                    velocities = readVelocities(in, h);
                }
                default -> skipSection(in);
            }
        }
        if (atoms == null) {
            if (h.atoms > 0) {
                throw in.error(0, "the file has no Atoms section (the header says " + h.atoms
                        + " atoms)");
            }
            atoms = new AtomTable();
        }

        Lattice lattice;
        double[] origin;
        try {
            if (h.generalVectors[0] != null) {
                lattice = Lattice.fromVectors(h.generalVectors[0], h.generalVectors[1], h.generalVectors[2]);
                origin = h.generalOrigin == null ? new double[3] : h.generalOrigin;
            } else {
                lattice = LammpsDataBox.lattice(h.hi[0] - h.lo[0], h.hi[1] - h.lo[1], h.hi[2] - h.lo[2], h.tilt[0],
                        h.tilt[1], h.tilt[2]);
                origin = h.lo;
            }
        } catch (IllegalArgumentException e) {
            throw in.error(0, "the box is not a valid cell: " + e.getMessage());
        }

        Element[] typeElements = resolveTypeElements(in.name(), atoms, options, masses, massComments, typeLabels);

        // sort by id; duplicate ids are an error
        Integer[] order = new Integer[atoms.n];
        for (int i = 0; i < atoms.n; i++) {
            order[i] = i;
        }
        final AtomTable t = atoms;
        Arrays.sort(order, (p, q) -> Long.compare(t.ids[p], t.ids[q]));
        for (int k = 1; k < order.length; k++) {
            if (t.ids[order[k]] == t.ids[order[k - 1]]) {
                int later = Math.max(t.lines[order[k]], t.lines[order[k - 1]]);
                int earlier = Math.min(t.lines[order[k]], t.lines[order[k - 1]]);
                throw in.error(later, "atom id " + t.ids[order[k]] + " appears twice (also on line " + earlier
                        + ")");
            }
        }

        double[] m = lattice.matrix();
        Element[] species = new Element[t.n];
        double[] positions = new double[3 * t.n];
        for (int k = 0; k < t.n; k++) {
            int i = order[k];
            species[k] = typeElements[t.types[i]];
            for (int c = 0; c < 3; c++) {
                positions[3 * k + c] = t.xyz[3 * i + c] - origin[c] + t.images[3 * i] * m[c]
                        + t.images[3 * i + 1] * m[3 + c] + t.images[3 * i + 2] * m[6 + c];
            }
        }
        Frame frame = new Frame(new Structure(lattice, species, positions));
        if (velocities != null) {
            double[] v = new double[3 * t.n];
            for (int k = 0; k < t.n; k++) {
                double[] vk = velocities.remove(t.ids[order[k]]);
                if (vk == null) {
                    throw in.error(velocitiesLine, "the Velocities section has no line for atom id " + t.ids[order[k]]);
                }
                for (int c = 0; c < 3; c++) {
                    v[3 * k + c] = vk[c] * Units.ANGSTROM_PER_PS_TO_PER_FS;
                }
            }
            if (!velocities.isEmpty()) {
                throw in.error(velocitiesLine, "the Velocities section names atom id "
                        + velocities.keySet().iterator().next() + ", which is not in the Atoms section");
            }
            frame.setVelocities(v);
        }
        if (!title.isBlank()) {
            frame.info().put("title", title.trim());
        }
        frame.warnings().addAll(h.warnings);
        return frame;
    }

    private static Header readHeader(LineSource in) throws IOException {
        Header h = new Header();
        String line;
        while ((line = in.next()) != null) {
            String content = stripComment(line).trim();
            if (content.isEmpty()) {
                continue;
            }
            if (SECTION_NAMES.contains(content)) {
                in.pushBack(line);
                break;
            }
            String[] tokens = content.split("\\s+");
            int k = 0;
            while (k < tokens.length && !Character.isLetter(tokens[k].charAt(0))) {
                k++;
            }
            String keyword = String.join(" ", Arrays.asList(tokens).subList(k, tokens.length));
            String[] values = Arrays.copyOf(tokens, k);
            switch (keyword) {
                case "atoms" -> {
                    h.atoms = count(in, values, "atoms");
                    h.atomsLine = in.lineNumber();
                }
                case "atom types" -> h.types = count(in, values, "atom types");
                case "xlo xhi" -> bounds(in, values, h, 0, "xlo xhi");
                case "ylo yhi" -> bounds(in, values, h, 1, "ylo yhi");
                case "zlo zhi" -> bounds(in, values, h, 2, "zlo zhi");
                case "xy xz yz" -> {
                    expectValues(in, values, 3, "xy xz yz");
                    for (int i = 0; i < 3; i++) {
                        h.tilt[i] = in.parseDouble(values[i], "tilt factor " + new String[] {"xy", "xz", "yz"}[i]);
                    }
                }
                case "avec", "bvec", "cvec" -> {
                    expectValues(in, values, 3, keyword);
                    double[] v = new double[3];
                    for (int i = 0; i < 3; i++) {
                        v[i] = in.parseDouble(values[i], keyword + " component");
                    }
                    h.generalVectors[keyword.charAt(0) - 'a'] = v;
                }
                case "abc origin" -> {
                    expectValues(in, values, 3, keyword);
                    h.generalOrigin = new double[3];
                    for (int i = 0; i < 3; i++) {
                        h.generalOrigin[i] = in.parseDouble(values[i], "origin component");
                    }
                }
                default -> {
                    if (keyword.isEmpty() || values.length == 0) {
                        throw in.error("unrecognised header line '" + abbreviate(line)
                                + "': expected e.g. '50 atoms', '4 atom types', '0.0 8.78 xlo xhi', or a section"
                                + " name such as 'Masses' or 'Atoms'");
                    }
                    if (!IGNORED_HEADER_KEYWORDS.contains(keyword)) {
                        h.warnings.add("line " + in.lineNumber() + ": header keyword '" + keyword + "' ignored");
                    }
                }
            }
        }
        if (h.atoms < 0) {
            throw in.error(0, "the header has no 'N atoms' line");
        }
        if (h.types < 0) {
            throw in.error(0, "the header has no 'N atom types' line");
        }
        boolean general = h.generalVectors[0] != null || h.generalVectors[1] != null || h.generalVectors[2] != null;
        if (general) {
            if (h.generalVectors[0] == null || h.generalVectors[1] == null || h.generalVectors[2] == null) {
                throw in.error(0, "a general triclinic box needs all three of 'avec', 'bvec' and 'cvec'");
            }
        } else {
            String[] names = {"xlo xhi", "ylo yhi", "zlo zhi"};
            for (int i = 0; i < 3; i++) {
                if (Double.isNaN(h.lo[i])) {
                    throw in.error(0, "the header has no '" + names[i] + "' line");
                }
            }
        }
        return h;
    }

    private static long count(LineSource in, String[] values, String what) throws FormatException {
        expectValues(in, values, 1, what);
        long n;
        try {
            n = Long.parseLong(values[0]);
        } catch (NumberFormatException e) {
            throw in.error("expected a whole number of " + what + ", found '" + values[0] + "'");
        }
        if (n < 0) {
            throw in.error("the number of " + what + " cannot be negative: " + n);
        }
        if (n > Integer.MAX_VALUE / 3) {
            throw in.error(n + " " + what + " is more than this program can hold (at most " + Integer.MAX_VALUE / 3
                    + ")");
        }
        return n;
    }

    private static void bounds(LineSource in, String[] values, Header h, int axis, String what)
            throws FormatException {
        expectValues(in, values, 2, what);
        String[] names = what.split(" ");
        h.lo[axis] = in.parseDouble(values[0], names[0]);
        h.hi[axis] = in.parseDouble(values[1], names[1]);
        if (!(h.hi[axis] > h.lo[axis])) {
            throw in.error(names[1] + " (" + values[1] + ") must be greater than " + names[0] + " (" + values[0] + ")");
        }
    }

    private static void expectValues(LineSource in, String[] values, int n, String what) throws FormatException {
        if (values.length != n) {
            throw in.error("the '" + what + "' line needs " + n + (n == 1 ? " number" : " numbers") + " before the"
                    + " keyword, found " + values.length);
        }
    }

    /** Style named in the comment after "Atoms", or null. */
    private static AtomStyle styleHint(String line, LineSource in) throws FormatException {
        int hash = line.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String hint = line.substring(hash + 1).trim();
        if (hint.isEmpty()) {
            return null;
        }
        String name = hint.split("\\s+")[0].toLowerCase(Locale.ROOT);
        AtomStyle style = ATOM_STYLES.get(name);
        if (style == null) {
            throw in.error("atom style '" + name + "' is not supported; this reader understands "
                    + String.join(", ", new java.util.TreeSet<>(ATOM_STYLES.keySet())));
        }
        return style;
    }

    /**
     * The next data line of a section (comments and blank lines skipped); a missing line or the start of another
     * section is an error that says how many lines were expected.
     */
    private static String nextDataLine(LineSource in, String section, long expected, long found, String unit)
            throws IOException {
        String line;
        while ((line = in.next()) != null) {
            String content = stripComment(line).trim();
            if (content.isEmpty()) {
                continue;
            }
            if (SECTION_NAMES.contains(content)) {
                throw in.error("the " + section + " section has " + found + " lines, expected " + expected + " ("
                        + unit + ")");
            }
            return line;
        }
        throw in.error(in.lineNumber() + 1, "expected " + expected + " lines in the " + section
                + " section, the file ends after " + found);
    }

    private static void readMasses(LineSource in, Header h, Map<Integer, Double> masses, Map<Integer, String> comments,
            Map<String, Integer> labelTypes) throws IOException {
        for (long k = 0; k < h.types; k++) {
            String line = nextDataLine(in, "Masses", h.types, k, "one per atom type");
            String[] tokens = stripComment(line).trim().split("\\s+");
            if (tokens.length != 2) {
                throw in.error("a Masses line needs 2 values (type mass), found " + tokens.length + ": '"
                        + abbreviate(line) + "'");
            }
            int type = parseType(in, tokens[0], h, labelTypes);
            double mass = in.parseDouble(tokens[1], "the mass of atom type " + type);
            if (!(mass > 0)) {
                throw in.error("the mass of atom type " + type + " must be positive, found " + tokens[1]);
            }
            if (masses.put(type, mass) != null) {
                throw in.error("atom type " + type + " has two Masses lines");
            }
            int hash = line.indexOf('#');
            if (hash >= 0 && !line.substring(hash + 1).isBlank()) {
                comments.put(type, line.substring(hash + 1).trim());
            }
        }
    }

    private static void readTypeLabels(LineSource in, Header h, Map<Integer, String> labels,
            Map<String, Integer> labelTypes) throws IOException {
        for (long k = 0; k < h.types; k++) {
            String line = nextDataLine(in, "Atom Type Labels", h.types, k, "one per atom type");
            String[] tokens = stripComment(line).trim().split("\\s+");
            if (tokens.length != 2) {
                throw in.error("an Atom Type Labels line needs 2 values (type label), found " + tokens.length);
            }
            int type = parseType(in, tokens[0], h, Map.of());
            if (labels.put(type, tokens[1]) != null) {
                throw in.error("atom type " + type + " has two labels");
            }
            labelTypes.put(tokens[1], type);
        }
    }

    private static int parseType(LineSource in, String token, Header h, Map<String, Integer> labelTypes)
            throws FormatException {
        int type;
        if (!token.isEmpty() && Character.isLetter(token.charAt(0)) && labelTypes.containsKey(token)) {
            type = labelTypes.get(token);
        } else {
            try {
                type = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw in.error("expected an atom type (a number from 1 to " + h.types + (labelTypes.isEmpty() ? ""
                        : ", or a label from the Atom Type Labels section") + "), found '" + token + "'");
            }
        }
        if (type < 1 || type > h.types) {
            throw in.error("atom type " + type + " is outside 1.." + h.types + " (the header says " + h.types
                    + " atom types)");
        }
        return type;
    }

    private static AtomTable readAtoms(LineSource in, Header h, AtomStyle hint, Map<String, Integer> labelTypes)
            throws IOException {
        AtomTable table = new AtomTable();
        AtomStyle style = hint == null ? ATOM_STYLES.get("atomic") : hint;
        for (long k = 0; k < h.atoms; k++) {
            String line = nextDataLine(in, "Atoms", h.atoms, k, "the header on line " + h.atomsLine + " says "
                    + h.atoms + " atoms");
            String[] tokens = stripComment(line).trim().split("\\s+");
            int n = style.columns();
            if (tokens.length != n && tokens.length != n + 3) {
                String expected = style.name() + " style needs " + n + " values (" + columnNames(style)
                        + ") or " + (n + 3) + " with image flags ix iy iz";
                throw in.error("an Atoms line has " + tokens.length + " values; " + expected
                        + (hint == null ? "; for another atom style name it after the section, e.g. 'Atoms # full'"
                                : ""));
            }
            long id;
            try {
                id = Long.parseLong(tokens[0]);
            } catch (NumberFormatException e) {
                throw in.error("expected an atom id (a whole number), found '" + tokens[0] + "'");
            }
            if (id < 1) {
                throw in.error("atom ids must be positive, found " + id);
            }
            int type = parseType(in, tokens[style.typeColumn()], h, labelTypes);
            int xc = style.xColumn();
            double x = in.parseDouble(tokens[xc], "x coordinate of atom " + id);
            double y = in.parseDouble(tokens[xc + 1], "y coordinate of atom " + id);
            double z = in.parseDouble(tokens[xc + 2], "z coordinate of atom " + id);
            int ix = 0;
            int iy = 0;
            int iz = 0;
            if (tokens.length == n + 3) {
                ix = in.parseInt(tokens[n], "image flag ix of atom " + id);
                iy = in.parseInt(tokens[n + 1], "image flag iy of atom " + id);
                iz = in.parseInt(tokens[n + 2], "image flag iz of atom " + id);
            }
            table.add(id, type, x, y, z, ix, iy, iz, in.lineNumber());
        }
        return table;
    }

    private static String columnNames(AtomStyle style) {
        return switch (style.name()) {
            case "atomic" -> "id type x y z";
            case "charge" -> "id type q x y z";
            case "full" -> "id molecule type q x y z";
            default -> "id molecule type x y z";
        };
    }

    private static Map<Long, double[]> readVelocities(LineSource in, Header h) throws IOException {
        Map<Long, double[]> v = new HashMap<>();
        for (long k = 0; k < h.atoms; k++) {
            String line = nextDataLine(in, "Velocities", h.atoms, k, "one per atom");
            String[] tokens = stripComment(line).trim().split("\\s+");
            if (tokens.length != 4) {
                throw in.error("a Velocities line needs 4 values (id vx vy vz), found " + tokens.length);
            }
            long id;
            try {
                id = Long.parseLong(tokens[0]);
            } catch (NumberFormatException e) {
                throw in.error("expected an atom id (a whole number), found '" + tokens[0] + "'");
            }
            double[] vel = {in.parseDouble(tokens[1], "vx of atom " + id), in.parseDouble(tokens[2], "vy of atom " + id),
                    in.parseDouble(tokens[3], "vz of atom " + id)};
            if (v.put(id, vel) != null) {
                throw in.error("atom id " + id + " has two Velocities lines");
            }
        }
        return v;
    }

    private static void skipSection(LineSource in) throws IOException {
        String line;
        while ((line = in.next()) != null) {
            if (SECTION_NAMES.contains(stripComment(line).trim())) {
                in.pushBack(line);
                return;
            }
        }
    }

    /** Element of each type in use (index = type); explains how to give the map when one cannot be found. */
    private static Element[] resolveTypeElements(String file, AtomTable atoms, ReadOptions options,
            Map<Integer, Double> masses, Map<Integer, String> comments, Map<Integer, String> labels)
            throws FormatException {
        int maxType = 0;
        for (int i = 0; i < atoms.n; i++) {
            maxType = Math.max(maxType, atoms.types[i]);
        }
        Element[] out = new Element[maxType + 1];
        List<String> given = options.typeElements();
        for (int i = 0; i < atoms.n; i++) {
            int type = atoms.types[i];
            if (out[type] != null) {
                continue;
            }
            Element e;
            if (!given.isEmpty()) {
                e = typeElementFromOptions(file, given, type);
            } else {
                e = Optional.ofNullable(labels.get(type)).flatMap(PeriodicTable::fromLabel)
                        .or(() -> Optional.ofNullable(comments.get(type)).flatMap(LammpsDataFormat::elementFromComment))
                        .orElseGet(() -> masses.containsKey(type) ? elementForMass(masses.get(type)) : null);
            }
            if (e == null) {
                String massText = masses.containsKey(type) ? " (mass " + masses.get(type) + ")" : "";
                throw new FormatException(file, atoms.lines[i], "atom type " + type + massText
                        + " cannot be mapped to an element: " + (masses.containsKey(type)
                                ? "no element comment after its mass and no element within "
                                        + MASS_MATCH_TOLERANCE_AMU + " amu"
                                : "the file has no mass for it")
                        + "; give the type-to-element map (element symbols in type order, e.g. Li,Ge,P,S for types"
                        + " 1..4) or add the element after the mass in Masses, e.g. '" + type
                        + " 6.94 # Li'");
            }
            out[type] = e;
        }
        return out;
    }

    /** Element for LAMMPS type {@code type} (1-based) from a user-given list. */
    static Element typeElementFromOptions(String file, List<String> given, int type) throws FormatException {
        if (type > given.size()) {
            throw new FormatException(file, 0, "atom type " + type + " has no element: the type-to-element map"
                    + " lists " + given.size() + " elements (" + String.join(",", given) + ")");
        }
        String symbol = given.get(type - 1);
        return PeriodicTable.bySymbol(symbol.trim()).orElseThrow(() -> new FormatException(file, 0,
                "the type-to-element map gives '" + symbol + "' for atom type " + type
                        + ", which is not an element symbol"));
    }

    /** The element named first in a Masses comment ("Li", "Li  lithium", "type Li" is not accepted). */
    private static Optional<Element> elementFromComment(String comment) {
        String first = comment.split("\\s+")[0];
        Optional<Element> exact = PeriodicTable.bySymbol(first);
        return exact.isPresent() ? exact : PeriodicTable.fromLabel(first).filter(e -> first.length() <= 4);
    }

    /** The element whose standard atomic weight is closest to {@code mass}, within 0.1 amu; null when none is. */
    static Element elementForMass(double mass) {
        Element best = null;
        double bestDiff = MASS_MATCH_TOLERANCE_AMU;
        for (int z = 1; z <= PeriodicTable.size(); z++) {
            Element e = PeriodicTable.byZ(z);
            double d = Math.abs(e.mass() - mass);
            if (d <= bestDiff) {
                best = e;
                bestDiff = d;
            }
        }
        return best;
    }

    static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    static String abbreviate(String line) {
        String t = line.strip();
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) throws IOException {
        if (frames.size() != 1) {
            throw new IllegalArgumentException("a LAMMPS data file holds exactly one structure, got " + frames.size()
                    + " frames (write trajectories as lammps-dump)");
        }
        Frame frame = frames.get(0);
        Structure s = frame.structure();
        if (!s.hasLattice()) {
            throw new IllegalArgumentException("a LAMMPS data file needs a simulation box, and this structure has"
                    + " no cell");
        }
        List<Element> types = typeOrder(List.of(s), options);
        LammpsDataBox.Orientation box = LammpsDataBox.orient(s.lattice());
        double[] positions = box.rotate(s.positions());
        double[] velocities = box.rotate(frame.velocities());
        AtomicFiles.write(file, w -> writeData(w, s, types, box, positions, velocities));
    }

    private static void writeData(Writer w, Structure s, List<Element> types, LammpsDataBox.Orientation box,
            double[] positions, double[] velocities) throws IOException {
        w.write("LAMMPS data file written by Kiseki: " + s.composition().formula() + " (" + s.size() + " atoms,"
                + " atomic style, metal units)\n\n");
        w.write(s.size() + " atoms\n");
        w.write(types.size() + " atom types\n\n");
        w.write("0.0 " + number(box.lx()) + " xlo xhi\n");
        w.write("0.0 " + number(box.ly()) + " ylo yhi\n");
        w.write("0.0 " + number(box.lz()) + " zlo zhi\n");
        if (box.triclinic()) {
            w.write(number(box.xy()) + " " + number(box.xz()) + " " + number(box.yz()) + " xy xz yz\n");
        }
        w.write("\nMasses\n\n");
        for (int t = 0; t < types.size(); t++) {
            Element e = types.get(t);
            w.write((t + 1) + " " + number(e.mass()) + " # " + e.symbol() + "\n");
        }
        w.write("\nAtoms # atomic\n\n");
        Map<Element, Integer> typeOf = typeIndex(types);
        StringBuilder sb = new StringBuilder(96);
        for (int i = 0; i < s.size(); i++) {
            sb.setLength(0);
            sb.append(i + 1).append(' ').append(typeOf.get(s.element(i))).append(' ')
                    .append(number(positions[3 * i])).append(' ').append(number(positions[3 * i + 1])).append(' ')
                    .append(number(positions[3 * i + 2])).append('\n');
            w.write(sb.toString());
        }
        if (velocities != null) {
            w.write("\nVelocities\n\n");
            for (int i = 0; i < s.size(); i++) {
                w.write((i + 1) + " " + number(velocities[3 * i] / Units.ANGSTROM_PER_PS_TO_PER_FS) + " "
                        + number(velocities[3 * i + 1] / Units.ANGSTROM_PER_PS_TO_PER_FS) + " "
                        + number(velocities[3 * i + 2] / Units.ANGSTROM_PER_PS_TO_PER_FS) + "\n");
            }
        }
    }

    /**
     * Atom types in order: the elements of {@link WriteOptions#typeElements()} when given (every element present must
     * be listed), else the elements in order of first appearance across the structures.
     */
    static List<Element> typeOrder(List<Structure> structures, WriteOptions options) {
        List<Element> types = new ArrayList<>();
        if (!options.typeElements().isEmpty()) {
            for (String symbol : options.typeElements()) {
                Element e = PeriodicTable.bySymbol(symbol.trim()).orElseThrow(() -> new IllegalArgumentException(
                        "the type-to-element map lists '" + symbol + "', which is not an element symbol"));
                if (types.contains(e)) {
                    throw new IllegalArgumentException("the type-to-element map lists " + e.symbol() + " twice");
                }
                types.add(e);
            }
            for (Structure s : structures) {
                for (Element e : s.elements()) {
                    if (!types.contains(e)) {
                        throw new IllegalArgumentException("the structure contains " + e.symbol()
                                + ", which the type-to-element map (" + String.join(",", options.typeElements())
                                + ") does not list");
                    }
                }
            }
            return types;
        }
        for (Structure s : structures) {
            for (Element e : s.elements()) {
                if (!types.contains(e)) {
                    types.add(e);
                }
            }
        }
        return types;
    }

    static Map<Element, Integer> typeIndex(List<Element> types) {
        Map<Element, Integer> m = new LinkedHashMap<>();
        for (int t = 0; t < types.size(); t++) {
            m.put(types.get(t), t + 1);
        }
        return m;
    }

    /** Shortest text that reads back to the same double (LAMMPS parses the exponent form too). */
    static String number(double v) {
        return v == 0 ? "0.0" : Double.toString(v);
    }
}
