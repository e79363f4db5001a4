package kiseki.dataset;

import java.nio.file.Path;

/**
 * What {@link Dataset#repair} (or opening a {@link DatasetWriter}) found at the end of a dataset file.
 *
 * @param file          the dataset file
 * @param frames        complete frames in the file after the repair
 * @param keptBytes     file size after the repair
 * @param removedBytes  bytes cut off the end (0 when nothing was wrong)
 * @param removedFrame  number of the frame that was removed (1-based), 0 when nothing was removed
 * @param removedLine   line the removed part started on (1-based), 0 when nothing was removed
 * @param message       one sentence for the user: what was removed and why, or that nothing needed repair
 */
public record RepairReport(Path file, int frames, long keptBytes, long removedBytes, int removedFrame,
        int removedLine, String message) {

    /** True when an incomplete last frame was cut off. */
    public boolean repaired() {
        return removedBytes > 0;
    }
}
