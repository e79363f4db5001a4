package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Crystallographic Information File (CIF 1.1). Reading: every data block that lists atom sites is one frame; the
 * sites are expanded by the listed symmetry operators (no operators means P1), symmetry copies within 0.01 Å merge,
 * and sites with partial or shared occupancy are refused unless {@link ReadOptions#orderDisorder()} asks to keep
 * the majority species per site. The cell is built from its parameters in the standard orientation (a along x,
 * b in the xy plane). Frame info: {@code cif.block} (data block name), {@code cif.spacegroup} (H-M symbol when given).
 * Writing: one P1 data block per frame, with enough digits (12 decimals) that a read reproduces positions far
 * below 1e-8 Å.
 */
public final class CifFormat implements StructureFormat {

    /** Decimals for cell parameters and fractional coordinates: round trips keep positions far below 1e-8 Å. */
    static final int DECIMALS = 12;

    @Override
    public String name() {
        return "cif";
    }

    @Override
    public List<String> extensions() {
        return List.of("cif");
    }

    @Override
    public boolean multiFrame() {
        return true;
    }

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        LineSource source = new LineSource(file);
        return new Reader(new CifParser(source), options == null ? ReadOptions.DEFAULT : options);
    }

    /** Streams the frames of one file, one data block at a time. */
    private static final class Reader implements FrameReader {
        private final CifParser parser;
        private final ReadOptions options;
        private int frames;
        private int blocks;
        private boolean done;

        Reader(CifParser parser, ReadOptions options) {
            this.parser = parser;
            this.options = options;
        }

        @Override
        public Frame next() throws IOException {
            if (done) {
                return null;
            }
            for (CifBlock block = parser.nextBlock(); block != null; block = parser.nextBlock()) {
                blocks++;
                if (CifFrameBuilder.hasAtomSites(block)) {
                    frames++;
                    return CifFrameBuilder.build(parser.fileName(), block, options);
                }
            }
            done = true;
            if (frames == 0) {
                throw new FormatException(parser.fileName(), 0, blocks == 0
                        ? "no structure: the file has no data_ block"
                        : "no structure: none of its " + (blocks == 1 ? "data block" : blocks + " data blocks")
                                + " lists atom sites (_atom_site_fract_x or _atom_site_Cartn_x)");
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /**
     * Writes one P1 data block per frame: space group 'P 1' with the single operator {@code x, y, z}, the cell
     * parameters of the frame's lattice and fractional coordinates, both with {@value #DECIMALS} decimals. CIF stores
     * only cell parameters, so a reader rebuilds the cell in the standard orientation; the atoms keep their
     * fractional coordinates.
     *
     * @throws IllegalArgumentException when there is no frame or a frame has no cell
     */
    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) throws IOException {
        if (frames == null || frames.isEmpty()) {
            throw new IllegalArgumentException("no frame to write to " + file);
        }
        for (int i = 0; i < frames.size(); i++) {
            if (!frames.get(i).structure().hasLattice()) {
                throw new IllegalArgumentException("CIF needs a periodic cell, but frame " + (i + 1)
                        + " has none (" + frames.get(i).structure().composition().formula() + ")");
            }
        }
        AtomicFiles.write(file, out -> {
            out.write("# written by Kiseki\n");
            Set<String> names = new HashSet<>();
            for (Frame frame : frames) {
                writeBlock(out, frame, uniqueName(blockName(frame), names));
            }
        });
    }

    private static String blockName(Frame frame) {
        String name = frame.info().get("cif.block");
        if (name == null || name.isBlank()) {
            name = frame.structure().composition().formula();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c > ' ' && c < 127 ? c : '_');
        }
        return sb.length() == 0 ? "structure" : sb.toString();
    }

    private static String uniqueName(String name, Set<String> used) {
        String candidate = name;
        for (int k = 2; !used.add(candidate.toLowerCase(java.util.Locale.ROOT)); k++) {
            candidate = name + "_" + k;
        }
        return candidate;
    }

    private static void writeBlock(Writer out, Frame frame, String name) throws IOException {
        Structure s = frame.structure();
        Lattice l = s.lattice();
        StringBuilder sb = new StringBuilder();
        sb.append("data_").append(name).append('\n');
        sb.append("_symmetry_space_group_name_H-M   'P 1'\n");
        sb.append("_symmetry_Int_Tables_number   1\n");
        sb.append("_cell_length_a   ").append(Numbers.fixed(l.a(), DECIMALS)).append('\n');
        sb.append("_cell_length_b   ").append(Numbers.fixed(l.b(), DECIMALS)).append('\n');
        sb.append("_cell_length_c   ").append(Numbers.fixed(l.c(), DECIMALS)).append('\n');
        sb.append("_cell_angle_alpha   ").append(Numbers.fixed(l.alpha(), DECIMALS)).append('\n');
        sb.append("_cell_angle_beta   ").append(Numbers.fixed(l.beta(), DECIMALS)).append('\n');
        sb.append("_cell_angle_gamma   ").append(Numbers.fixed(l.gamma(), DECIMALS)).append('\n');
        sb.append("_cell_volume   ").append(Numbers.fixed(l.volume(), 6)).append('\n');
        sb.append("_chemical_formula_sum   '").append(formulaSum(s)).append("'\n");
        sb.append("loop_\n _symmetry_equiv_pos_site_id\n _symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\n");
        sb.append("loop_\n _atom_site_type_symbol\n _atom_site_label\n _atom_site_fract_x\n _atom_site_fract_y\n"
                + " _atom_site_fract_z\n _atom_site_occupancy\n");
        out.write(sb.toString());
        double[] frac = s.fractionalPositions();
        Map<Element, Integer> counters = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            Element e = s.element(i);
            int n = counters.merge(e, 1, Integer::sum);
            sb.setLength(0);
            sb.append("  ").append(e.symbol()).append("  ").append(e.symbol()).append(n);
            for (int k = 0; k < 3; k++) {
                sb.append("  ").append(Numbers.fixed(frac[3 * i + k], DECIMALS));
            }
            sb.append("  1\n");
            out.write(sb.toString());
        }
    }

    /** "Li20 Ge2 P4 S24" */
    private static String formulaSum(Structure s) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Element, Integer> e : s.composition().counts().entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey().symbol());
            if (e.getValue() != 1) {
                sb.append(e.getValue());
            }
        }
        return sb.toString();
    }
}
