package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses one POSCAR / CONTCAR structure from a line source; see {@link PoscarFormat} for the accepted layout. */
final class PoscarReader {

    /** Largest atom count accepted; beyond it the positions array could not be held (3 doubles per atom). */
    private static final long MAX_ATOMS = Integer.MAX_VALUE / 3;
    private static final int MAX_INITIAL_ATOMS = 4096;

    private final LineSource in;
    private final ReadOptions options;

    PoscarReader(LineSource in, ReadOptions options) {
        this.in = in;
        this.options = options;
    }

    Frame read() throws IOException {
        String comment = in.require("the comment line (line 1 of a POSCAR)");
        List<String> warnings = new ArrayList<>();

        // scaling: one factor, a negative target volume, or three per-component factors
        String[] scaleTokens = tokens(in.require("the scaling factor (line 2)"));
        if (scaleTokens.length == 0) {
            throw in.error("expected the scaling factor, found a blank line");
        }
        double[] componentScale = null;
        double scale;
        if (scaleTokens.length >= 3 && isNumber(scaleTokens[1]) && isNumber(scaleTokens[2])) {
            componentScale = new double[3];
            for (int k = 0; k < 3; k++) {
                componentScale[k] = in.parseDouble(scaleTokens[k], "scaling factor " + (k + 1));
                if (!(componentScale[k] > 0)) {
                    throw in.error("with three scaling factors all must be positive, factor " + (k + 1) + " is "
                            + scaleTokens[k]);
                }
            }
            scale = 1.0;
        } else {
            scale = in.parseDouble(scaleTokens[0], "the scaling factor");
            if (scale == 0) {
                throw in.error("the scaling factor is zero");
            }
        }

        int latticeLine = in.lineNumber() + 1;
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            String[] t = tokens(in.require("lattice vector " + "abc".charAt(r) + " (3 numbers)"));
            if (t.length < 3) {
                throw in.error("lattice vector " + "abc".charAt(r) + " needs 3 numbers, found " + t.length);
            }
            for (int k = 0; k < 3; k++) {
                m[3 * r + k] = in.parseDouble(t[k], "lattice vector " + "abc".charAt(r) + " component " + (k + 1));
            }
        }
        double[] positionScale = {1, 1, 1};
        if (componentScale != null) {
            for (int r = 0; r < 3; r++) {
                for (int k = 0; k < 3; k++) {
                    m[3 * r + k] *= componentScale[k];
                }
            }
            positionScale = componentScale;
        } else {
            if (scale < 0) {
                // VASP: a negative factor is the wanted cell volume (Å³)
                double rawVolume = Math.abs(det(m));
                if (!(rawVolume > 1e-12)) {
                    throw in.error(latticeLine, "the lattice vectors (lines " + latticeLine + "-" + (latticeLine + 2)
                            + ") are linearly dependent, so no volume can be scaled to " + (-scale) + " Å³");
                }
                scale = Math.cbrt(-scale / rawVolume);
            }
            if (scale != 1.0) {
                for (int k = 0; k < 9; k++) {
                    m[k] *= scale;
                }
            }
            positionScale = new double[] {scale, scale, scale};
        }
        Lattice lattice;
        try {
            lattice = Lattice.fromVectors(m);
        } catch (IllegalArgumentException e) {
            throw in.error(latticeLine, "the lattice vectors (lines " + latticeLine + "-" + (latticeLine + 2)
                    + ") do not form a cell: " + e.getMessage());
        }
        if (!Double.isFinite(lattice.volume())) {
            throw in.error(latticeLine, "the scaled lattice vectors (lines " + latticeLine + "-" + (latticeLine + 2)
                    + ") give a cell too large to compute with");
        }

