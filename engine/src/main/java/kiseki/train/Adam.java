package kiseki.train;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Adam (Kingma &amp; Ba 2015) on mini-batches of a {@link StochasticObjective}: β1 = 0.9, β2 = 0.999, ε = 1e-8 by
 * default, with a {@link LearningRateSchedule}.
 *
 * <p>Each epoch visits every sample once in a shuffled order; the order of epoch e depends only on the seed and e
 * (not on how the run was split into {@link #minimize} calls), so a seeded run is reproducible bit for bit, also
 * after resuming. The moments, the step count and the epoch count persist between calls; {@link #reset()} clears
 * them. A mini-batch whose loss or gradient is not finite is skipped (counted in the result), not applied.
 * Not thread-safe; the objective may use threads internally.
 */
public final class Adam {

    /** Why {@link #minimize} returned. */
    public enum Status {
        /** All requested epochs done. */
        COMPLETED,
        STOPPED_BY_LISTENER,
        CANCELLED
    }

    /** Summary; the final parameters are in the caller's array. */
    public record Result(Status status, int epochs, long steps, double lastEpochLoss, int skippedBatches) {
    }

    /**
     * One finished epoch: its number (1-based over the optimiser's life), steps so far, the sample-weighted mean of
     * the mini-batch losses (measured before each step), the learning rate of its last step, and the live
     * parameter array (read or copy it during the call only).
     */
    public record Epoch(int epoch, long steps, double meanLoss, double learningRate, double[] x) {
    }

    /** Called after every epoch (logging, validation, checkpoints, early stopping). */
    @FunctionalInterface
    public interface Listener {
        /** Return false to stop ({@link Status#STOPPED_BY_LISTENER}). */
        boolean onEpoch(Epoch epoch);
    }

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private LearningRateSchedule schedule = LearningRateSchedule.constant(1e-3);
    private int batchSize = 32;
    private int epochs = 100;
    private long seed = 0;
    private Listener listener;
    private BooleanSupplier cancelled;

    private double[] m = new double[0];
    private double[] v = new double[0];
    private long steps;
    private int epochsDone;

    public Adam beta1(double b) {
        if (!(b >= 0 && b < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + b);
        }
        this.beta1 = b;
        return this;
    }

    public Adam beta2(double b) {
        if (!(b >= 0 && b < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + b);
        }
        this.beta2 = b;
        return this;
    }

    public Adam epsilon(double e) {
        if (!(e > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + e);
        }
        this.epsilon = e;
        return this;
    }

    public Adam learningRate(double rate) {
        this.schedule = LearningRateSchedule.constant(rate);
        return this;
    }

    public Adam schedule(LearningRateSchedule s) {
        this.schedule = Objects.requireNonNull(s);
        return this;
    }

    public Adam batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /** Epochs per {@link #minimize} call (default 100). */
    public Adam epochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("epochs must not be negative, got " + n);
        }
        this.epochs = n;
        return this;
    }

    /** Seed of the shuffling (default 0). */
    public Adam seed(long s) {
        this.seed = s;
        return this;
    }

    public Adam listener(Listener l) {
        this.listener = l;
        return this;
    }

    /** Checked before every mini-batch; when it returns true the run ends after the last applied step. */
    public Adam cancelFlag(BooleanSupplier flag) {
        this.cancelled = flag;
        return this;
    }

    /** Steps taken since construction or {@link #reset()}. */
    public long steps() {
        return steps;
    }

    /** Epochs finished since construction or {@link #reset()}. */
    public int epochsDone() {
        return epochsDone;
    }

    /** Clears the moment estimates and the step and epoch counters. */
    public void reset() {
        m = new double[0];
        v = new double[0];
        steps = 0;
        epochsDone = 0;
    }

    /** Runs {@link #epochs(int)} epochs from {@code x}; {@code x} holds the final parameters on return. */
    public Result minimize(StochasticObjective f, double[] x) {
        int n = x.length;
        if (m.length != n) {
            m = new double[n];
            v = new double[n];
            steps = 0;
        }
        int samples = f.sampleCount();
        if (samples < 1) {
            throw new IllegalArgumentException("the objective has no samples");
        }
        int batch = Math.min(batchSize, samples);
        long batchesPerEpoch = (samples + batch - 1) / batch;
        long totalSteps = steps + batchesPerEpoch * epochs;
        int[] order = new int[samples];
        double[] g = new double[n];
        double lastLoss = Double.NaN;
        int skipped = 0;
        for (int e = 0; e < epochs; e++) {
            shuffle(order, epochsDone);
            double lossSum = 0;
            int lossSamples = 0;
            double rate = Double.NaN;
            for (int from = 0; from < samples; from += batch) {
                if (cancelled != null && cancelled.getAsBoolean()) {
                    return new Result(Status.CANCELLED, epochsDone, steps, lastLoss, skipped);
                }
                int to = Math.min(samples, from + batch);
                double loss = f.evaluate(x, order, from, to, g);
                if (!Double.isFinite(loss) || !allFinite(g)) {
                    skipped++;
                    continue;
                }
                lossSum += loss * (to - from);
                lossSamples += to - from;
                rate = schedule.rate(steps, totalSteps);
                steps++;
                double c1 = 1.0 / (1.0 - Math.pow(beta1, steps));
                double c2 = 1.0 / (1.0 - Math.pow(beta2, steps));
                double b1 = beta1;
                double b2 = beta2;
                double eps = epsilon;
                for (int i = 0; i < n; i++) {
                    double gi = g[i];
                    double mi = b1 * m[i] + (1 - b1) * gi;
                    double vi = b2 * v[i] + (1 - b2) * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    x[i] -= rate * (mi * c1) / (Math.sqrt(vi * c2) + eps);
                }
            }
            epochsDone++;
            lastLoss = lossSamples > 0 ? lossSum / lossSamples : Double.NaN;
            if (listener != null && !listener.onEpoch(new Epoch(epochsDone, steps, lastLoss, rate, x))) {
                return new Result(Status.STOPPED_BY_LISTENER, epochsDone, steps, lastLoss, skipped);
            }
        }
        return new Result(Status.COMPLETED, epochsDone, steps, lastLoss, skipped);
    }

    /** order = a permutation of 0..n−1 that depends only on the seed and the epoch number (Fisher–Yates). */
    private void shuffle(int[] order, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static boolean allFinite(double[] g) {
        for (double e : g) {
            if (!Double.isFinite(e)) {
                return false;
            }
        }
        return true;
    }
}
