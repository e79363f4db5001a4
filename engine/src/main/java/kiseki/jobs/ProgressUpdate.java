package kiseki.jobs;

import java.util.Objects;

/**
 * Live progress of a running job, parsed by its {@link JobHandler} from a line the program printed.
 *
 * @param fraction how far the job is, 0 to 1 (values slightly outside are clamped), or NaN when unknown
 * @param text     a short description for the user, e.g. "SCF iteration 7, estimated accuracy 3.2e-6 Ry"
 */
public record ProgressUpdate(double fraction, String text) {

    public ProgressUpdate {
        Objects.requireNonNull(text, "text");
        if (!Double.isNaN(fraction)) {
            if (Double.isInfinite(fraction)) {
                throw new IllegalArgumentException("progress fraction must be finite or NaN, got " + fraction);
            }
            fraction = Math.max(0, Math.min(1, fraction));
        }
    }

    /** Progress with a known fraction. */
    public static ProgressUpdate of(double fraction, String text) {
        return new ProgressUpdate(fraction, text);
    }

    /** Progress that only has a description (the fraction is NaN). */
    public static ProgressUpdate text(String text) {
        return new ProgressUpdate(Double.NaN, text);
    }

    public boolean hasFraction() {
        return !Double.isNaN(fraction);
    }
}
