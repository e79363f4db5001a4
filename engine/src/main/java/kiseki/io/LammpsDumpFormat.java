package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * LAMMPS text dump files ({@code dump custom}, {@code dump atom}), LAMMPS "metal" units, read one snapshot at a
 * time.
 *
 * <p>Reading: {@code ITEM: TIMESTEP}, {@code NUMBER OF ATOMS}, {@code BOX BOUNDS} (orthogonal, restricted triclinic
 * {@code xy xz yz} or general triclinic {@code abc origin}) and {@code ATOMS} with any of the columns id, type,
 * element, mass, x y z, xu yu zu, xs ys zs, xsu ysu zsu, ix iy iz, fx fy fz, vx vy vz (others are ignored).
 * Positions are kept unwrapped whenever the file allows it (xu, xsu, or wrapped coordinates plus image flags), as
 * mean-square displacements need; {@code frame.info("lammps.coordinates")} says "unwrapped" or "wrapped". The box
 * origin is moved to 0, velocities are converted from Å/ps to Å/fs, atoms are sorted by id and the timestep goes
 * into {@code frame.info("timestep")}, an {@code ITEM: TIME} value into {@code frame.info("time")} and the unit
 * style of {@code ITEM: UNITS} (written once at the top of a file) into {@code frame.info("lammps.units")} of that
 * and every later snapshot. Elements come from an element column, else from
 * {@link ReadOptions#typeElements()} by type, else from a mass column.
 *
 * <p>Writing: columns {@code id type element xu yu zu} (or {@code x y z ix iy iz} with
 * {@link Coordinates#WRAPPED_WITH_IMAGES}), plus {@code fx fy fz} and {@code vx vy vz} when the frames have
 * forces or velocities; cells are rotated into LAMMPS's restricted triclinic orientation, as in
 * {@link LammpsDataFormat}. {@link #writeSnapshot(Writer, Frame, long, double, boolean, List)} writes one snapshot at
 * a time, with {@code ITEM: UNITS} and {@code ITEM: TIME}, for trajectories.
 */
public final class LammpsDumpFormat implements StructureFormat {

    /** How the writer stores positions. */
    public enum Coordinates {
        /** Unwrapped Cartesian coordinates {@code xu yu zu}: exact, and what diffusion analysis needs. */
        UNWRAPPED,
        /** Coordinates wrapped into the box plus image flags: {@code x y z ix iy iz}. */
        WRAPPED_WITH_IMAGES
    }

    private final Coordinates coordinates;

    public LammpsDumpFormat() {
        this(Coordinates.UNWRAPPED);
    }

    public LammpsDumpFormat(Coordinates coordinates) {
        this.coordinates = Objects.requireNonNull(coordinates, "coordinates");
    }

    @Override
    public String name() {
        return "lammps-dump";
    }

    @Override
    public List<String> extensions() {
        return List.of("lammpstrj", "dump");
    }

    @Override
    public boolean multiFrame() {
        return true;
    }

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        return new DumpReader(new LineSource(file), options);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** The cell of one snapshot with its origin (Å) and periodic flags. */
    private record Box(Lattice lattice, double[] origin, boolean[] pbc) {
    }

    /** Per-snapshot atom columns, grown as lines are read (never sized from the header count alone). */
    private static final class Columns {
        int id = -1;
        int type = -1;
        int element = -1;
        int mass = -1;
        int[] x;
        int[] xu;
        int[] xs;
        int[] xsu;
        int[] image;
        int[] force;
        int[] velocity;
        int count;
    }

    private static final class DumpReader implements FrameReader {

        private final LineSource in;
        private final ReadOptions options;
        private final Map<String, Element> elementBySymbol = new HashMap<>();
        private final Map<Integer, Element> elementByType = new HashMap<>();
        private final Map<Double, Element> elementByMass = new HashMap<>();
        private int snapshots;
        /** From 'ITEM: UNITS', which LAMMPS writes once at the top of a file: it holds for every later snapshot. */
        private String units;

        DumpReader(LineSource in, ReadOptions options) {
            this.in = in;
            this.options = options;
        }

        @Override
        public Frame next() throws IOException {
            Long timestep = null;
            long atoms = -1;
            Box box = null;
            String time = null;
            String line;
            while ((line = in.next()) != null) {
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (!t.startsWith("ITEM:")) {
                    throw in.error("expected an 'ITEM:' line, found '" + LammpsDataFormat.abbreviate(line) + "'");
                }
                String item = t.substring(5).strip();
                if (item.equals("TIMESTEP")) {
                    if (timestep != null) {
                        throw in.error("timestep " + timestep + " has no 'ITEM: ATOMS' before the next TIMESTEP");
                    }
                    String v = firstToken(in.require("the timestep number after 'ITEM: TIMESTEP'"));
                    try {
                        timestep = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw in.error("expected a timestep number, found '" + v + "'");
                    }
                } else if (item.equals("NUMBER OF ATOMS")) {
                    String v = firstToken(in.require("the number of atoms after 'ITEM: NUMBER OF ATOMS'"));
                    try {
                        atoms = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw in.error("expected the number of atoms, found '" + v + "'");
                    }
                    if (atoms < 0 || atoms > Integer.MAX_VALUE / 3) {
                        throw in.error("the number of atoms " + atoms + " is out of range (0 to "
                                + Integer.MAX_VALUE / 3 + ")");
                    }
                } else if (item.startsWith("BOX BOUNDS")) {
                    box = readBox(item.substring("BOX BOUNDS".length()).strip());
                } else if (item.startsWith("ATOMS")) {
                    int itemLine = in.lineNumber();
                    if (atoms < 0) {
                        throw in.error("'ITEM: ATOMS' comes before 'ITEM: NUMBER OF ATOMS'");
                    }
                    if (box == null) {
                        throw in.error("'ITEM: ATOMS' comes before 'ITEM: BOX BOUNDS'");
                    }
                    long step = timestep == null ? snapshots : timestep;
                    Frame frame = readAtoms(item.substring("ATOMS".length()).strip(), itemLine, (int) atoms, box,
                            step);
                    frame.info().put("timestep", Long.toString(step));
                    if (time != null) {
                        frame.info().put("time", time);
                    }
                    if (units != null) {
                        frame.info().put("lammps.units", units);
                        if (!units.equals("metal")) {
                            frame.warnings().add("the dump is in LAMMPS '" + units + "' units; positions, forces"
                                    + " and velocities were read as 'metal' units (Å, eV/Å, Å/ps)");
                        }
                    }
                    snapshots++;
                    return frame;
                } else if (item.equals("UNITS")) {
                    units = in.require("the unit style after 'ITEM: UNITS'").strip();
                } else if (item.equals("TIME")) {
                    time = firstToken(in.require("the time after 'ITEM: TIME'"));
                    in.parseDouble(time, "the simulation time");
                } else {
                    skipItem();
                }
            }
            if (timestep != null || atoms >= 0 || box != null) {
                throw in.error(in.lineNumber() + 1, "the file ends inside the snapshot of timestep "
                        + (timestep == null ? "?" : timestep) + ", before its 'ITEM: ATOMS' lines");
            }
            return null;
        }

        private void skipItem() throws IOException {
            String line;
            while ((line = in.next()) != null) {
                if (line.strip().startsWith("ITEM:")) {
                    in.pushBack(line);
                    return;
                }
            }
        }

        private Box readBox(String spec) throws IOException {
            String[] tokens = spec.isEmpty() ? new String[0] : spec.split("\\s+");
            int flagStart = 0;
            int kind = 0; // 0 orthogonal, 1 restricted triclinic, 2 general triclinic
            if (tokens.length >= 3 && tokens[0].equals("xy") && tokens[1].equals("xz") && tokens[2].equals("yz")) {
                kind = 1;
                flagStart = 3;
            } else if (tokens.length >= 2 && tokens[0].equals("abc") && tokens[1].equals("origin")) {
                kind = 2;
                flagStart = 2;
            }
            int boxLine = in.lineNumber();
            boolean[] pbc = {true, true, true};
            if (tokens.length - flagStart >= 3) {
                for (int i = 0; i < 3; i++) {
                    pbc[i] = tokens[flagStart + i].equals("pp");
                }
            } else if (tokens.length != flagStart) {
                throw in.error("'ITEM: BOX BOUNDS' needs three boundary flags such as 'pp pp pp', found '" + spec
                        + "'");
            }
            int perLine = kind == 0 ? 2 : kind == 1 ? 3 : 4;
            double[][] rows = new double[3][];
            String[] axis = {"x", "y", "z"};
            for (int i = 0; i < 3; i++) {
                String line = in.require("the " + axis[i] + " line of the box bounds");
                if (line.strip().startsWith("ITEM:")) {
                    throw in.error("the box bounds on line " + boxLine + " need 3 lines, found " + i);
                }
                String[] v = line.strip().split("\\s+");
                if (v.length != perLine) {
                    throw in.error("a box-bounds line here needs " + perLine + " numbers, found " + v.length + ": '"
                            + LammpsDataFormat.abbreviate(line) + "'");
                }
                rows[i] = new double[perLine];
                for (int k = 0; k < perLine; k++) {
                    rows[i][k] = in.parseDouble(v[k], "box bound");
                }
            }
            try {
                if (kind == 2) {
                    Lattice lattice = Lattice.fromVectors(rows[0][0], rows[0][1], rows[0][2], rows[1][0], rows[1][1],
                            rows[1][2], rows[2][0], rows[2][1], rows[2][2]);
                    return new Box(lattice, new double[] {rows[0][3], rows[1][3], rows[2][3]}, pbc);
                }
                double xy = kind == 1 ? rows[0][2] : 0;
                double xz = kind == 1 ? rows[1][2] : 0;
                double yz = kind == 1 ? rows[2][2] : 0;
                // triclinic dumps give the bounding box of the tilted cell; undo that (LAMMPS Howto triclinic)
                double xlo = rows[0][0] - LammpsDataBox.xloBoundShift(xy, xz);
                double xhi = rows[0][1] - LammpsDataBox.xhiBoundShift(xy, xz);
                double ylo = rows[1][0] - Math.min(0.0, yz);
                double yhi = rows[1][1] - Math.max(0.0, yz);
                double zlo = rows[2][0];
                double zhi = rows[2][1];
                if (!(xhi > xlo && yhi > ylo && zhi > zlo)) {
                    throw in.error(boxLine, "the box bounds give a box with no volume: x " + xlo + ".." + xhi + ", y "
                            + ylo + ".." + yhi + ", z " + zlo + ".." + zhi);
                }
                return new Box(LammpsDataBox.lattice(xhi - xlo, yhi - ylo, zhi - zlo, xy, xz, yz),
                        new double[] {xlo, ylo, zlo}, pbc);
            } catch (IllegalArgumentException e) {
                throw in.error(boxLine, "the box bounds do not give a valid cell: " + e.getMessage());
            }
        }

        private Columns parseColumns(String spec) throws FormatException {
            String[] names = spec.isEmpty() ? new String[0] : spec.split("\\s+");
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                if (index.putIfAbsent(names[i], i) != null) {
                    throw in.error("column '" + names[i] + "' appears twice in 'ITEM: ATOMS'");
                }
            }
            Columns c = new Columns();
            c.count = names.length;
            c.id = index.getOrDefault("id", -1);
            c.type = index.getOrDefault("type", -1);
            c.element = index.getOrDefault("element", -1);
            c.mass = index.getOrDefault("mass", -1);
            c.x = triple(index, "x", "y", "z");
            c.xu = triple(index, "xu", "yu", "zu");
            c.xs = triple(index, "xs", "ys", "zs");
            c.xsu = triple(index, "xsu", "ysu", "zsu");
            c.image = triple(index, "ix", "iy", "iz");
            c.force = triple(index, "fx", "fy", "fz");
            c.velocity = triple(index, "vx", "vy", "vz");
            if (c.x == null && c.xu == null && c.xs == null && c.xsu == null) {
                throw in.error("'ITEM: ATOMS' has no coordinate columns (x y z, xu yu zu, xs ys zs or xsu ysu zsu)");
            }
            if (c.element < 0 && c.mass < 0 && (c.type < 0 || options.typeElements().isEmpty())) {
                throw in.error("the atoms have no element: dump an 'element' column (dump_modify element ...) or give"
                        + " the type-to-element map for the 'type' column (element symbols in type order, e.g."
                        + " Li,Ge,P,S for types 1..4)");
            }
            return c;
        }

        private int[] triple(Map<String, Integer> index, String a, String b, String c) throws FormatException {
            Integer i = index.get(a);
            Integer j = index.get(b);
            Integer k = index.get(c);
            if (i == null && j == null && k == null) {
                return null;
            }
            if (i == null || j == null || k == null) {
                throw in.error("columns " + a + " " + b + " " + c + " must appear together in 'ITEM: ATOMS'");
            }
            return new int[] {i, j, k};
        }

        private Frame readAtoms(String spec, int itemLine, int n, Box box, long timestep) throws IOException {
            Columns c = parseColumns(spec);
            int capacity = Math.min(n, 1 << 14);
            long[] ids = new long[capacity];
            Element[] species = new Element[capacity];
            double[] pos = new double[3 * capacity];
            double[] forces = c.force == null ? null : new double[3 * capacity];
            double[] velocities = c.velocity == null ? null : new double[3 * capacity];
            int[] lines = new int[capacity];
            double[] m = box.lattice().matrix();
            double[] origin = box.origin();
            double[] v3 = new double[3];
            String[] tokens = new String[c.count];
            for (int a = 0; a < n; a++) {
                String line = in.next();
                if (line == null) {
                    throw in.error(in.lineNumber() + 1, "the file ends after " + a + " of the " + n
                            + " atom lines of timestep " + timestep);
                }
                if (line.strip().startsWith("ITEM:")) {
                    throw in.error("timestep " + timestep + " has only " + a + " atom lines, 'ITEM: NUMBER OF ATOMS'"
                            + " says " + n);
                }
                int found = split(line, tokens);
                if (found != c.count) {
                    throw in.error("an atom line has " + found + " values, 'ITEM: ATOMS' on line " + itemLine
                            + " lists " + c.count + " columns");
                }
                if (a == ids.length) {
                    int cap = Math.max(16, 2 * ids.length);
                    ids = Arrays.copyOf(ids, cap);
                    species = Arrays.copyOf(species, cap);
                    lines = Arrays.copyOf(lines, cap);
                    pos = Arrays.copyOf(pos, 3 * cap);
                    forces = forces == null ? null : Arrays.copyOf(forces, 3 * cap);
                    velocities = velocities == null ? null : Arrays.copyOf(velocities, 3 * cap);
                }
                lines[a] = in.lineNumber();
                if (c.id >= 0) {
                    try {
                        ids[a] = Long.parseLong(tokens[c.id]);
                    } catch (NumberFormatException e) {
                        throw in.error("expected an atom id (a whole number), found '" + tokens[c.id] + "'");
                    }
                } else {
                    ids[a] = a + 1;
                }
                species[a] = element(c, tokens);
                if (c.xu != null) {
                    read3(tokens, c.xu, "unwrapped coordinate", v3);
                    shift(v3, origin, pos, a);
                } else if (c.xsu != null) {
                    read3(tokens, c.xsu, "scaled unwrapped coordinate", v3);
                    scaled(v3, m, pos, a);
                } else {
                    if (c.x != null) {
                        read3(tokens, c.x, "coordinate", v3);
                        shift(v3, origin, pos, a);
                    } else {
                        read3(tokens, c.xs, "scaled coordinate", v3);
                        scaled(v3, m, pos, a);
                    }
                    if (c.image != null) {
                        for (int k = 0; k < 3; k++) {
                            int flag = in.parseInt(tokens[c.image[k]], "image flag");
                            for (int d = 0; d < 3; d++) {
                                pos[3 * a + d] += flag * m[3 * k + d];
                            }
                        }
                    }
                }
                if (forces != null) {
                    read3(tokens, c.force, "force component", v3);
                    System.arraycopy(v3, 0, forces, 3 * a, 3);
                }
                if (velocities != null) {
                    read3(tokens, c.velocity, "velocity component", v3);
                    for (int d = 0; d < 3; d++) {
                        velocities[3 * a + d] = v3[d] * Units.ANGSTROM_PER_PS_TO_PER_FS;
                    }
                }
            }
            // sort by id
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            final long[] idz = ids;
            Arrays.sort(order, (p, q) -> Long.compare(idz[p], idz[q]));
            Element[] sortedSpecies = new Element[n];
            double[] sortedPos = new double[3 * n];
            double[] sortedForces = forces == null ? null : new double[3 * n];
            double[] sortedVel = velocities == null ? null : new double[3 * n];
            for (int k = 0; k < n; k++) {
                int i = order[k];
                if (k > 0 && ids[i] == ids[order[k - 1]]) {
                    throw in.error(Math.max(lines[i], lines[order[k - 1]]), "atom id " + ids[i]
                            + " appears twice in timestep " + timestep + " (also on line "
                            + Math.min(lines[i], lines[order[k - 1]]) + ")");
                }
                sortedSpecies[k] = species[i];
                System.arraycopy(pos, 3 * i, sortedPos, 3 * k, 3);
                if (sortedForces != null) {
                    System.arraycopy(forces, 3 * i, sortedForces, 3 * k, 3);
                }
                if (sortedVel != null) {
                    System.arraycopy(velocities, 3 * i, sortedVel, 3 * k, 3);
                }
            }
            Frame frame = new Frame(new Structure(box.lattice(), box.pbc(), sortedSpecies, sortedPos));
            frame.setForces(sortedForces);
            frame.setVelocities(sortedVel);
            boolean unwrapped = c.xu != null || c.xsu != null || c.image != null;
            frame.info().put("lammps.coordinates", unwrapped ? "unwrapped" : "wrapped");
            return frame;
        }

        private Element element(Columns c, String[] tokens) throws FormatException {
            if (c.element >= 0) {
                String symbol = tokens[c.element];
                Element e = elementBySymbol.get(symbol);
                if (e == null) {
                    e = PeriodicTable.bySymbol(symbol).or(() -> PeriodicTable.fromLabel(symbol)).orElseThrow(
                            () -> in.error("element '" + symbol + "' is not a chemical element symbol"));
                    elementBySymbol.put(symbol, e);
                }
                return e;
            }
            if (c.type >= 0 && !options.typeElements().isEmpty()) {
                int type = in.parseInt(tokens[c.type], "atom type");
                if (type < 1) {
                    throw in.error("atom types start at 1, found " + type);
                }
                Element e = elementByType.get(type);
                if (e == null) {
                    try {
                        e = LammpsDataFormat.typeElementFromOptions(in.name(), options.typeElements(), type);
                    } catch (FormatException ex) {
                        throw in.error(ex.problem());
                    }
                    elementByType.put(type, e);
                }
                return e;
            }
            double mass = in.parseDouble(tokens[c.mass], "atom mass");
            Element e = elementByMass.get(mass);
            if (e == null) {
                e = LammpsDataFormat.elementForMass(mass);
                if (e == null) {
                    throw in.error("mass " + mass + " is not within " + LammpsDataFormat.MASS_MATCH_TOLERANCE_AMU
                            + " amu of any element; give the type-to-element map (element symbols in type order) or"
                            + " dump an 'element' column");
                }
                elementByMass.put(mass, e);
            }
            return e;
        }

        private void read3(String[] tokens, int[] cols, String what, double[] out) throws FormatException {
            for (int k = 0; k < 3; k++) {
                out[k] = in.parseDouble(tokens[cols[k]], what);
            }
        }

        private static void shift(double[] v, double[] origin, double[] pos, int a) {
            for (int d = 0; d < 3; d++) {
                pos[3 * a + d] = v[d] - origin[d];
            }
        }

        private static void scaled(double[] s, double[] m, double[] pos, int a) {
            for (int d = 0; d < 3; d++) {
                pos[3 * a + d] = s[0] * m[d] + s[1] * m[3 + d] + s[2] * m[6 + d];
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Splits on whitespace into {@code out}; returns the number of tokens (which may exceed out.length). */
    private static int split(String line, String[] out) {
        int n = 0;
        int len = line.length();
        int i = 0;
        while (i < len) {
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int start = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (n < out.length) {
                out[n] = line.substring(start, i);
            }
            n++;
        }
        return n;
    }

    private static String firstToken(String line) {
        String t = line.strip();
        int sp = 0;
        while (sp < t.length() && !Character.isWhitespace(t.charAt(sp))) {
            sp++;
        }
        return t.substring(0, sp);
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) throws IOException {
        List<Structure> structures = frames.stream().map(Frame::structure).toList();
        for (int k = 0; k < structures.size(); k++) {
            if (!structures.get(k).hasLattice()) {
                throw new IllegalArgumentException("frame " + (k + 1) + " has no cell; a LAMMPS dump needs a"
                        + " simulation box");
            }
        }
        List<Element> types = LammpsDataFormat.typeOrder(structures, options);
        Map<Element, Integer> typeOf = LammpsDataFormat.typeIndex(types);
        AtomicFiles.write(file, w -> {
            for (int k = 0; k < frames.size(); k++) {
                writeSnapshot(w, frames.get(k), k, typeOf);
            }
        });
    }

    private void writeSnapshot(Writer w, Frame frame, int index, Map<Element, Integer> typeOf) throws IOException {
        long timestep = index;
        String given = frame.info().get("timestep");
        if (given != null) {
            try {
                timestep = Long.parseLong(given.trim());
            } catch (NumberFormatException e) {
                timestep = index;
            }
        }
        writeTimestep(w, frame, timestep, typeOf);
    }

    /**
     * Writes one snapshot, for trajectories written frame by frame (an MD run). {@code types} fixes the type numbers
     * (type k + 1 is {@code types.get(k)}) so that every snapshot of a file agrees. A finite {@code timePs} is
     * written as {@code ITEM: TIME} (elapsed time in ps, as {@code dump_modify time yes} does in metal units), and
     * {@code withUnits} writes {@code ITEM: UNITS metal} before it, as LAMMPS does once at the top of a file; the
     * reader keeps those units for the snapshots that follow.
     *
     * @throws IllegalArgumentException if the frame has no cell or an element that {@code types} does not list
     */
    public void writeSnapshot(Writer w, Frame frame, long timestep, double timePs, boolean withUnits,
            List<Element> types) throws IOException {
        if (!frame.structure().hasLattice()) {
            throw new IllegalArgumentException("the frame has no cell; a LAMMPS dump needs a simulation box");
        }
        Map<Element, Integer> typeOf = LammpsDataFormat.typeIndex(types);
        for (Element e : frame.structure().elements()) {
            if (!typeOf.containsKey(e)) {
                throw new IllegalArgumentException("the frame contains " + e.symbol() + ", which the atom types ("
                        + types.stream().map(Element::symbol).toList() + ") do not list");
            }
        }
        if (withUnits) {
            w.write("ITEM: UNITS\nmetal\n");
        }
        if (Double.isFinite(timePs)) {
            w.write("ITEM: TIME\n" + num(timePs) + "\n");
        }
        writeTimestep(w, frame, timestep, typeOf);
    }

    private void writeTimestep(Writer w, Frame frame, long timestep, Map<Element, Integer> typeOf)
            throws IOException {
        Structure s = frame.structure();
        LammpsDataBox.Orientation box = LammpsDataBox.orient(s.lattice());
        double[] positions = box.rotate(s.positions());
        double[] forces = box.rotate(frame.forces());
        double[] velocities = box.rotate(frame.velocities());
        boolean[] pbc = s.pbc();
        String flags = (pbc[0] ? "pp" : "ff") + " " + (pbc[1] ? "pp" : "ff") + " " + (pbc[2] ? "pp" : "ff");
        w.write("ITEM: TIMESTEP\n" + timestep + "\nITEM: NUMBER OF ATOMS\n" + s.size() + "\n");
        if (box.triclinic()) {
            double xy = box.xy();
            double xz = box.xz();
            double yz = box.yz();
            w.write("ITEM: BOX BOUNDS xy xz yz " + flags + "\n");
            w.write(num(LammpsDataBox.xloBoundShift(xy, xz)) + " " + num(box.lx() + LammpsDataBox.xhiBoundShift(xy, xz))
                    + " " + num(xy) + "\n");
            w.write(num(Math.min(0.0, yz)) + " " + num(box.ly() + Math.max(0.0, yz)) + " " + num(xz) + "\n");
            w.write("0.0 " + num(box.lz()) + " " + num(yz) + "\n");
        } else {
            w.write("ITEM: BOX BOUNDS " + flags + "\n");
            w.write("0.0 " + num(box.lx()) + "\n0.0 " + num(box.ly()) + "\n0.0 " + num(box.lz()) + "\n");
        }
        boolean wrapped = coordinates == Coordinates.WRAPPED_WITH_IMAGES;
        w.write("ITEM: ATOMS id type element " + (wrapped ? "x y z ix iy iz" : "xu yu zu")
                + (forces != null ? " fx fy fz" : "") + (velocities != null ? " vx vy vz" : "") + "\n");
        Lattice cell = box.lattice();
        double[] m = cell.matrix();
        double[] frac = new double[3];
        StringBuilder sb = new StringBuilder(160);
        for (int i = 0; i < s.size(); i++) {
            sb.setLength(0);
            Element e = s.element(i);
            sb.append(i + 1).append(' ').append(typeOf.get(e)).append(' ').append(e.symbol());
            if (wrapped) {
                cell.toFractional(positions, 3 * i, frac, 0);
                int[] image = new int[3];
                for (int k = 0; k < 3; k++) {
                    image[k] = pbc[k] ? (int) Math.floor(frac[k]) : 0;
                }
                for (int d = 0; d < 3; d++) {
                    double x = positions[3 * i + d] - image[0] * m[d] - image[1] * m[3 + d] - image[2] * m[6 + d];
                    sb.append(' ').append(num(x));
                }
                sb.append(' ').append(image[0]).append(' ').append(image[1]).append(' ').append(image[2]);
            } else {
                for (int d = 0; d < 3; d++) {
                    sb.append(' ').append(num(positions[3 * i + d]));
                }
            }
            if (forces != null) {
                for (int d = 0; d < 3; d++) {
                    sb.append(' ').append(num(forces[3 * i + d]));
                }
            }
            if (velocities != null) {
                for (int d = 0; d < 3; d++) {
                    sb.append(' ').append(num(velocities[3 * i + d] / Units.ANGSTROM_PER_PS_TO_PER_FS));
                }
            }
            sb.append('\n');
            w.write(sb.toString());
        }
    }

    private static String num(double v) {
        return LammpsDataFormat.number(v);
    }
}
