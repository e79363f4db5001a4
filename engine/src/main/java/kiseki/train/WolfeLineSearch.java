package kiseki.train;

import java.util.function.BooleanSupplier;

/**
 * Line search for the strong Wolfe conditions (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Algorithms 3.5
 * and 3.6, with safeguarded cubic interpolation in the zoom phase).
 *
 * <p>With φ(α) = f(x₀ + α d), φ'(α) = ∇f(x₀ + α d)·d and φ'(0) &lt; 0, a step α is accepted when
 * <pre>
 *   φ(α) ≤ φ(0) + c1 α φ'(0)          (sufficient decrease)
 *   |φ'(α)| ≤ c2 |φ'(0)|              (strong curvature condition)
 * </pre>
 * Points where the objective returns NaN or ±∞ (value, or any gradient entry) are never accepted: they become an upper
 * bound for the step and the search backs off towards the last finite point.
 *
 * <p>When no strong Wolfe step is found within the evaluation budget but a step with sufficient decrease was seen,
 * that step is returned with {@link Status#SUFFICIENT_DECREASE}. Not thread-safe (keeps one scratch gradient).
 */
public final class WolfeLineSearch {

    /** Outcome of one search. */
    public enum Status {
        /** Both strong Wolfe conditions hold at the returned step. */
        STRONG_WOLFE,
        /** Only the sufficient-decrease condition holds (budget exhausted or interval collapsed). */
        SUFFICIENT_DECREASE,
        /** No acceptable step: the output point is the start point. */
        FAILED,
        /** The direction is not a descent direction (φ'(0) ≥ 0 or not finite): nothing evaluated. */
        NOT_DESCENT,
        /** Stopped by the cancel flag: the output point is the start point. */
        CANCELLED
    }

    /**
     * Result: the accepted step, φ and φ' there, the number of objective evaluations and how many trial points gave
     * non-finite values.
     */
    public record Result(Status status, double step, double value, double slope, int evaluations,
                         int nonFiniteEvaluations) {
        /** Whether a step was taken (the output point differs from the start). */
        public boolean moved() {
            return status == Status.STRONG_WOLFE || status == Status.SUFFICIENT_DECREASE;
        }
    }

    private static final double EXTRAPOLATION_MIN = 1.1;
    private static final double EXTRAPOLATION_MAX = 4.0;
    private static final double BACK_OFF = 0.5;
    /** Interpolated trial points are kept this fraction of the interval away from its ends. */
    private static final double SAFEGUARD = 0.1;

    private final double c1;
    private final double c2;
    private final int maxEvaluations;
    private double[] bestGradient = new double[0];

    /** The usual quasi-Newton settings: c1 = 1e-4, c2 = 0.9, at most 40 evaluations per search. */
    public WolfeLineSearch() {
        this(1e-4, 0.9, 40);
    }

    public WolfeLineSearch(double c1, double c2, int maxEvaluations) {
        if (!(c1 > 0 && c1 < c2 && c2 < 1)) {
            throw new IllegalArgumentException("need 0 < c1 < c2 < 1, got c1 = " + c1 + ", c2 = " + c2);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be positive");
        }
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
    }

    public double c1() {
        return c1;
    }

    public double c2() {
        return c2;
    }

    public int maxEvaluations() {
        return maxEvaluations;
    }

