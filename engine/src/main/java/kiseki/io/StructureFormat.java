package kiseki.io;

import kiseki.structure.Frame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One file format for structures and labelled frames. Readers throw {@link FormatException} for bad content (naming
 * file, line and problem) and plain {@link IOException} only for I/O failures; writers write atomically.
 */
public interface StructureFormat {

    /** Short name used on the command line, e.g. "cif", "extxyz", "poscar", "lammps-data". */
    String name();

    /** File-name endings (lower case, without the dot) or whole names ("POSCAR") that select this format. */
    List<String> extensions();

    default boolean canRead() {
        return true;
    }

    default boolean canWrite() {
        return true;
    }

    /** Whether one file can hold several frames. */
    default boolean multiFrame() {
        return false;
    }

    /** Opens a streaming reader over the file's frames. */
    FrameReader open(Path file, ReadOptions options) throws IOException;

    /** Writes the frames; a single-frame format refuses more than one. */
    void write(Path file, List<Frame> frames, WriteOptions options) throws IOException;

    /** Reads all frames. */
    default List<Frame> readAll(Path file, ReadOptions options) throws IOException {
        List<Frame> out = new ArrayList<>();
        try (FrameReader r = open(file, options)) {
            for (Frame f = r.next(); f != null; f = r.next()) {
                out.add(f);
            }
        }
        return out;
    }

    /** Reads the first frame, failing clearly when the file has none. */
    default Frame readFirst(Path file, ReadOptions options) throws IOException {
        try (FrameReader r = open(file, options)) {
            Frame f = r.next();
            if (f == null) {
                throw new FormatException(file, 0, "the file holds no structure");
            }
            return f;
        }
    }
}
