package kiseki.md;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts trajectories and thermo CSV files back to a step before a run continues from its restart file: the run
 * may have written past its last restart point before it was killed, and those records come again.
 * The files are scanned as bytes (they may be large) and truncated in place at the start of the first record to
 * drop.
 */
final class TrajectoryTruncation {

    /** {@code step=123} (possibly quoted) in an extxyz comment line. */
    private static final Pattern EXTXYZ_STEP = Pattern.compile("(?:^|\\s)step=\"?(-?\\d+)\"?(?:\\s|$)");

    private TrajectoryTruncation() {
    }

    /** Reads one record (frame, snapshot, row) at the current position: true to keep it, false to cut before it. */
    private interface Record {
        boolean keep(Lines lines) throws IOException;
    }

    /**
     * Keeps the leading records of {@code file} that {@code record} accepts and truncates the file where the first
     * one it refuses (or cannot read whole) begins; a header line, when there is one, always stays.
     */
    private static int keepLeading(Path file, boolean header, Record record) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int kept = 0;
        long cut = 0;
        try (Lines lines = new Lines(file)) {
            if (!header || lines.next() != null) {
                while (true) {
                    cut = lines.offset();
                    if (!record.keep(lines)) {
                        break;
                    }
                    kept++;
                }
            }
        }
        truncate(file, cut);
        return kept;
    }

    /** Extended XYZ written by {@link MdRun}: frames whose comment says {@code step=} above {@code step} go. */
    static int extxyz(Path file, long step) throws IOException {
        return keepLeading(file, false, lines -> {
            String count = lines.next();
            if (count == null || count.isBlank()) {
                return false;
            }
            int n;
            try {
                n = Integer.parseInt(count.strip());
            } catch (NumberFormatException e) {
                return false;
            }
            String comment = lines.next();
            if (comment == null || n < 0 || !lines.skip(n)) {
                return false;
            }
            Matcher m = EXTXYZ_STEP.matcher(comment);
            return !m.find() || Long.parseLong(m.group(1)) <= step;
        });
    }

    /** LAMMPS text dump: snapshots whose TIMESTEP is above {@code step} go. */
    static int lammpsDump(Path file, long step) throws IOException {
        return keepLeading(file, false, lines -> {
            long timestep = Long.MIN_VALUE;
            long atoms = -1;
            while (true) {
                String line = lines.next();
                if (line == null || !line.strip().startsWith("ITEM:")) {
                    return false; // end of file, a torn snapshot, or not a snapshot at all
                }
                String item = line.strip().substring(5).strip();
                if (item.startsWith("ATOMS")) {
                    return atoms >= 0 && lines.skip(atoms) && timestep <= step;
                }
                String value = lines.next();
                if (value == null) {
                    return false;
                }
                try {
                    if (item.equals("TIMESTEP")) {
                        timestep = Long.parseLong(value.strip());
                    } else if (item.equals("NUMBER OF ATOMS")) {
                        atoms = Long.parseLong(value.strip());
                    } else if (item.startsWith("BOX BOUNDS") && !lines.skip(2)) {
                        return false;
                    }
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        });
    }

    /**
     * A CSV whose first column is the step (thermo output): the header stays, then rows up to {@code step}; the
     * first row of a later step, an unreadable row and a torn last row go with everything after them.
     *
     * @return the number of rows kept (header not counted)
     */
    static int csvRows(Path file, long step) throws IOException {
        return keepLeading(file, true, lines -> {
            String row = lines.next();
            int comma = row == null ? -1 : row.indexOf(',');
            try {
                return comma > 0 && Long.parseLong(row.substring(0, comma).strip()) <= step;
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (ch.size() > size) {
                ch.truncate(size);
                ch.force(true);
            }
        }
    }

    /** The lines of a file with the byte offset of each; a last line without its '\n' counts as torn (null). */
    private static final class Lines implements Closeable {
        private final InputStream in;
        private byte[] buffer = new byte[256];
        private long offset;

        Lines(Path file) throws IOException {
            this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        }

        /** Where the next line starts. */
        long offset() {
            return offset;
        }

        /** The next complete line without its end, or null at the end of the file or for a torn last line. */
        String next() throws IOException {
            int length = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                offset++;
                if (b == '\n') {
                    int end = length > 0 && buffer[length - 1] == '\r' ? length - 1 : length;
                    return new String(buffer, 0, end, StandardCharsets.UTF_8);
                }
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, 2 * length);
                }
                buffer[length++] = (byte) b;
            }
        }

        /** Skips {@code count} complete lines; false if the file ends first. */
        boolean skip(long count) throws IOException {
            for (long k = 0; k < count; k++) {
                int b;
                do {
                    b = in.read();
                    if (b < 0) {
                        return false;
                    }
                    offset++;
                } while (b != '\n');
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
