package kiseki.md;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.file.Path;

import kiseki.structure.Frame;

/**
 * Writes an MD trajectory frame by frame, straight into the file (not atomically: a run that is killed leaves the
 * frames written so far, possibly with a torn last one, which {@link TrajectoryFormat#truncateAfter} removes before
 * a run continues). Open one with {@link TrajectoryFormat#open}.
 * <p>
 * Frames hold UNWRAPPED positions (as {@link MdState} keeps them), velocities in Å/fs and optionally forces and the
 * energy; {@code frame.info()} entries {@code "step"} and {@code "time_fs"} (as {@link MdRun} writes them) give a
 * frame's step number and simulated time.
 */
public interface TrajectoryWriter extends Closeable, Flushable {

    /** Writes one frame after those already in the file. */
    void append(Frame frame) throws IOException;

    /** The file written to. */
    Path file();

    /** The format written. */
    TrajectoryFormat format();
}
