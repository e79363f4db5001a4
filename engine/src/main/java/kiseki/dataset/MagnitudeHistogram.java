package kiseki.dataset;

import java.util.Arrays;

/**
 * A histogram of non-negative values with a fixed number of bins from 0 to the largest value, filled in one pass.
 *
 * <p>The bin edges depend on the largest value, known only at the end. Up to {@link #DEFAULT_EXACT_LIMIT} values
 * (32 MB) are therefore kept, and the counts are exact. Past that, the values are moved into {@value #FINE_BINS}
 * fine bins whose width is a power of two; when a value falls beyond the last fine bin, the width doubles and
 * neighbouring bins merge (exact, since the edges stay powers of two apart). At the end each fine bin goes to the
 * output bin holding its centre. Once the width has doubled at all (largest value above 2^-9), the fine range ends
 * below twice the largest value, so each output bin spans at least {@value #FINE_BINS}/(2 × bins) fine bins: only a
 * value within one fine width (under 1/800 of an output bin for 20 bins) of an output bin edge can then land in the
 * neighbouring bin.
 */
final class MagnitudeHistogram {

    /** Values kept for exact counts: 2^22 (about 4 million atoms with forces, 32 MB). */
    static final int DEFAULT_EXACT_LIMIT = 1 << 22;
    static final int FINE_BINS = 1 << 15;
    /** Starting fine width (2^-24, about 6e-8): below any force worth resolving. */
    private static final double START_WIDTH = 0x1p-24;

    private final int exactLimit;
    private double[] values = new double[4096];
    private long[] fine; // null while the values are kept
    private double width = START_WIDTH;
    private double max;
    private long count;

    MagnitudeHistogram() {
        this(DEFAULT_EXACT_LIMIT);
    }

    /** @param exactLimit values kept before switching to fine bins (tests use a small one) */
    MagnitudeHistogram(int exactLimit) {
        this.exactLimit = exactLimit;
    }

    void add(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("histogram value must be finite and non-negative: " + value);
        }
        if (value > max) {
            max = value;
        }
        if (fine == null) {
            if (count < exactLimit) {
                if (count == values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(exactLimit, 2L * values.length));
                }
                values[(int) count++] = value;
                return;
            }
            fine = new long[FINE_BINS];
            for (int i = 0; i < count; i++) {
                addFine(values[i]);
            }
            values = null;
        }
        addFine(value);
        count++;
    }

    private void addFine(double value) {
        while (value >= width * FINE_BINS) {
            for (int i = 0; i < FINE_BINS / 2; i++) {
                fine[i] = fine[2 * i] + fine[2 * i + 1];
            }
            Arrays.fill(fine, FINE_BINS / 2, FINE_BINS, 0L);
            width *= 2;
        }
        fine[Math.min((int) (value / width), FINE_BINS - 1)]++;
    }

    long count() {
        return count;
    }

    double max() {
        return max;
    }

    /** True while every value is kept, so {@link #counts} is exact. */
    boolean exact() {
        return fine == null;
    }

    /** Bin width of {@link #counts} ({@code max / bins}; 0 when every value is 0). */
    double binWidth(int bins) {
        return max / bins;
    }

    /**
     * Counts in {@code bins} equal bins from 0 to the largest value: value v goes to bin floor(v / binWidth), the
     * largest value to the last bin; all values in bin 0 when they are all 0.
     */
    long[] counts(int bins) {
        long[] out = new long[bins];
        if (count == 0) {
            return out;
        }
        double binWidth = binWidth(bins);
        if (binWidth == 0) {
            out[0] = count;
            return out;
        }
        if (fine == null) {
            for (int i = 0; i < count; i++) {
                out[(int) Math.min(bins - 1, Math.floor(values[i] / binWidth))]++;
            }
            return out;
        }
        for (int j = 0; j < FINE_BINS; j++) {
            if (fine[j] != 0) {
                double centre = (j + 0.5) * width;
                out[(int) Math.min(bins - 1, Math.floor(Math.min(centre, max) / binWidth))] += fine[j];
            }
        }
        return out;
    }
}