        // element symbols (VASP 5) and counts
        String symbolLine = in.require("the element symbols line (line 6)");
        String[] first = tokens(symbolLine);
        if (first.length == 0) {
            throw in.error("expected the element symbols (such as 'Li Ge P S'), found a blank line");
        }
        Element[] kinds;
        String[] countTokens;
        int countsLine;
        if (isInteger(first[0])) {
            countTokens = first;
            countsLine = in.lineNumber();
            kinds = vasp4Elements(countTokens.length);
        } else {
            kinds = new Element[first.length];
            for (int k = 0; k < first.length; k++) {
                kinds[k] = symbol(first[k]);
            }
            countTokens = tokens(in.require("the atom counts line (one count per element)"));
            countsLine = in.lineNumber();
            if (countTokens.length != kinds.length) {
                throw in.error("the counts line has " + countTokens.length + " number"
                        + (countTokens.length == 1 ? "" : "s") + " but the symbols line (line " + (countsLine - 1)
                        + ") names " + kinds.length + " element" + (kinds.length == 1 ? "" : "s"));
            }
        }
        int[] counts = new int[kinds.length];
        long total = 0;
        for (int k = 0; k < counts.length; k++) {
            counts[k] = in.parseInt(countTokens[k], "the number of " + kinds[k].symbol() + " atoms");
            if (counts[k] < 0) {
                throw in.error("the number of " + kinds[k].symbol() + " atoms is negative (" + counts[k] + ")");
            }
            total += counts[k];
        }
        if (total == 0) {
            throw in.error("the counts line declares no atoms");
        }
        if (total > MAX_ATOMS) {
            throw in.error("the counts add up to " + total + " atoms, more than can be read (" + MAX_ATOMS + ")");
        }
        int atoms = (int) total;

        // optional selective dynamics, then the coordinate mode
        String modeLine = in.require("'Direct' or 'Cartesian' (or 'Selective dynamics')");
        boolean selective = false;
        if (firstChar(modeLine) == 's' || firstChar(modeLine) == 'S') {
            selective = true;
            warnings.add("line " + in.lineNumber() + ": selective dynamics flags were not kept");
            modeLine = in.require("'Direct' or 'Cartesian' after 'Selective dynamics'");
        }
        char mode = firstChar(modeLine);
        boolean cartesian;
        if (mode == 'D' || mode == 'd') {
            cartesian = false;
        } else if (mode == 'C' || mode == 'c' || mode == 'K' || mode == 'k') {
            cartesian = true;
        } else {
            throw in.error("expected 'Direct' or 'Cartesian' (first letter D, C or K), found '"
                    + ExtxyzReader.abbreviate(modeLine.trim()) + "'");
        }

