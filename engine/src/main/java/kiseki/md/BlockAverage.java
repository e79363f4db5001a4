package kiseki.md;

/**
 * Mean and standard error of a correlated time series (MD steps, Monte Carlo sweeps) by block averaging, computed on
 * the fly in the manner of Flyvbjerg and Petersen (J. Chem. Phys. 91, 461 (1989)): the series is blocked
 * repeatedly by pairs, level l holding the means of blocks of 2^l consecutive values. The naive error of level l,
 * √(var_l / (n_l − 1)), grows with l until the blocks are longer than the correlation time and then levels off; the
 * reported error is the largest over the levels that still hold at least {@link #MIN_BLOCKS} blocks (a slightly
 * conservative reading of the plateau). Memory is fixed and {@link #add} allocates nothing.
 */
public final class BlockAverage {

    /** Levels with fewer blocks than this are too noisy to read an error from. */
    public static final int MIN_BLOCKS = 32;

    private static final int LEVELS = 63;

    private final long[] count = new long[LEVELS];
    private final double[] sum = new double[LEVELS];
    private final double[] sumOfSquares = new double[LEVELS];
    private final double[] pending = new double[LEVELS];
    private final boolean[] hasPending = new boolean[LEVELS];
    /** The first value: sums are taken relative to it so that the variance does not cancel away. */
    private double shift;

    /** Adds the next value of the series. */
    public void add(double value) {
        if (count[0] == 0) {
            shift = value;
        }
        double v = value - shift;
        for (int level = 0; level < LEVELS; level++) {
            count[level]++;
            sum[level] += v;
            sumOfSquares[level] += v * v;
            if (!hasPending[level]) {
                pending[level] = v;
                hasPending[level] = true;
                return;
            }
            hasPending[level] = false;
            v = 0.5 * (pending[level] + v);
        }
    }

    /** Number of values added. */
    public long count() {
        return count[0];
    }

    /** Mean of all values (NaN when empty). */
    public double mean() {
        return count[0] == 0 ? Double.NaN : shift + sum[0] / count[0];
    }

    /** Standard deviation of the values themselves (n − 1 in the denominator; NaN below 2 values). */
    public double standardDeviation() {
        return Math.sqrt(variance(0) * count[0] / (count[0] - 1.0));
    }

    /**
     * Standard error of the mean, corrected for correlation by blocking (NaN below 2 values). With fewer than
     * {@link #MIN_BLOCKS} values it is the naive error of independent values.
     */
    public double standardError() {
        if (count[0] < 2) {
            return Double.NaN;
        }
        double best = naiveError(0);
        for (int level = 1; level < LEVELS && count[level] >= MIN_BLOCKS; level++) {
            best = Math.max(best, naiveError(level));
        }
        return best;
    }

    /** Error of the mean if the block means of this level were independent. */
    private double naiveError(int level) {
        return Math.sqrt(Math.max(0, variance(level)) / (count[level] - 1.0));
    }

    /** Population variance of the block means of one level. */
    private double variance(int level) {
        long n = count[level];
        double mean = sum[level] / n;
        return sumOfSquares[level] / n - mean * mean;
    }
}
