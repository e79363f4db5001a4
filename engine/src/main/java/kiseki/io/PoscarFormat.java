package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VASP POSCAR / CONTCAR, one structure per file.
 *
 * <p>Reading (VASP 5 layout): comment line; scaling factor (one positive number multiplies the lattice and Cartesian
 * positions; one negative number is the target cell volume in Å³; three positive numbers scale the x, y and z
 * components); three lattice vectors; element symbols (POTCAR-style suffixes such as {@code Li_sv} or
 * {@code S/abc123} are accepted); atom counts; optional "Selective dynamics" line (the per-atom T/F flags are not kept,
 * a warning says so); "Direct" or "Cartesian" (only the first letter counts: D, or C / K); one line per atom (extra
 * tokens ignored). After the positions an optional CONTCAR velocity block (a blank or "Cartesian" line, then one line
 * per atom, Å/fs) becomes the frame's velocities; anything after it (predictor-corrector data) is ignored. A VASP 4
 * file (no symbols line) is refused with a clear message unless {@link ReadOptions#typeElements()} names the
 * elements. The comment line is kept as info "comment".
 *
 * <p>Writing (VASP 5, scale 1, lattice in full precision via {@link Double#toString} so the cell reads back bit for
 * bit, Direct coordinates with 16 decimals, velocities as a CONTCAR block when the frame has them). <b>POSCAR groups
 * atoms by element, so the writer reorders atoms</b>: elements in order of first appearance (or in the order of
 * {@link WriteOptions#typeElements()} when given, e.g. to match a POTCAR), and within each element the original
 * relative order. A structure already grouped by element (such as LGPS) keeps its order. Energies, forces and stress
 * are not part of the format and are not written.
 */
public final class PoscarFormat implements StructureFormat {

    /** Decimals of the Direct coordinates: 1e-16 of a cell vector, far below the 1e-8 Å round-trip target. */
    static final int DECIMALS = 16;

    public PoscarFormat() {
    }

    @Override
    public String name() {
        return "poscar";
    }

    @Override
    public List<String> extensions() {
        return List.of("poscar", "contcar", "vasp");
    }

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        return FrameReader.single(file,
                in -> new PoscarReader(in, options == null ? ReadOptions.DEFAULT : options).read());
    }

    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) throws IOException {
        if (frames.size() != 1) {
            throw new IllegalArgumentException("a POSCAR file holds exactly one structure, got " + frames.size()
                    + " frames");
        }
        String text = format(frames.get(0), options == null ? WriteOptions.DEFAULT : options);
        AtomicFiles.writeString(file, text);
    }

    /** The POSCAR text for one frame (see the class comment for the atom order). */
    static String format(Frame frame, WriteOptions options) {
        Structure s = frame.structure();
        Lattice lattice = s.lattice();
        if (lattice == null) {
            throw new IllegalArgumentException("POSCAR needs a periodic cell; this structure has none");
        }
        if (s.size() == 0) {
            throw new IllegalArgumentException("POSCAR needs at least one atom; this structure has none");
        }
        List<Element> order = elementOrder(s, options.typeElements());
        Map<Element, List<Integer>> groups = new LinkedHashMap<>();
        for (Element e : order) {
            groups.put(e, new ArrayList<>());
        }
        for (int i = 0; i < s.size(); i++) {
            groups.get(s.element(i)).add(i);
        }
        StringBuilder sb = new StringBuilder(128 + 80 * s.size());
        String comment = frame.info().getOrDefault("comment", s.composition().formula());
        sb.append(comment.replace('\r', ' ').replace('\n', ' ')).append('\n');
        sb.append("1.0\n");
        double[] m = lattice.matrix();
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                String t = Double.toString(m[3 * r + k]);
                sb.append(" ".repeat(Math.max(1, 24 - t.length()))).append(t);
            }
            sb.append('\n');
        }
        StringBuilder symbols = new StringBuilder();
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<Element, List<Integer>> g : groups.entrySet()) {
            if (g.getValue().isEmpty()) {
                continue; // an element named in typeElements but absent from the structure
            }
            String sym = g.getKey().symbol();
            String cnt = Integer.toString(g.getValue().size());
            int width = Math.max(sym.length(), cnt.length()) + 3;
            symbols.append(" ".repeat(width - sym.length())).append(sym);
            counts.append(" ".repeat(width - cnt.length())).append(cnt);
        }
        sb.append(symbols).append('\n').append(counts).append('\n');
        sb.append("Direct\n");
        double[] frac = s.fractionalPositions();
        for (List<Integer> g : groups.values()) {
            for (int i : g) {
                appendRow(sb, frac, 3 * i);
            }
        }
        double[] v = frame.velocities();
        if (v != null) {
            sb.append('\n'); // CONTCAR: a blank line, then Cartesian velocities in Å/fs
            for (List<Integer> g : groups.values()) {
                for (int i : g) {
                    appendRow(sb, v, 3 * i);
                }
            }
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, double[] values, int offset) {
        for (int k = 0; k < 3; k++) {
            String t = Numbers.fixed(values[offset + k], DECIMALS);
            sb.append(" ".repeat(Math.max(1, 23 - t.length()))).append(t);
        }
        sb.append('\n');
    }

    private static List<Element> elementOrder(Structure s, List<String> typeElements) {
        List<Element> present = s.elements();
        if (typeElements.isEmpty()) {
            return present;
        }
        List<Element> order = new ArrayList<>();
        for (String sym : typeElements) {
            Element e = PeriodicTable.bySymbol(sym).orElseThrow(
                    () -> new IllegalArgumentException("'" + sym + "' in the element order is not an element symbol"));
            if (!order.contains(e)) {
                order.add(e);
            }
        }
        for (Element e : present) {
            if (!order.contains(e)) {
                throw new IllegalArgumentException("the structure contains " + e.symbol()
                        + " but the element order " + typeElements + " does not name it");
            }
        }
        return order;
    }
}
