package kiseki.io;

import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Extended XYZ (the ASE / libAtoms convention), many frames per file; plain XYZ reads too.
 *
 * <p>Each frame is an atom-count line, a comment line of {@code key=value} pairs and one line per atom. Keys read
 * (case-insensitive): {@code Lattice="ax ay az bx by bz cx cy cz"} (rows a, b, c in Å; without it the structure has
 * no cell and is not periodic), {@code Properties=species:S:1:pos:R:3:forces:R:3} (the per-atom columns in order;
 * default {@code species:S:1:pos:R:3}), {@code energy} (eV), {@code stress} (9 numbers, or 6 in Voigt order
 * xx yy zz yz xz xy; eV/Å³, positive = tensile), {@code virial} (9 or 6 numbers, eV; stress = −virial / volume when no
 * stress is given) and {@code pbc} ("T T T", "F", "True", "1 0 1"; a lattice without pbc is fully periodic). Every
 * other key, such as {@code free_energy}, goes to {@link Frame#info()} as text; a key without a value is a flag and
 * reads as "T". A comment line without {@code =} is plain XYZ free text, kept as info "comment".
 *
 * <p>Per-atom columns: {@code species} (element symbols, or atomic numbers), {@code Z} (atomic numbers, used when
 * there is no species column), {@code pos}, {@code forces} or {@code force} (eV/Å), and {@code vel}, {@code velo} or
 * {@code velocities} (Å/fs). Other columns ({@code masses}, {@code momenta}, ...) are skipped by their declared width.
 *
 * <p>Reading streams one frame at a time. Writing puts the lattice, energy and stress in full precision ({@link
 * Double#toString}, so they read back bit for bit) and positions, forces and velocities (column {@code vel}) with 10
 * decimals, then {@code pbc} and the info entries (quoted where needed; entries named like the standard keys above are
 * skipped, since the frame's own values are written).
 */
public final class ExtxyzFormat implements StructureFormat {

    /** Comment keys written from the frame itself; info entries with these names are not written again. */
    private static final Set<String> RESERVED_KEYS = Set.of("lattice", "properties", "energy", "stress", "virial",
            "pbc");
    /** Decimals for positions, forces and velocities: 1e-10 resolution, well below the 1e-8 Å round-trip target. */
    static final int DECIMALS = 10;
    /** Right-aligned width of a number column (one separating space comes on top). */
    private static final int COLUMN_WIDTH = 19;

    public ExtxyzFormat() {
    }

    @Override
    public String name() {
        return "extxyz";
    }

    @Override
    public List<String> extensions() {
        return List.of("extxyz", "xyz");
    }

    @Override
    public boolean multiFrame() {
        return true;
    }

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        return new ExtxyzReader(new LineSource(file));
    }

    /** Writes all frames atomically (temporary file, then rename). For long runs see {@link ExtxyzWriter}. */
    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) throws IOException {
        AtomicFiles.write(file, out -> {
            StringBuilder sb = new StringBuilder(1 << 14);
            for (Frame f : frames) {
                sb.setLength(0);
                appendFrame(sb, f);
                out.append(sb);
            }
        });
    }

    /** One frame as extended XYZ text, exactly as the writers write it. */
    public static String toText(Frame frame) {
        StringBuilder sb = new StringBuilder(64 + 80 * frame.structure().size());
        appendFrame(sb, frame);
        return sb.toString();
    }

    /** Streams frames from extended XYZ text held elsewhere (errors name {@code name} and the line in the text). */
    public static FrameReader reader(java.io.Reader text, String name) {
        return new ExtxyzReader(new LineSource(text, name));
    }

    /** Appends one frame in extended XYZ form (count line, comment line, atom lines, each ending in '\n'). */
    static void appendFrame(StringBuilder sb, Frame frame) {
        Structure s = frame.structure();
        int n = s.size();
        double[] forces = frame.forces();
        double[] velocities = frame.velocities();
        sb.append(n).append('\n');
        Lattice lattice = s.lattice();
        if (lattice != null) {
            sb.append("Lattice=\"");
            appendExact(sb, lattice.matrix());
            sb.append("\" ");
        }
        sb.append("Properties=species:S:1:pos:R:3");
        if (forces != null) {
            sb.append(":forces:R:3");
        }
        if (velocities != null) {
            sb.append(":vel:R:3");
        }
        if (frame.hasEnergy()) {
            sb.append(" energy=").append(Double.toString(frame.energy()));
        }
        if (frame.stress() != null) {
            sb.append(" stress=\"");
            appendExact(sb, frame.stress());
            sb.append('"');
        }
        boolean[] pbc = s.pbc();
        sb.append(" pbc=\"").append(flag(pbc[0])).append(' ').append(flag(pbc[1])).append(' ').append(flag(pbc[2]))
                .append('"');
        for (var e : frame.info().entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty() || e.getValue() == null
                    || RESERVED_KEYS.contains(ExtxyzComment.normalKey(key))) {
                continue;
            }
            sb.append(' ');
            ExtxyzComment.appendPair(sb, key, e.getValue());
        }
        sb.append('\n');
        double[] x = s.positions();
        for (int i = 0; i < n; i++) {
            String symbol = s.element(i).symbol();
            sb.append(symbol);
            for (int pad = symbol.length(); pad < 2; pad++) {
                sb.append(' ');
            }
            appendFixed(sb, x, 3 * i);
            if (forces != null) {
                appendFixed(sb, forces, 3 * i);
            }
            if (velocities != null) {
                appendFixed(sb, velocities, 3 * i);
            }
            sb.append('\n');
        }
    }

    private static char flag(boolean b) {
        return b ? 'T' : 'F';
    }

    private static void appendExact(StringBuilder sb, double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (k > 0) {
                sb.append(' ');
            }
            sb.append(Double.toString(values[k]));
        }
    }

    private static void appendFixed(StringBuilder sb, double[] values, int offset) {
        for (int k = 0; k < 3; k++) {
            String t = Numbers.fixed(values[offset + k], DECIMALS);
            for (int pad = t.length(); pad < COLUMN_WIDTH; pad++) {
                sb.append(' ');
            }
            sb.append(' ').append(t);
        }
    }
}
