package kiseki.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdamTest {

    /** y = Xβ + noise, loss = mean over the batch of (x_k·w − y_k)². */
    static final class Regression implements StochasticObjective {
        final int samples;
        final int features;
        final double[][] design;
        final double[] target;

        Regression(int samples, int features, double noise, long seed) {
            this.samples = samples;
            this.features = features;
            SplittableRandom r = new SplittableRandom(seed);
            double[] beta = new double[features];
            for (int j = 0; j < features; j++) {
                beta[j] = r.nextDouble(-3, 3);
            }
            design = new double[samples][features];
            target = new double[samples];
            for (int k = 0; k < samples; k++) {
                double y = 0;
                for (int j = 0; j < features; j++) {
                    design[k][j] = j == 0 ? 1.0 : r.nextDouble(-2, 2);   // an intercept column
                    y += design[k][j] * beta[j];
                }
                target[k] = y + noise * gaussian(r);
            }
        }

        private static double gaussian(SplittableRandom r) {
            return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }

        @Override
        public int sampleCount() {
            return samples;
        }

        @Override
        public double evaluate(double[] w, int[] indices, int from, int to, double[] gradient) {
            Arrays.fill(gradient, 0.0);
            double loss = 0;
            int count = to - from;
            for (int t = from; t < to; t++) {
                int k = indices[t];
                double residual = -target[k];
                for (int j = 0; j < features; j++) {
                    residual += design[k][j] * w[j];
                }
                loss += residual * residual / count;
                for (int j = 0; j < features; j++) {
                    gradient[j] += 2 * residual * design[k][j] / count;
                }
            }
            return loss;
        }

        /** The least-squares solution from the normal equations (Gaussian elimination with pivoting). */
        double[] leastSquares() {
            int p = features;
            double[][] a = new double[p][p + 1];
            for (int k = 0; k < samples; k++) {
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        a[i][j] += design[k][i] * design[k][j];
                    }
                    a[i][p] += design[k][i] * target[k];
                }
            }
            for (int c = 0; c < p; c++) {
                int pivot = c;
                for (int r = c + 1; r < p; r++) {
                    if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                        pivot = r;
                    }
                }
                double[] t = a[c];
                a[c] = a[pivot];
                a[pivot] = t;
                for (int r = 0; r < p; r++) {
                    if (r != c) {
                        double factor = a[r][c] / a[c][c];
                        for (int j = c; j <= p; j++) {
                            a[r][j] -= factor * a[c][j];
                        }
                    }
                }
            }
            double[] w = new double[p];
            for (int i = 0; i < p; i++) {
                w[i] = a[i][p] / a[i][i];
            }
            return w;
        }
    }

    @Test
    void noisyLinearRegressionReachesTheLeastSquaresSolution() {
        Regression problem = new Regression(500, 6, 0.3, 5);
        double[] exact = problem.leastSquares();
        double[] w = new double[6];
        List<Double> losses = new ArrayList<>();
        Adam adam = new Adam().batchSize(25).epochs(300).seed(17)
                .schedule(LearningRateSchedule.cosine(0.05, 1e-5))
                .listener(e -> losses.add(e.meanLoss()));
        Adam.Result r = adam.minimize(problem, w);
        assertEquals(Adam.Status.COMPLETED, r.status());
        assertEquals(300, r.epochs());
        assertEquals(300L * 20, r.steps());
        for (int j = 0; j < 6; j++) {
            assertEquals(exact[j], w[j], 2e-3, "w[" + j + "]");
        }
        // the loss approaches the noise variance 0.3² = 0.09
        assertEquals(0.09, losses.get(losses.size() - 1), 0.02);
        assertTrue(losses.get(0) > 5 * losses.get(losses.size() - 1));
        System.out.println("Adam regression: max |w − w_LS| = " + maxDifference(exact, w) + ", " + r);
    }

    private static double maxDifference(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void sameSeedSameRunAlsoWhenResumed() {
        Regression problem = new Regression(120, 4, 0.5, 9);
        double[] a = new double[4];
        double[] b = new double[4];
        double[] c = new double[4];
        new Adam().batchSize(7).epochs(20).seed(3).learningRate(0.02).minimize(problem, a);
        new Adam().batchSize(7).epochs(20).seed(3).learningRate(0.02).minimize(problem, b);
        assertArrayEquals(a, b, 0.0);
        // 12 + 8 epochs in two calls give exactly the same parameters (moments and epoch count persist)
        Adam split = new Adam().batchSize(7).seed(3).learningRate(0.02);
        split.epochs(12).minimize(problem, c);
        split.epochs(8).minimize(problem, c);
        assertArrayEquals(a, c, 0.0);
        assertEquals(20, split.epochsDone());
        double[] d = new double[4];
        new Adam().batchSize(7).epochs(20).seed(4).learningRate(0.02).minimize(problem, d);
        assertFalse(Arrays.equals(a, d), "another seed shuffles differently");
        split.reset();
        assertEquals(0, split.steps());
    }

    @Test
    void nonFiniteBatchesAreSkippedAndCancelAndListenerStop() {
        Regression problem = new Regression(60, 3, 0.1, 2);
        StochasticObjective flaky = new StochasticObjective() {
            int calls;

            @Override
            public int sampleCount() {
                return problem.sampleCount();
            }

            @Override
            public double evaluate(double[] x, int[] indices, int from, int to, double[] gradient) {
                double loss = problem.evaluate(x, indices, from, to, gradient);
                return ++calls % 5 == 0 ? Double.NaN : loss;
            }
        };
        double[] w = new double[3];
        Adam.Result r = new Adam().batchSize(10).epochs(50).learningRate(0.05).minimize(flaky, w);
        assertEquals(60, r.skippedBatches());
        assertEquals(50 * 6 - 60, r.steps());
        for (double v : w) {
            assertTrue(Double.isFinite(v));
        }
        double[] exact = problem.leastSquares();
        assertEquals(exact[0], w[0], 0.05);

        AtomicBoolean cancel = new AtomicBoolean();
        Adam stopped = new Adam().batchSize(10).epochs(50).listener(e -> {
            if (e.epoch() == 3) {
                cancel.set(true);
            }
            return true;
        }).cancelFlag(cancel::get);
        Adam.Result rc = stopped.minimize(problem, new double[3]);
        assertEquals(Adam.Status.CANCELLED, rc.status());
        assertEquals(3, rc.epochs());
        Adam.Result rl = new Adam().epochs(50).listener(e -> e.epoch() < 4).minimize(problem, new double[3]);
        assertEquals(Adam.Status.STOPPED_BY_LISTENER, rl.status());
        assertEquals(4, rl.epochs());
    }

    @Test
    void schedules() {
        assertEquals(0.01, LearningRateSchedule.constant(0.01).rate(12345, 99999), 0);
        LearningRateSchedule exp = LearningRateSchedule.exponential(0.1, 0.5, 10);
        assertEquals(0.1, exp.rate(0, 100), 1e-15);
        assertEquals(0.05, exp.rate(10, 100), 1e-15);
        assertEquals(0.025, exp.rate(20, 100), 1e-15);
        LearningRateSchedule cos = LearningRateSchedule.cosine(0.1, 0.001);
        assertEquals(0.1, cos.rate(0, 101), 1e-15);
        assertEquals(0.0505, cos.rate(50, 101), 1e-15);
        assertEquals(0.001, cos.rate(100, 101), 1e-15);
        assertEquals(0.001, cos.rate(500, 101), 1e-15);
    }
}
