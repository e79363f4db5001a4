package kiseki.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class WolfeLineSearchTest {

    /** A 1-D objective from φ and φ' (x0 = 0, d = 1 gives the line-search function itself). */
    private static Objective oneDimensional(DoubleUnaryOperator phi, DoubleUnaryOperator dphi) {
        return (x, g) -> {
            g[0] = dphi.applyAsDouble(x[0]);
            return phi.applyAsDouble(x[0]);
        };
    }

    /** The six test functions of Moré &amp; Thuente (1994), section 5. */
    private static Objective[] moreThuenteFunctions() {
        double b1 = 2;
        Objective f1 = oneDimensional(a -> -a / (a * a + b1), a -> (a * a - b1) / ((a * a + b1) * (a * a + b1)));
        double b2 = 0.004;
        Objective f2 = oneDimensional(a -> Math.pow(a + b2, 5) - 2 * Math.pow(a + b2, 4),
                a -> 5 * Math.pow(a + b2, 4) - 8 * Math.pow(a + b2, 3));
        double b3 = 0.01;
        double l = 39;
        DoubleUnaryOperator phi0 = a -> a <= 1 - b3 ? 1 - a : a >= 1 + b3 ? a - 1 : (a - 1) * (a - 1) / (2 * b3) + b3 / 2;
        DoubleUnaryOperator dphi0 = a -> a <= 1 - b3 ? -1 : a >= 1 + b3 ? 1 : (a - 1) / b3;
        Objective f3 = oneDimensional(
                a -> phi0.applyAsDouble(a) + 2 * (1 - b3) / (l * Math.PI) * Math.sin(l * Math.PI * a / 2),
                a -> dphi0.applyAsDouble(a) + (1 - b3) * Math.cos(l * Math.PI * a / 2));
        return new Objective[] {f1, f2, f3, yanai(0.001, 0.001), yanai(0.01, 0.001), yanai(0.001, 0.01)};
    }

    private static Objective yanai(double beta1, double beta2) {
        double g1 = Math.sqrt(1 + beta1 * beta1) - beta1;
        double g2 = Math.sqrt(1 + beta2 * beta2) - beta2;
        return oneDimensional(
                a -> g1 * Math.sqrt((1 - a) * (1 - a) + beta2 * beta2) + g2 * Math.sqrt(a * a + beta1 * beta1),
                a -> -g1 * (1 - a) / Math.sqrt((1 - a) * (1 - a) + beta2 * beta2)
                        + g2 * a / Math.sqrt(a * a + beta1 * beta1));
    }

    /** Runs one search and checks, by evaluating again, every condition it claims. */
    private static WolfeLineSearch.Result checkedSearch(WolfeLineSearch ls, Objective f, double[] x0, double[] d,
                                                        double initialStep) {
        int n = x0.length;
        double[] g0 = new double[n];
        double f0 = f.evaluate(x0, g0);
        double slope0 = WolfeLineSearch.dot(g0, d, n);
        double[] x = new double[n];
        double[] g = new double[n];
        WolfeLineSearch.Result r = ls.search(f, x0, f0, g0, d, initialStep, x, g, null);
        double[] gCheck = new double[n];
        double fCheck = f.evaluate(x, gCheck);
        assertEquals(fCheck, r.value(), 0, "reported value is f at the output point");
        for (int i = 0; i < n; i++) {
            assertEquals(x0[i] + r.step() * d[i], x[i], 0);
            assertEquals(gCheck[i], g[i], 0, "output gradient");
        }
        double slope = WolfeLineSearch.dot(gCheck, d, n);
        assertEquals(slope, r.slope(), 1e-12 * Math.max(1, Math.abs(slope)));
        if (r.moved()) {
            assertTrue(fCheck <= f0 + ls.c1() * r.step() * slope0, "sufficient decrease " + r);
        }
        if (r.status() == WolfeLineSearch.Status.STRONG_WOLFE) {
            assertTrue(Math.abs(slope) <= ls.c2() * Math.abs(slope0), "curvature " + r);
        }
        return r;
    }

    @Test
    void moreThuenteTestFunctionsSatisfyTheStrongWolfeConditions() {
        Objective[] functions = moreThuenteFunctions();
        double[][] settings = {{1e-4, 0.9}, {1e-4, 0.1}, {1e-3, 0.1}, {0.1, 0.1 + 1e-9}};
        int searches = 0;
        int totalEvaluations = 0;
        for (double[] c : settings) {
            WolfeLineSearch ls = new WolfeLineSearch(c[0], c[1], 60);
            for (Objective f : functions) {
                for (double a0 : new double[] {1e-3, 1e-1, 1e1, 1e3}) {
                    WolfeLineSearch.Result r = checkedSearch(ls, f, new double[] {0}, new double[] {1}, a0);
                    if (c[0] < c[1] - 1e-6 || r.status() == WolfeLineSearch.Status.STRONG_WOLFE) {
                        assertEquals(WolfeLineSearch.Status.STRONG_WOLFE, r.status(),
                                "c1 " + c[0] + ", c2 " + c[1] + ", a0 " + a0 + ": " + r);
                    }
                    searches++;
                    totalEvaluations += r.evaluations();
                }
            }
        }
        System.out.printf("Wolfe line search: %d searches on the Moré–Thuente functions, %.1f evaluations each%n",
                searches, (double) totalEvaluations / searches);
    }

    @Test
    void randomSearchesOnRosenbrockHoldWhatTheyClaim() {
        SplittableRandom random = new SplittableRandom(12);
        WolfeLineSearch ls = new WolfeLineSearch(1e-4, 0.9, 40);
        int strong = 0;
        for (int k = 0; k < 300; k++) {
            double[] x0 = {random.nextDouble(-2, 2), random.nextDouble(-1, 3), random.nextDouble(-2, 2)};
            double[] g0 = new double[3];
            LbfgsTest.ROSENBROCK.evaluate(x0, g0);
            // a descent direction: −g0 plus a random component of smaller size
            double[] d = new double[3];
            for (int i = 0; i < 3; i++) {
                d[i] = -g0[i] + 0.3 * Math.abs(g0[i]) * random.nextDouble(-1, 1);
            }
            if (WolfeLineSearch.dot(d, g0, 3) >= 0) {
                continue;
            }
            double a0 = Math.pow(10, random.nextDouble(-6, 2));
            WolfeLineSearch.Result r = checkedSearch(ls, LbfgsTest.ROSENBROCK, x0, d, a0);
            if (r.status() == WolfeLineSearch.Status.STRONG_WOLFE) {
                strong++;
            }
        }
        assertTrue(strong >= 290, strong + " of 300 searches met the strong Wolfe conditions");
    }

    @Test
    void nonFiniteRegionIsNeverAccepted() {
        // minimum at 2 lies in a region where the objective is NaN (beyond 1.5)
        Objective f = oneDimensional(a -> a < 1.5 ? (a - 2) * (a - 2) : Double.NaN, a -> a < 1.5 ? 2 * (a - 2) : 0);
        WolfeLineSearch ls = new WolfeLineSearch();
        WolfeLineSearch.Result r = checkedSearch(ls, f, new double[] {0}, new double[] {1}, 1e3);
        assertEquals(WolfeLineSearch.Status.STRONG_WOLFE, r.status(), r.toString());
        assertTrue(r.step() < 1.5 && r.nonFiniteEvaluations() > 0, r.toString());
        // infinity counts as well, also in the zoom phase
        Objective g = oneDimensional(a -> a > 0.9 && a < 1.1 ? Double.POSITIVE_INFINITY : (a - 1) * (a - 1),
                a -> 2 * (a - 1));
        WolfeLineSearch.Result r2 = checkedSearch(new WolfeLineSearch(1e-4, 0.1, 40), g, new double[] {0},
                new double[] {1}, 1.0);
        assertTrue(r2.moved() && Double.isFinite(r2.value()), r2.toString());
    }

    @Test
    void ascentDirectionIsRefusedWithoutEvaluating() {
        double[] x0 = {-1.2, 1};
        double[] g0 = new double[2];
        double f0 = LbfgsTest.ROSENBROCK.evaluate(x0, g0);
        double[] x = new double[2];
        double[] g = new double[2];
        WolfeLineSearch.Result r = new WolfeLineSearch().search(LbfgsTest.ROSENBROCK, x0, f0, g0, g0.clone(), 1,
                x, g, null);
        assertEquals(WolfeLineSearch.Status.NOT_DESCENT, r.status());
        assertEquals(0, r.evaluations());
        assertEquals(x0[0], x[0], 0);
        assertEquals(g0[1], g[1], 0);
    }

    @Test
    void interpolationFormulas() {
        // cubic through a cubic polynomial's values and slopes finds its local minimum exactly: p = (a−1)³ − 3(a−1)
        DoubleUnaryOperator p = a -> Math.pow(a - 1, 3) - 3 * (a - 1);
        DoubleUnaryOperator dp = a -> 3 * (a - 1) * (a - 1) - 3;
        double m = WolfeLineSearch.cubicMinimiser(0.5, p.applyAsDouble(0.5), dp.applyAsDouble(0.5), 3,
                p.applyAsDouble(3), dp.applyAsDouble(3));
        assertEquals(2.0, m, 1e-12);
        double q = WolfeLineSearch.quadraticMinimiser(0, 4, -4, 3, 1);  // (a − 2)²
        assertEquals(2.0, q, 1e-12);
        assertTrue(Double.isNaN(WolfeLineSearch.quadraticMinimiser(0, 0, -1, 1, -2)), "concave: no minimum");
    }
}
