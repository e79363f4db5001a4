package kiseki.md;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import kiseki.io.LammpsDumpFormat;
import kiseki.structure.Element;
import kiseki.structure.Frame;

/**
 * {@link TrajectoryFormat#LAMMPS_DUMP} and {@link TrajectoryFormat#LAMMPS_DUMP_IMAGES}: snapshots written by
 * {@link LammpsDumpFormat#writeSnapshot(java.io.Writer, Frame, long, double, boolean, List)}, TIMESTEP = the MD
 * step, TIME = the simulated time in ps, atom types numbered by first appearance in the first frame.
 */
final class LammpsDumpTrajectoryWriter implements TrajectoryWriter {

    private static final double PS_PER_FS = 1e-3;

    private final Path file;
    private final TrajectoryFormat format;
    private final LammpsDumpFormat dump;
    private final BufferedWriter out;
    /** ITEM: UNITS goes once at the top of a file, as LAMMPS writes it. */
    private boolean unitsWritten;
    private List<Element> types;
    private long framesWritten;

    private LammpsDumpTrajectoryWriter(Path file, TrajectoryFormat format, LammpsDumpFormat dump, BufferedWriter out,
            boolean unitsWritten) {
        this.file = file;
        this.format = format;
        this.dump = dump;
        this.out = out;
        this.unitsWritten = unitsWritten;
    }

    static LammpsDumpTrajectoryWriter open(Path file, boolean append, TrajectoryFormat format,
            LammpsDumpFormat.Coordinates coordinates) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean continuing = append && Files.isRegularFile(file) && Files.size(file) > 0;
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode), StandardCharsets.UTF_8), 1 << 16);
        return new LammpsDumpTrajectoryWriter(file, format, new LammpsDumpFormat(coordinates), w, continuing);
    }

    @Override
    public void append(Frame frame) throws IOException {
        if (types == null) {
            types = List.copyOf(frame.structure().elements());
        }
        long step = framesWritten;
        String given = frame.info().get("step");
        if (given != null) {
            step = Long.parseLong(given.strip());
        }
        String timeFs = frame.info().get("time_fs");
        double timePs = timeFs == null ? Double.NaN : Double.parseDouble(timeFs) * PS_PER_FS;
        dump.writeSnapshot(out, frame, step, timePs, !unitsWritten, types);
        unitsWritten = true;
        framesWritten++;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public TrajectoryFormat format() {
        return format;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
