package kiseki.io;

import kiseki.structure.Frame;

import java.io.Closeable;
import java.io.IOException;

/** Streams frames from a file one at a time, so a large trajectory is never loaded whole. */
public interface FrameReader extends Closeable {

    /** The next frame, or null at the end of the file. */
    Frame next() throws IOException;
}