        // positions
        int capacity = Math.min(atoms, MAX_INITIAL_ATOMS);
        double[] coords = new double[3 * capacity];
        for (int i = 0; i < atoms; i++) {
            String line = in.next();
            if (line == null) {
                throw in.error(in.lineNumber() + 1, "the counts line (line " + countsLine + ") declares " + atoms
                        + " atoms but the file ends after " + i + " position line" + (i == 1 ? "" : "s"));
            }
            if (3 * i == coords.length) {
                coords = Arrays.copyOf(coords, 3 * Math.min(atoms, Math.max(16, 2 * i)));
            }
            readTriple(line, coords, i, "atom " + (i + 1) + (selective ? " (x y z, then T/F flags)" : ""),
                    "coordinate");
        }
        double[] cart = new double[3 * atoms];
        for (int i = 0; i < atoms; i++) {
            if (cartesian) {
                for (int k = 0; k < 3; k++) {
                    cart[3 * i + k] = coords[3 * i + k] * positionScale[k];
                }
            } else {
                lattice.toCartesian(coords, 3 * i, cart, 3 * i);
            }
        }
        for (int i = 0; i < 3 * atoms; i++) {
            if (!Double.isFinite(cart[i])) {
                throw in.error(countsLine + 2 + (selective ? 1 : 0) + i / 3, "atom " + (i / 3 + 1)
                        + ": the position is too large to compute with");
            }
        }
        Element[] species = new Element[atoms];
        int at = 0;
        for (int k = 0; k < kinds.length; k++) {
            for (int c = 0; c < counts[k]; c++) {
                species[at++] = kinds[k];
            }
        }
        Frame frame = new Frame(new Structure(lattice, species, cart));
        frame.setVelocities(readVelocities(atoms, warnings));
        if (!comment.isBlank()) {
            frame.info().put("comment", comment.trim());
        }
        frame.warnings().addAll(warnings);
        return frame;
    }

    /** The optional CONTCAR velocity block (Cartesian, Å/fs), or null when there is none. */
    private double[] readVelocities(int atoms, List<String> warnings) throws IOException {
        String line = in.next();
        if (line == null) {
            return null;
        }
        char c = firstChar(line);
        if (c == 'D' || c == 'd') {
            warnings.add("line " + in.lineNumber() + ": velocities in Direct units were not read");
            return null;
        }
        if (c == 'L' || c == 'l') {
            warnings.add("line " + in.lineNumber() + ": lattice velocities and the data after them were not read");
            return null;
        }
        if (!(line.isBlank() || c == 'C' || c == 'c' || c == 'K' || c == 'k')) {
            throw in.error("expected the end of the file, a blank line or a velocity block after the " + atoms
                    + " atom positions, found '" + ExtxyzReader.abbreviate(line.trim())
                    + "' (do the atom counts match the position lines?)");
        }
        int blockLine = in.lineNumber();
        String firstVelocity = in.next();
        if (firstVelocity == null || firstVelocity.isBlank()) {
            return null; // trailing blank line(s): no velocities
        }
        in.pushBack(firstVelocity);
        double[] v = new double[3 * Math.min(atoms, MAX_INITIAL_ATOMS)];
        for (int i = 0; i < atoms; i++) {
            String l = in.next();
            if (l == null || l.isBlank()) {
                throw in.error(l == null ? in.lineNumber() + 1 : in.lineNumber(), "the velocity block after line "
                        + blockLine + " has " + i + " line" + (i == 1 ? "" : "s") + ", expected one per atom ("
                        + atoms + ")");
            }
            if (3 * i == v.length) {
                v = Arrays.copyOf(v, 3 * Math.min(atoms, Math.max(16, 2 * i)));
            }
            readTriple(l, v, i, "velocity of atom " + (i + 1), "component");
        }
        return v; // anything after this block (predictor-corrector data) is not needed
    }

    private void readTriple(String line, double[] out, int index, String what, String part) throws FormatException {
        String[] t = tokens(line);
        if (t.length < 3) {
            throw in.error(what + ": expected 3 numbers, found "
                    + (t.length == 0 ? "a blank line" : "'" + ExtxyzReader.abbreviate(line.trim()) + "'"));
        }
        for (int k = 0; k < 3; k++) {
            out[3 * index + k] = in.parseDouble(t[k], what + " " + part + " " + "xyz".charAt(k));
        }
    }

    private Element[] vasp4Elements(int kinds) throws FormatException {
        List<String> given = options.typeElements();
        if (given.isEmpty()) {
            throw in.error("this line should list the element symbols but holds atom counts: a VASP 4 file without "
                    + "the element symbols line; add the line (e.g. 'Li Ge P S') above the counts, or give the "
                    + "elements in order when reading (type elements)");
        }
        if (given.size() != kinds) {
            throw in.error("the counts line has " + kinds + " species but " + given.size()
                    + " element symbols were given for this VASP 4 file: " + given);
        }
        Element[] out = new Element[kinds];
        for (int k = 0; k < kinds; k++) {
            String s = given.get(k);
            out[k] = PeriodicTable.bySymbol(s).orElseThrow(
                    () -> in.error("'" + s + "' given as element " + "of this VASP 4 file is not an element symbol"));
        }
        return out;
    }

    /** An element from a symbols-line token; POTCAR suffixes such as "_sv" or "/hash" are dropped. */
    private Element symbol(String token) throws FormatException {
        int cut = token.length();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '_' || c == '/') {
                cut = i;
                break;
            }
        }
        return PeriodicTable.bySymbol(token.substring(0, cut)).orElseThrow(
                () -> in.error("'" + ExtxyzReader.abbreviate(token) + "' on the element symbols line is not an "
                        + "element symbol"));
    }

    private static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    private static char firstChar(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return line.charAt(i);
            }
        }
        return ' ';
    }

    private static String[] tokens(String line) {
        String t = line.trim();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInteger(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
