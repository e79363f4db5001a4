package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Streams frames from an extended XYZ file, one frame per {@link #next()} call, so only the current frame is held in
 * memory. See {@link ExtxyzFormat} for the accepted syntax.
 */
final class ExtxyzReader implements FrameReader {

    /** Widest per-atom property accepted; guards allocation against a garbled {@code Properties} value. */
    private static final int MAX_PROPERTY_WIDTH = 1000;
    private static final int MAX_TOTAL_COLUMNS = 10_000;
    /** Initial capacity cap: the declared atom count is only trusted as far as the file actually holds lines. */
    private static final int MAX_INITIAL_ATOMS = 4096;
    private static final Pattern STRUCTURAL_KEY =
            Pattern.compile("(?i)(^|\\s)(lattice|properties)\\s*=");

    private enum Role { SPECIES, Z, POSITION, FORCE, VELOCITY, SKIP }

    /** One column group of the Properties declaration. */
    private record Column(String name, char type, int width, int offset, Role role) {
    }

    private final LineSource in;
    private final Map<String, Element> speciesCache = new HashMap<>();
    private int framesRead;
    private boolean finished;
    private String[] tokens = new String[16];

    ExtxyzReader(LineSource in) {
        this.in = in;
    }

    @Override
    public Frame next() throws IOException {
        if (finished) {
            return null;
        }
        String countLine;
        do {
            countLine = in.next();
            if (countLine == null) {
                finished = true;
                return null;
            }
        } while (countLine.isBlank()); // blank lines between frames and at the end are harmless
        int frameNumber = framesRead + 1;
        int headerLine = in.lineNumber();
        int atomCount = parseAtomCount(countLine, frameNumber);
        String comment = in.require("the comment line of frame " + frameNumber + " (its atom count is on line "
                + headerLine + ")");
        Header header = parseHeader(comment, frameNumber);
        Frame frame = readAtoms(header, atomCount, frameNumber, headerLine);
        framesRead++;
        return frame;
    }

    private int parseAtomCount(String line, int frameNumber) throws FormatException {
        String t = line.trim();
        int count;
        try {
            count = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            String what = framesRead == 0 ? "the first line should hold the number of atoms"
                    : "after frame " + framesRead + " the next line should hold the atom count of frame "
                            + frameNumber + " (or the file should end)";
            throw in.error(what + ", found '" + abbreviate(line) + "'");
        }
        if (count < 0) {
            throw in.error("frame " + frameNumber + " declares a negative number of atoms (" + count + ")");
        }
        return count;
    }

    /** What the comment line says about the frame. */
    private static final class Header {
        Lattice lattice;
        boolean[] pbc;
        List<Column> columns;
        int totalColumns;
        Double energy;
        double[] stress;
        double[] virial;
        final Map<String, String> info = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
    }

    private Header parseHeader(String comment, int frameNumber) throws FormatException {
        Header h = new Header();
        Map<String, String> pairs;
        if (comment.indexOf('=') < 0) {
            pairs = Map.of(); // plain XYZ: the comment is free text
            if (!comment.isBlank()) {
                h.info.put("comment", comment.trim());
            }
        } else {
            try {
                pairs = ExtxyzComment.parse(comment);
            } catch (ExtxyzComment.SyntaxException e) {
                if (STRUCTURAL_KEY.matcher(comment).find()) {
                    throw in.error("cannot read the comment line of frame " + frameNumber + ": " + e.getMessage());
                }
                pairs = Map.of(); // free text that happens to contain '=': keep it whole
                h.info.put("comment", comment.trim());
            }
        }
        String properties = "species:S:1:pos:R:3";
        for (Map.Entry<String, String> p : pairs.entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            switch (ExtxyzComment.normalKey(key)) {
                case "lattice" -> h.lattice = parseLattice(value);
                case "properties" -> properties = value;
                case "energy" -> h.energy = number(value, "energy");
                case "stress" -> h.stress = parseTensor(value, "stress");
                case "virial" -> h.virial = parseTensor(value, "virial");
                case "pbc" -> h.pbc = parsePbc(value);
                default -> h.info.put(key, value);
            }
        }
        parseProperties(properties, h);
        if (h.lattice == null) {
            if (h.pbc != null && (h.pbc[0] || h.pbc[1] || h.pbc[2])) {
                h.warnings.add("line " + in.lineNumber() + ": pbc is set but there is no Lattice; the structure is "
                        + "read as non-periodic");
            }
            h.pbc = new boolean[3];
            if (h.virial != null) {
                throw in.error("virial needs a Lattice to be turned into a stress (stress = -virial / volume)");
            }
        } else if (h.pbc == null) {
            h.pbc = new boolean[] {true, true, true}; // ASE: a lattice without pbc means fully periodic
        }
        return h;
    }

    private double number(String text, String what) throws FormatException {
        return in.parseDouble(text, what);
    }

    private Lattice parseLattice(String value) throws FormatException {
        String[] items = ExtxyzComment.arrayItems(value);
        if (items.length != 9) {
            throw in.error("Lattice needs 9 numbers (vectors a, b, c), found " + items.length + ": '"
                    + abbreviate(value) + "'");
        }
        double[] m = new double[9];
        for (int k = 0; k < 9; k++) {
            m[k] = number(items[k], "Lattice component " + (k + 1));
        }
        Lattice lattice;
        try {
            lattice = Lattice.fromVectors(m);
        } catch (IllegalArgumentException e) {
            throw in.error("Lattice is not a valid cell: " + e.getMessage());
        }
        if (!Double.isFinite(lattice.volume())) {
            throw in.error("Lattice is too large to compute with (its volume overflows)");
        }
        return lattice;
    }

    private double[] parseTensor(String value, String what) throws FormatException {
        String[] items = ExtxyzComment.arrayItems(value);
        if (items.length != 9 && items.length != 6) {
            throw in.error(what + " needs 9 numbers (3×3) or 6 (Voigt xx yy zz yz xz xy), found " + items.length);
        }
        if (items.length == 6) {
            double[] v = new double[6];
            for (int k = 0; k < 6; k++) {
                v[k] = number(items[k], what + " component " + (k + 1));
            }
            return new double[] {v[0], v[5], v[4], v[5], v[1], v[3], v[4], v[3], v[2]};
        }
        double[] t = new double[9];
        for (int k = 0; k < 9; k++) {
            t[k] = number(items[k], what + " component " + (k + 1));
        }
        return t;
    }

    private boolean[] parsePbc(String value) throws FormatException {
        String[] items = ExtxyzComment.arrayItems(value);
        if (items.length != 1 && items.length != 3) {
            throw in.error("pbc needs 3 flags (such as \"T T F\"), found '" + abbreviate(value) + "'");
        }
        boolean[] pbc = new boolean[3];
        for (int k = 0; k < 3; k++) {
            String t = items[items.length == 1 ? 0 : k].toLowerCase(Locale.ROOT);
            pbc[k] = switch (t) {
                case "t", "true", "1" -> true;
                case "f", "false", "0" -> false;
                default -> throw in.error("pbc flag '" + items[items.length == 1 ? 0 : k]
                        + "' is not T/F, True/False or 1/0");
            };
        }
        return pbc;
    }

    private void parseProperties(String value, Header h) throws FormatException {
        String[] parts = value.split(":", -1);
        if (parts.length % 3 != 0) {
            throw in.error("Properties must be name:type:count triples, found '" + abbreviate(value) + "'");
        }
        List<Column> columns = new ArrayList<>();
        int offset = 0;
        boolean haveSpecies = false;
        boolean haveZ = false;
        boolean havePositions = false;
        for (int p = 0; p < parts.length; p += 3) {
            String name = parts[p];
            String typeText = parts[p + 1];
            if (name.isEmpty() || typeText.length() != 1 || "SRIL".indexOf(Character.toUpperCase(typeText.charAt(0))) < 0) {
                throw in.error("Properties entry '" + name + ":" + typeText + ":" + parts[p + 2]
                        + "' needs a name, a type S, R, I or L, and a count");
            }
            char type = Character.toUpperCase(typeText.charAt(0));
            int width;
            try {
                width = Integer.parseInt(parts[p + 2]);
            } catch (NumberFormatException e) {
                throw in.error("Properties entry '" + name + "' has a count '" + parts[p + 2]
                        + "' that is not a whole number");
            }
            if (width < 1 || width > MAX_PROPERTY_WIDTH) {
                throw in.error("Properties entry '" + name + "' declares " + width
                        + " values per atom (1 to " + MAX_PROPERTY_WIDTH + " are accepted)");
            }
            Role role = switch (name.toLowerCase(Locale.ROOT)) {
                case "species" -> haveSpecies ? Role.SKIP : Role.SPECIES;
                case "z" -> haveZ ? Role.SKIP : Role.Z;
                case "pos", "positions" -> havePositions ? Role.SKIP : Role.POSITION;
                case "forces", "force" -> Role.FORCE;
                case "vel", "velo", "velocities" -> Role.VELOCITY;
                default -> Role.SKIP;
            };
            switch (role) {
                case SPECIES -> {
                    requireShape(name, type, width, 'S', 1);
                    haveSpecies = true;
                }
                case Z -> {
                    requireShape(name, type, width, 'I', 1);
                    haveZ = true;
                }
                case POSITION -> {
                    requireShape(name, type, width, 'R', 3);
                    havePositions = true;
                }
                case FORCE, VELOCITY -> requireShape(name, type, width, 'R', 3);
                default -> {
                }
            }
            if (role == Role.FORCE && columns.stream().anyMatch(c -> c.role() == Role.FORCE)
                    || role == Role.VELOCITY && columns.stream().anyMatch(c -> c.role() == Role.VELOCITY)) {
                role = Role.SKIP; // the first force / velocity column wins
            }
            columns.add(new Column(name, type, width, offset, role));
            offset += width;
            if (offset > MAX_TOTAL_COLUMNS) {
                throw in.error("Properties declares more than " + MAX_TOTAL_COLUMNS + " columns per atom");
            }
        }
        if (!haveSpecies && !haveZ) {
            throw in.error("Properties '" + abbreviate(value) + "' has no species column (species:S:1)");
        }
        if (!havePositions) {
            throw in.error("Properties '" + abbreviate(value) + "' has no positions column (pos:R:3)");
        }
        if (haveSpecies && haveZ) {
            List<Column> adjusted = new ArrayList<>();
            for (Column c : columns) {
                adjusted.add(c.role() == Role.Z ? new Column(c.name(), c.type(), c.width(), c.offset(), Role.SKIP) : c);
            }
            columns = adjusted;
        }
        h.columns = columns;
        h.totalColumns = offset;
    }

    private void requireShape(String name, char type, int width, char wantType, int wantWidth) throws FormatException {
        if (type != wantType || width != wantWidth) {
            throw in.error("Properties entry '" + name + "' must be " + name + ":" + wantType + ":" + wantWidth
                    + ", found " + name + ":" + type + ":" + width);
        }
    }

    private Frame readAtoms(Header h, int atomCount, int frameNumber, int headerLine) throws IOException {
        int capacity = Math.min(atomCount, MAX_INITIAL_ATOMS);
        Element[] species = new Element[capacity];
        double[] positions = new double[3 * capacity];
        boolean wantForces = h.columns.stream().anyMatch(c -> c.role() == Role.FORCE);
        boolean wantVelocities = h.columns.stream().anyMatch(c -> c.role() == Role.VELOCITY);
        double[] forces = wantForces ? new double[3 * capacity] : null;
        double[] velocities = wantVelocities ? new double[3 * capacity] : null;
        if (tokens.length < h.totalColumns + 1) {
            tokens = new String[h.totalColumns + 1];
        }
        for (int atom = 0; atom < atomCount; atom++) {
            String line = in.next();
            if (line == null) {
                throw in.error(in.lineNumber() + 1, "frame " + frameNumber + " declares " + atomCount
                        + " atoms (line " + headerLine + ") but the file ends after " + atom + " atom line"
                        + (atom == 1 ? "" : "s"));
            }
            if (atom == species.length) {
                int grown = Math.min(atomCount, Math.max(16, species.length * 2));
                species = Arrays.copyOf(species, grown);
                positions = Arrays.copyOf(positions, 3 * grown);
                forces = forces == null ? null : Arrays.copyOf(forces, 3 * grown);
                velocities = velocities == null ? null : Arrays.copyOf(velocities, 3 * grown);
            }
            int found = split(line, tokens);
            if (found != h.totalColumns) {
                String what = found == 0 ? "a blank line"
                        : found > h.totalColumns ? "more than " + h.totalColumns + " values" : found + " values";
                throw in.error("atom " + (atom + 1) + " of " + atomCount + " in frame " + frameNumber + ": expected "
                        + h.totalColumns + " values (" + describe(h.columns) + "), found " + what);
            }
            for (Column c : h.columns) {
                switch (c.role()) {
                    case SPECIES -> species[atom] = element(tokens[c.offset()], atom);
                    case Z -> species[atom] = elementByNumber(tokens[c.offset()], atom);
                    case POSITION -> readVector(c, atom, positions, "position");
                    case FORCE -> readVector(c, atom, forces, "force");
                    case VELOCITY -> readVector(c, atom, velocities, "velocity");
                    default -> {
                    }
                }
            }
        }
        Element[] sp = species.length == atomCount ? species : Arrays.copyOf(species, atomCount);
        Structure structure = new Structure(h.lattice, h.pbc, sp, trim(positions, atomCount));
        Frame frame = new Frame(structure);
        if (h.energy != null) {
            frame.setEnergy(h.energy);
        }
        if (wantForces) {
            frame.setForces(trim(forces, atomCount));
        }
        if (wantVelocities) {
            frame.setVelocities(trim(velocities, atomCount));
        }
        if (h.stress != null) {
            frame.setStress(h.stress);
        } else if (h.virial != null) {
            double v = h.lattice.volume();
            double[] s = new double[9];
            for (int k = 0; k < 9; k++) {
                s[k] = -h.virial[k] / v;
            }
            frame.setStress(s);
        }
        frame.info().putAll(h.info);
        frame.warnings().addAll(h.warnings);
        return frame;
    }

    private static double[] trim(double[] a, int atoms) {
        return a.length == 3 * atoms ? a : Arrays.copyOf(a, 3 * atoms);
    }

    private void readVector(Column c, int atom, double[] target, String what) throws FormatException {
        for (int k = 0; k < 3; k++) {
            String t = tokens[c.offset() + k];
            double v;
            try {
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw in.error("atom " + (atom + 1) + ": " + what + " component " + "xyz".charAt(k)
                        + " ('" + c.name() + "' column " + (c.offset() + k + 1) + ") is not a number: '" + t + "'");
            }
            if (!Double.isFinite(v)) {
                throw in.error("atom " + (atom + 1) + ": " + what + " component " + "xyz".charAt(k)
                        + " is not a finite number: '" + t + "'");
            }
            target[3 * atom + k] = v;
        }
    }

    private Element element(String token, int atom) throws FormatException {
        Element e = speciesCache.get(token);
        if (e != null) {
            return e;
        }
        if (!token.isEmpty() && Character.isDigit(token.charAt(0))) {
            e = elementByNumber(token, atom);
        } else {
            e = PeriodicTable.bySymbol(token).orElse(null);
            if (e == null) {
                throw in.error("atom " + (atom + 1) + ": '" + abbreviate(token) + "' is not an element symbol");
            }
        }
        speciesCache.put(token, e);
        return e;
    }

    private Element elementByNumber(String token, int atom) throws FormatException {
        int z;
        try {
            z = Integer.parseInt(token);
        } catch (NumberFormatException ex) {
            throw in.error("atom " + (atom + 1) + ": '" + abbreviate(token) + "' is neither an element symbol nor "
                    + "an atomic number");
        }
        if (z < 1 || z > PeriodicTable.size()) {
            throw in.error("atom " + (atom + 1) + ": there is no element with atomic number " + z);
        }
        return PeriodicTable.byZ(z);
    }

    /** Splits on whitespace into {@code out}; returns the token count, stopping at out.length. */
    private static int split(String line, String[] out) {
        int n = 0;
        int i = 0;
        int len = line.length();
        while (true) {
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= len) {
                return n;
            }
            int start = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (n == out.length) {
                return n; // more tokens than expected: the caller reports it
            }
            out[n++] = line.substring(start, i);
        }
    }

    private static String describe(List<Column> columns) {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(c.name());
            if (c.width() > 1) {
                sb.append('×').append(c.width());
            }
        }
        return sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
