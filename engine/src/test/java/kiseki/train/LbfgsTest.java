package kiseki.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    /** Σ_i 100(x_{i+1} − x_i²)² + (1 − x_i)² (chained Rosenbrock; 2-D is the classic banana). */
    static final Objective ROSENBROCK = (x, g) -> {
        double f = 0;
        java.util.Arrays.fill(g, 0.0);
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    };

    private static void assertAllOnes(double[] x, double tol) {
        for (int i = 0; i < x.length; i++) {
            assertEquals(1.0, x[i], tol, "x[" + i + "]");
        }
    }

    @Test
    void rosenbrock2d() {
        double[] x = {-1.2, 1.0};
        Lbfgs.Result r = new Lbfgs().gradientTolerance(1e-10).minimize(ROSENBROCK, x);
        assertEquals(Lbfgs.Status.CONVERGED, r.status(), r.toString());
        assertAllOnes(x, 1e-6);
        assertTrue(r.iterations() < 100, r.toString());
        System.out.println("L-BFGS Rosenbrock 2-D: " + r);
    }

    @Test
    void rosenbrock10d() {
        double[] x = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = i % 2 == 0 ? -1.2 : 1.0;
        }
        // from this start the chained function has a local minimum near x0 = −1; start from 0 as well
        double[] y = new double[10];
        Lbfgs lbfgs = new Lbfgs().gradientTolerance(1e-10);
        Lbfgs.Result r = lbfgs.minimize(ROSENBROCK, y);
        assertEquals(Lbfgs.Status.CONVERGED, r.status(), r.toString());
        assertAllOnes(y, 1e-6);
        System.out.println("L-BFGS Rosenbrock 10-D from 0: " + r);
        // the extended (uncoupled pairs) Rosenbrock from the standard start (Moré, Garbow, Hillstrom #21)
        Objective extended = (z, g) -> {
            double f = 0;
            for (int i = 0; i < z.length; i += 2) {
                double a = z[i + 1] - z[i] * z[i];
                double b = 1 - z[i];
                f += 100 * a * a + b * b;
                g[i] = -400 * a * z[i] - 2 * b;
                g[i + 1] = 200 * a;
            }
            return f;
        };
        lbfgs.resetHistory();
        r = lbfgs.minimize(extended, x);
        assertEquals(Lbfgs.Status.CONVERGED, r.status(), r.toString());
        assertAllOnes(x, 1e-6);
        System.out.println("L-BFGS extended Rosenbrock 10-D: " + r);
    }

    @Test
    void badlyScaledQuadratic() {
        int n = 60;
        double[] lambda = new double[n];
        double[] c = new double[n];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            lambda[i] = Math.pow(10, 6.0 * i / (n - 1));   // condition number 1e6
            c[i] = random.nextDouble(-5, 5);
        }
        // rotate so that the problem is not separable: f = ½ (Qx − c)ᵀ Λ (Qx − c) with Q a Householder reflection
        double[] v = new double[n];
        double vv = 0;
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-1, 1);
            vv += v[i] * v[i];
        }
        double norm = Math.sqrt(vv);
        for (int i = 0; i < n; i++) {
            v[i] /= norm;
        }
        Objective f = (x, g) -> {
            double vx = WolfeLineSearch.dot(v, x, n);
            double[] r = new double[n];
            double value = 0;
            for (int i = 0; i < n; i++) {
                r[i] = lambda[i] * (x[i] - 2 * v[i] * vx - c[i]);
                value += 0.5 * (x[i] - 2 * v[i] * vx - c[i]) * r[i];
            }
            double vr = WolfeLineSearch.dot(v, r, n);
            for (int i = 0; i < n; i++) {
                g[i] = r[i] - 2 * v[i] * vr;
            }
            return value;
        };
        double[] x = new double[n];
        Lbfgs.Result res = new Lbfgs().gradientTolerance(1e-9).minimize(f, x);
        assertEquals(Lbfgs.Status.CONVERGED, res.status(), res.toString());
        // SciPy 1.17 L-BFGS-B (maxcor 32) needs about 9,000 iterations on this problem to ‖g‖ = 6e-10
        assertTrue(res.iterations() < 15_000, res.toString());
        // solution: Qx = c → x = Qc
        double vc = WolfeLineSearch.dot(v, c, n);
        for (int i = 0; i < n; i++) {
            assertEquals(c[i] - 2 * v[i] * vc, x[i], 1e-6, "x[" + i + "]");
        }
        System.out.println("L-BFGS quadratic, condition 1e6, n = 60: " + res);
    }

    @Test
    void objectiveThatIsNaNBeyondARadiusStillConverges() {
        AtomicInteger nanCalls = new AtomicInteger();
        Objective guarded = (x, g) -> {
            if (x[0] * x[0] + x[1] * x[1] > 9) {
                nanCalls.incrementAndGet();
                g[0] = Double.NaN;
                g[1] = Double.NaN;
                return Double.NaN;
            }
            return ROSENBROCK.evaluate(x, g);
        };
        double[] x = {-1.2, 1.0};
        // a first step of length 50 lands deep in the NaN region
        Lbfgs.Result r = new Lbfgs().gradientTolerance(1e-10).initialStepLength(50).minimize(guarded, x);
        assertEquals(Lbfgs.Status.CONVERGED, r.status(), r.toString());
        assertAllOnes(x, 1e-6);
        assertTrue(nanCalls.get() > 0, "the NaN region was never probed");

        // infinite values and a gradient that alone turns NaN are refused as well
        AtomicInteger badCalls = new AtomicInteger();
        Objective gradientOnly = (z, g) -> {
            double f = ROSENBROCK.evaluate(z, g);
            if (Math.abs(z[0]) > 2.5) {
                badCalls.incrementAndGet();
                g[1] = Double.POSITIVE_INFINITY;
            }
            return f;
        };
        double[] y = {-1.2, 1.0};
        r = new Lbfgs().gradientTolerance(1e-10).initialStepLength(50).minimize(gradientOnly, y);
        assertEquals(Lbfgs.Status.CONVERGED, r.status(), r.toString());
        assertAllOnes(y, 1e-6);
        assertTrue(badCalls.get() > 0);
    }

    @Test
    void notFiniteAtTheStart() {
        double[] x = {1, 2};
        Lbfgs.Result r = new Lbfgs().minimize((z, g) -> Double.NaN, x);
        assertEquals(Lbfgs.Status.NOT_FINITE_AT_START, r.status());
        assertEquals(1.0, x[0]);
    }

    @Test
    void listenerSeesEveryIterationAndCanStopAndResetHistory() {
        List<Double> values = new ArrayList<>();
        Lbfgs lbfgs = new Lbfgs().gradientTolerance(1e-10);
        lbfgs.listener(it -> {
            values.add(it.value());
            assertEquals(values.size(), it.iteration());
            assertTrue(it.lineSearch() == WolfeLineSearch.Status.STRONG_WOLFE
                    || it.lineSearch() == WolfeLineSearch.Status.SUFFICIENT_DECREASE);
            return it.iteration() < 5;
        });
        double[] x = {-1.2, 1.0};
        Lbfgs.Result r = lbfgs.minimize(ROSENBROCK, x);
        assertEquals(Lbfgs.Status.STOPPED_BY_LISTENER, r.status());
        assertEquals(5, r.iterations());
        assertEquals(5, values.size());
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) < values.get(i - 1), "monotone decrease");
        }
        assertEquals(values.get(4), r.value(), 0);
        double[] g = new double[2];
        assertEquals(r.value(), ROSENBROCK.evaluate(x, g), 0, "x holds the last accepted point");
        assertTrue(lbfgs.storedPairs() > 0);

        // continue with the kept history, then after a reset; both reach the minimum
        lbfgs.listener(null);
        double[] resumed = x.clone();
        Lbfgs.Result more = lbfgs.minimize(ROSENBROCK, resumed);
        assertEquals(Lbfgs.Status.CONVERGED, more.status());
        assertAllOnes(resumed, 1e-6);
        lbfgs.resetHistory();
        assertEquals(0, lbfgs.storedPairs());
        double[] fresh = x.clone();
        assertEquals(Lbfgs.Status.CONVERGED, lbfgs.minimize(ROSENBROCK, fresh).status());
        assertAllOnes(fresh, 1e-6);

        // a listener that resets the history every iteration turns L-BFGS into steepest descent with line search
        Lbfgs forgetful = new Lbfgs().maxIterations(20);
        forgetful.listener(it -> {
            forgetful.resetHistory();
            return true;
        });
        double[] sd = {-1.2, 1.0};
        Lbfgs.Result slow = forgetful.minimize(ROSENBROCK, sd);
        assertEquals(Lbfgs.Status.MAX_ITERATIONS, slow.status());
        assertEquals(20, slow.iterations());
        assertEquals(0, forgetful.storedPairs());
    }

    @Test
    void cancelFlagStopsBetweenEvaluations() {
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        Objective counting = (x, g) -> {
            if (calls.incrementAndGet() == 7) {
                cancel.set(true);
            }
            return ROSENBROCK.evaluate(x, g);
        };
        double[] x = {-1.2, 1.0};
        Lbfgs.Result r = new Lbfgs().cancelFlag(cancel::get).minimize(counting, x);
        assertEquals(Lbfgs.Status.CANCELLED, r.status());
        assertEquals(7, calls.get(), "no evaluation after the flag was raised");
        double[] g = new double[2];
        assertEquals(r.value(), ROSENBROCK.evaluate(x, g), 0);
    }

    @Test
    void maxIterationsAndNoProgress() {
        double[] x = {-1.2, 1.0};
        Lbfgs.Result r = new Lbfgs().maxIterations(3).minimize(ROSENBROCK, x);
        assertEquals(Lbfgs.Status.MAX_ITERATIONS, r.status());
        assertEquals(3, r.iterations());
        // a loose function tolerance ends a run on relative decrease
        double[] y = {-1.2, 1.0};
        Lbfgs.Result np = new Lbfgs().gradientTolerance(0).functionTolerance(0.5).noProgressWindow(1)
                .minimize(ROSENBROCK, y);
        assertEquals(Lbfgs.Status.NO_PROGRESS, np.status());
        // |x| has no small gradient near its minimum: the run ends (no progress or a failed line search, or by
        // landing on 0 exactly), close to 0, and never loops
        double[] z = {3.3};
        Lbfgs.Result kink = new Lbfgs().gradientTolerance(0).minimize((v, g) -> {
            g[0] = Math.signum(v[0]);
            return Math.abs(v[0]);
        }, z);
        assertTrue(kink.status() != Lbfgs.Status.MAX_ITERATIONS, kink.toString());
        assertTrue(Math.abs(z[0]) < 1e-6, "z = " + z[0] + ", " + kink);
        System.out.println("L-BFGS on |x|: " + kink);
    }
}