    /**
     * Searches along {@code d} from {@code x0} (value {@code f0}, gradient {@code g0}), first trying
     * {@code initialStep}. On return {@code x} and {@code g} hold the accepted point and its gradient (the start
     * point when nothing was accepted); the result's value is f there. {@code x}, {@code g} must not alias the
     * inputs. {@code cancelled} may be null.
     */
    public Result search(Objective f, double[] x0, double f0, double[] g0, double[] d, double initialStep,
                         double[] x, double[] g, BooleanSupplier cancelled) {
        int n = x0.length;
        if (bestGradient.length != n) {
            bestGradient = new double[n];
        }
        double slope0 = dot(g0, d, n);
        if (!(slope0 < 0) || !Double.isFinite(slope0) || !(initialStep > 0) || !Double.isFinite(f0)) {
            restart(x0, g0, x, g, n);
            return new Result(Status.NOT_DESCENT, 0, f0, slope0, 0, 0);
        }
        double armijoSlope = c1 * slope0;
        double curvature = -c2 * slope0;
        int evals = 0;
        int nonFinite = 0;

        // best point with sufficient decrease so far (the "lo" end), kept for the fallback
        double bestStep = 0;
        double bestValue = f0;
        double bestSlope = slope0;

        double prevStep = 0;
        double prevValue = f0;
        double prevSlope = slope0;
        double maxStep = Double.POSITIVE_INFINITY;   // first step known to give non-finite values
        double step = initialStep;

        // ---- bracketing phase (Algorithm 3.5)
        while (true) {
            if (evals >= maxEvaluations) {
                return finish(Status.SUFFICIENT_DECREASE, bestStep, bestValue, bestSlope, evals, nonFinite,
                        x0, g0, d, x, g, n, f0, slope0);
            }
            if (cancelled != null && cancelled.getAsBoolean()) {
                restart(x0, g0, x, g, n);
                return new Result(Status.CANCELLED, 0, f0, slope0, evals, nonFinite);
            }
            double value = evaluateAt(f, x0, d, step, x, g, n);
            evals++;
            double slope = dot(g, d, n);
            if (!isFinite(value, slope, g, n)) {
                nonFinite++;
                maxStep = step;
                step = prevStep + BACK_OFF * (step - prevStep);
                if (!(step - prevStep > 1e-14 * Math.max(step, 1e-300))) {
                    return finish(Status.SUFFICIENT_DECREASE, bestStep, bestValue, bestSlope, evals, nonFinite,
                            x0, g0, d, x, g, n, f0, slope0);
                }
                continue;
            }
            if (value > f0 + step * armijoSlope || (prevStep > 0 && higher(value, prevValue))) {
                return zoom(f, x0, f0, g0, slope0, d, x, g, n, cancelled, evals, nonFinite,
                        prevStep, prevValue, prevSlope, step, value, slope, true);
            }
            if (Math.abs(slope) <= curvature) {
                return new Result(Status.STRONG_WOLFE, step, value, slope, evals, nonFinite);
            }
            // sufficient decrease and lower than before: the new best point
            bestStep = step;
            bestValue = value;
            bestSlope = slope;
            System.arraycopy(g, 0, bestGradient, 0, n);
            if (slope >= 0) {
                return zoom(f, x0, f0, g0, slope0, d, x, g, n, cancelled, evals, nonFinite,
                        step, value, slope, prevStep, prevValue, prevSlope, true);
            }
            // still descending: extrapolate by cubic interpolation, kept within [1.1, 4] times the last increment
            double increment = step - prevStep;
            double lower = step + EXTRAPOLATION_MIN * increment;
            double upper = step + EXTRAPOLATION_MAX * increment;
            double next = cubicMinimiser(prevStep, prevValue, prevSlope, step, value, slope);
            if (!(next >= lower && next <= upper)) {
                next = upper;
            }
            if (next >= maxStep) {
                next = step + BACK_OFF * (maxStep - step);
            }
            prevStep = step;
            prevValue = value;
            prevSlope = slope;
            step = next;
        }
    }

