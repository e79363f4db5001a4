package kiseki.io;

import kiseki.structure.Frame;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/** Streams frames from a file one at a time, so a large trajectory is never loaded whole. */
public interface FrameReader extends Closeable {

    /** The next frame, or null at the end of the file. */
    Frame next() throws IOException;

    /** Parses one frame from an open line source. */
    @FunctionalInterface
    interface SingleFrameParser {
        Frame parse(LineSource in) throws IOException;
    }

    /** A reader for single-structure formats: parses the file's one frame on the first call, then reports the end. */
    static FrameReader single(Path file, SingleFrameParser parser) throws IOException {
        LineSource in = new LineSource(file);
        return new FrameReader() {
            private boolean done;

            @Override
            public Frame next() throws IOException {
                if (done) {
                    return null;
                }
                done = true;
                return parser.parse(in);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
