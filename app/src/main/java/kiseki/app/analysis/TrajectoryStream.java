package kiseki.app.analysis;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.structure.Frame;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Streams the frames of a trajectory one at a time (never the whole file in memory) and knows how far it has got:
 * for extended XYZ, the MD tab's format, the fraction of bytes read; for other formats only the frame count.
 */
final class TrajectoryStream implements Closeable {

    private final FrameReader reader;
    private final CountingStream counter;
    private final long size;
    private int frames;

    private TrajectoryStream(FrameReader reader, CountingStream counter, long size) {
        this.reader = reader;
        this.counter = counter;
        this.size = size;
    }

    static TrajectoryStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "trajectory file not found");
        }
        StructureFormat format = StructureFormats.forPath(file).orElseThrow(() -> new IllegalArgumentException(
                file.getFileName() + ": unknown trajectory format (known: " + StructureFormats.names() + ")"));
        if (format instanceof ExtxyzFormat) {
            CountingStream counter = new CountingStream(Files.newInputStream(file));
            // same decoding as the format's own reader: bytes that are not UTF-8 are an error, not replaced
            InputStreamReader text = new InputStreamReader(counter, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            return new TrajectoryStream(ExtxyzFormat.reader(text, file.toString()), counter, Files.size(file));
        }
        return new TrajectoryStream(format.open(file, ReadOptions.DEFAULT), null, -1);
    }

    /** The next frame, or null at the end. */
    Frame next() throws IOException {
        Frame f = reader.next();
        if (f != null) {
            frames++;
        }
        return f;
    }

    int framesRead() {
        return frames;
    }

    /** Fraction of the file read, in [0, 1], or −1 when the format does not tell. */
    double fraction() {
        if (counter == null || size <= 0) {
            return -1;
        }
        return Math.min(1.0, (double) counter.count / size);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