    /**
     * Zoom (Algorithm 3.6) on the interval between lo (sufficient decrease, lowest value so far) and hi. The lo end
     * satisfies slopeLo·(hi − lo) &lt; 0. {@code hiFinite} false means hi is a point with non-finite values (no
     * interpolation data there).
     */
    private Result zoom(Objective f, double[] x0, double f0, double[] g0, double slope0, double[] d, double[] x,
                        double[] g, int n, BooleanSupplier cancelled, int evals, int nonFinite,
                        double lo, double valueLo, double slopeLo, double hi, double valueHi, double slopeHi,
                        boolean hiFinite) {
        double armijoSlope = c1 * slope0;
        double curvature = -c2 * slope0;
        // lo's gradient: bestGradient already holds it when lo > 0 (set in the bracketing phase)
        while (true) {
            if (evals >= maxEvaluations) {
                break;
            }
            if (cancelled != null && cancelled.getAsBoolean()) {
                restart(x0, g0, x, g, n);
                return new Result(Status.CANCELLED, 0, f0, slope0, evals, nonFinite);
            }
            double a = Math.min(lo, hi);
            double b = Math.max(lo, hi);
            double width = b - a;
            if (!(width > 1e-15 * b)) {
                break;
            }
            double trial = Double.NaN;
            if (hiFinite) {
                if (Math.abs(valueHi - valueLo) <= roundoff(valueHi, valueLo) && slopeLo * slopeHi < 0) {
                    // values equal to rounding: only the slopes carry information (secant on φ')
                    trial = lo - slopeLo * (hi - lo) / (slopeHi - slopeLo);
                } else {
                    trial = cubicMinimiser(lo, valueLo, slopeLo, hi, valueHi, slopeHi);
                    if (!(trial >= a + SAFEGUARD * width && trial <= b - SAFEGUARD * width)) {
                        trial = quadraticMinimiser(lo, valueLo, slopeLo, hi, valueHi);
                    }
                }
            }
            if (!(trial >= a + SAFEGUARD * width && trial <= b - SAFEGUARD * width)) {
                trial = 0.5 * (a + b);
            }
            double value = evaluateAt(f, x0, d, trial, x, g, n);
            evals++;
            double slope = dot(g, d, n);
            if (!isFinite(value, slope, g, n)) {
                nonFinite++;
                hi = trial;
                hiFinite = false;
                continue;
            }
            if (value > f0 + trial * armijoSlope || higher(value, valueLo)) {
                hi = trial;
                valueHi = value;
                slopeHi = slope;
                hiFinite = true;
            } else {
                if (Math.abs(slope) <= curvature) {
                    return new Result(Status.STRONG_WOLFE, trial, value, slope, evals, nonFinite);
                }
                if (slope * (hi - lo) >= 0) {
                    hi = lo;
                    valueHi = valueLo;
                    slopeHi = slopeLo;
                    hiFinite = true;
                }
                lo = trial;
                valueLo = value;
                slopeLo = slope;
                System.arraycopy(g, 0, bestGradient, 0, n);
            }
        }
        return finish(Status.SUFFICIENT_DECREASE, lo, valueLo, slopeLo, evals, nonFinite, x0, g0, d, x, g, n, f0,
                slope0);
    }

    /**
     * Whether {@code value} is higher than {@code reference} by more than rounding. Within rounding the values
     * cannot order the points and the zoom decides by the slopes (as Moré–Thuente's derivative-based steps do);
     * without this, a flat minimum such as that of Moré–Thuente's function 2 cannot be located to c2 = 0.1.
     */
    private static boolean higher(double value, double reference) {
        return value - reference > roundoff(value, reference);
    }

    private static double roundoff(double a, double b) {
        return 8 * Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    }

    /** Returns the best sufficient-decrease point if there is one (restoring x and g), else FAILED at x0. */
    private Result finish(Status status, double step, double value, double slope, int evals, int nonFinite,
                          double[] x0, double[] g0, double[] d, double[] x, double[] g, int n, double f0,
                          double slope0) {
        if (step > 0) {
            for (int i = 0; i < n; i++) {
                x[i] = x0[i] + step * d[i];
            }
            System.arraycopy(bestGradient, 0, g, 0, n);
            return new Result(status, step, value, slope, evals, nonFinite);
        }
        restart(x0, g0, x, g, n);
        return new Result(Status.FAILED, 0, f0, slope0, evals, nonFinite);
    }

    private static void restart(double[] x0, double[] g0, double[] x, double[] g, int n) {
        System.arraycopy(x0, 0, x, 0, n);
        System.arraycopy(g0, 0, g, 0, n);
    }

    private static double evaluateAt(Objective f, double[] x0, double[] d, double step, double[] x, double[] g,
                                     int n) {
        for (int i = 0; i < n; i++) {
            x[i] = x0[i] + step * d[i];
        }
        return f.evaluate(x, g);
    }

    private static boolean isFinite(double value, double slope, double[] g, int n) {
        if (!Double.isFinite(value) || !Double.isFinite(slope)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(g[i])) {
                return false;
            }
        }
        return true;
    }

    static double dot(double[] a, double[] b, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Minimiser of the cubic through (a, fa, da) and (b, fb, db) (Nocedal &amp; Wright eq. 3.59); NaN when the cubic
     * has no minimum.
     */
    static double cubicMinimiser(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (!(disc >= 0) || a == b) {
            return Double.NaN;
        }
        double d2 = Math.copySign(Math.sqrt(disc), b - a);
        double denominator = db - da + 2 * d2;
        if (denominator == 0) {
            return Double.NaN;
        }
        return b - (b - a) * (db + d2 - d1) / denominator;
    }

    /** Minimiser of the quadratic with value fa and slope da at a and value fb at b; NaN if it has none. */
    static double quadraticMinimiser(double a, double fa, double da, double b, double fb) {
        double h = b - a;
        double curvature = fb - fa - da * h;
        if (!(curvature > 0)) {
            return Double.NaN;
        }
        return a - da * h * h / (2 * curvature);
    }
}
