package kiseki.train;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright Algorithm 7.4/7.5) with a strong-Wolfe line search
 * ({@link WolfeLineSearch}), full batch, as NeuralMD trains its networks.
 *
 * <p>The object keeps its curvature history between {@link #minimize} calls (so a run interrupted by a listener or
 * the iteration limit can be continued with the same objective); call {@link #resetHistory()} when the objective
 * changes (for example when the force term is switched on). A different problem size resets it automatically.
 *
 * <p>Each iteration: direction d = −H∇f by the two-loop recursion (H₀ = γI, γ = sᵀy/yᵀy of the newest pair);
 * first step length {@link #initialStepLength(double)} along d when there is no history (liblbfgs' choice
 * α₀ = length/‖d‖), else α₀ = 1; pairs with sᵀy ≤ 1e-12·yᵀy are not stored. When the line search fails with
 * history, the history is dropped and steepest descent is tried once before giving up.
 *
 * <p>Stops when ‖∇f‖₂ ≤ gradientTolerance ({@link Status#CONVERGED}); when the relative decrease
 * (f_old − f_new)/max(|f_old|, |f_new|) stays ≤ functionTolerance for {@link #noProgressWindow(int)} iterations in a
 * row or the step vanishes ({@link Status#NO_PROGRESS}); after maxIterations; when the listener returns false or the
 * cancel flag is raised. Not thread-safe; the objective may use threads internally.
 */
public final class Lbfgs {

    /** Why {@link #minimize} returned. */
    public enum Status {
        CONVERGED,
        NO_PROGRESS,
        MAX_ITERATIONS,
        MAX_EVALUATIONS,
        LINE_SEARCH_FAILED,
        STOPPED_BY_LISTENER,
        CANCELLED,
        /** The objective is not finite at the start point. */
        NOT_FINITE_AT_START
    }

    /** Summary of a run; the final point is in the caller's array. */
    public record Result(Status status, double value, double gradientNorm, int iterations, int evaluations) {
    }

    /**
     * State after one iteration, passed to the {@link Listener}. {@code x} and {@code gradient} are live arrays:
     * read (or copy) them during the call, do not modify or keep them.
     */
    public record Iteration(int iteration, int evaluations, double value, double gradientNorm, double step,
                            WolfeLineSearch.Status lineSearch, double[] x, double[] gradient) {
    }

    /** Called after every iteration (logging, checkpoints, validation, early stopping). */
    @FunctionalInterface
    public interface Listener {
        /** Return false to stop ({@link Status#STOPPED_BY_LISTENER}). May call {@link #resetHistory()}. */
        boolean onIteration(Iteration iteration);
    }

    private int historySize = 32;
    private double gradientTolerance = 1e-8;
    private double functionTolerance = 1e-13;
    private int noProgressWindow = 3;
    private int maxIterations = 10_000;
    private int maxEvaluations = Integer.MAX_VALUE;
    private double initialStepLength = 1.0;
    private WolfeLineSearch lineSearch = new WolfeLineSearch();
    private Listener listener;
    private BooleanSupplier cancelled;

    // curvature pairs in a ring buffer
    private double[][] s = new double[0][];
    private double[][] y = new double[0][];
    private double[] rho = new double[0];
    private double[] alpha = new double[0];
    private int stored;
    private int newest = -1;
    private int dimension = -1;

    /** Number of curvature pairs kept (default 32, NeuralMD's setting). Resets the history. */
    public Lbfgs historySize(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("history size must be positive, got " + m);
        }
        this.historySize = m;
        dimension = -1;
        resetHistory();
        return this;
    }

    /** Stop when ‖∇f‖₂ ≤ this (default 1e-8; 0 disables). */
    public Lbfgs gradientTolerance(double tol) {
        this.gradientTolerance = tol;
        return this;
    }

    /** Relative decrease counted as no progress (default 1e-13; 0 disables all but a zero decrease). */
    public Lbfgs functionTolerance(double tol) {
        this.functionTolerance = tol;
        return this;
    }

    /** Consecutive iterations without progress before {@link Status#NO_PROGRESS} (default 3). */
    public Lbfgs noProgressWindow(int iterations) {
        this.noProgressWindow = Math.max(1, iterations);
        return this;
    }

    /** Iterations (epochs, full batch) per {@link #minimize} call (default 10,000). */
    public Lbfgs maxIterations(int n) {
        this.maxIterations = n;
        return this;
    }

    /** Objective evaluations per {@link #minimize} call, line searches included (default unlimited). */
    public Lbfgs maxEvaluations(int n) {
        this.maxEvaluations = n;
        return this;
    }

    /** Length of the first trial step when there is no history (default 1). */
    public Lbfgs initialStepLength(double length) {
        if (!(length > 0)) {
            throw new IllegalArgumentException("initial step length must be positive");
        }
        this.initialStepLength = length;
        return this;
    }

    public Lbfgs lineSearch(WolfeLineSearch search) {
        this.lineSearch = Objects.requireNonNull(search);
        return this;
    }

    public Lbfgs listener(Listener l) {
        this.listener = l;
        return this;
    }

    /** Checked before every evaluation; when it returns true the run ends at the last accepted point. */
    public Lbfgs cancelFlag(BooleanSupplier flag) {
        this.cancelled = flag;
        return this;
    }

    public int historySize() {
        return historySize;
    }

    /** Number of curvature pairs currently held. */
    public int storedPairs() {
        return stored;
    }

    /** Forgets the curvature pairs: the next iteration is a (scaled) steepest-descent step. */
    public void resetHistory() {
        stored = 0;
        newest = -1;
    }

    private void ensureStorage(int n) {
        if (dimension == n && s.length == historySize) {
            return;
        }
        s = new double[historySize][n];
        y = new double[historySize][n];
        rho = new double[historySize];
        alpha = new double[historySize];
        dimension = n;
        resetHistory();
    }

    /**
     * Minimises {@code f} starting from {@code x}; on return {@code x} holds the best point reached (the last
     * accepted iterate).
     */
    public Result minimize(Objective f, double[] x) {
        int n = x.length;
        ensureStorage(n);
        double[] g = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] d = new double[n];

        double fx = f.evaluate(x, g);
        int evaluations = 1;
        double gNorm = norm(g);
        if (!Double.isFinite(fx) || !Double.isFinite(gNorm)) {
            return new Result(Status.NOT_FINITE_AT_START, fx, gNorm, 0, evaluations);
        }
        int iteration = 0;
        int stalled = 0;
        while (true) {
            if (gNorm <= gradientTolerance) {
                return new Result(Status.CONVERGED, fx, gNorm, iteration, evaluations);
            }
            if (iteration >= maxIterations) {
                return new Result(Status.MAX_ITERATIONS, fx, gNorm, iteration, evaluations);
            }
            if (evaluations >= maxEvaluations) {
                return new Result(Status.MAX_EVALUATIONS, fx, gNorm, iteration, evaluations);
            }
            if (cancelled != null && cancelled.getAsBoolean()) {
                return new Result(Status.CANCELLED, fx, gNorm, iteration, evaluations);
            }
            WolfeLineSearch.Result ls = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                direction(g, d, n);
                double slope = WolfeLineSearch.dot(g, d, n);
                if (!(slope < 0) || !Double.isFinite(slope)) {
                    // not a descent direction (should not happen with sᵀy > 0): start again from the gradient
                    resetHistory();
                    direction(g, d, n);
                }
                double step = stored == 0 ? initialStepLength / norm(d) : 1.0;
                ls = lineSearch.search(f, x, fx, g, d, step, xNew, gNew, cancelled);
                evaluations += ls.evaluations();
                if (ls.moved() || ls.status() == WolfeLineSearch.Status.CANCELLED || stored == 0) {
                    break;
                }
                resetHistory();   // a failed search with history: retry once along −∇f
            }
            if (ls.status() == WolfeLineSearch.Status.CANCELLED) {
                return new Result(Status.CANCELLED, fx, gNorm, iteration, evaluations);
            }
            if (!ls.moved()) {
                return new Result(Status.LINE_SEARCH_FAILED, fx, gNorm, iteration, evaluations);
            }
            // curvature pair s = xNew − x, y = gNew − g
            double sy = 0;
            double yy = 0;
            double ss = 0;
            double xx = 0;
            for (int i = 0; i < n; i++) {
                double si = xNew[i] - x[i];
                double yi = gNew[i] - g[i];
                sy += si * yi;
                yy += yi * yi;
                ss += si * si;
                xx += xNew[i] * xNew[i];
            }
            if (sy > 1e-12 * yy && yy > 0) {
                // stored only when the curvature is positive, so that H stays positive definite
                int slot = (newest + 1) % historySize;
                double[] sk = s[slot];
                double[] yk = y[slot];
                for (int i = 0; i < n; i++) {
                    sk[i] = xNew[i] - x[i];
                    yk[i] = gNew[i] - g[i];
                }
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.min(stored + 1, historySize);
            }
            double decrease = fx - ls.value();
            double scale = Math.max(Math.abs(fx), Math.abs(ls.value()));
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = ls.value();
            gNorm = norm(g);
            iteration++;
            boolean noProgress = !(decrease > functionTolerance * scale)
                    || Math.sqrt(ss) <= 1e-16 * Math.max(1.0, Math.sqrt(xx));
            stalled = noProgress ? stalled + 1 : 0;
            if (listener != null && !listener.onIteration(new Iteration(iteration, evaluations, fx, gNorm,
                    ls.step(), ls.status(), x, g))) {
                return new Result(Status.STOPPED_BY_LISTENER, fx, gNorm, iteration, evaluations);
            }
            if (stalled >= noProgressWindow && !(gNorm <= gradientTolerance)) {
                return new Result(Status.NO_PROGRESS, fx, gNorm, iteration, evaluations);
            }
        }
    }

    /** d = −H g by the two-loop recursion over the stored pairs (d = −g without history). */
    private void direction(double[] g, double[] d, int n) {
        for (int i = 0; i < n; i++) {
            d[i] = -g[i];
        }
        if (stored == 0) {
            return;
        }
        int k = newest;
        for (int c = 0; c < stored; c++) {
            double[] sk = s[k];
            double[] yk = y[k];
            double a = rho[k] * WolfeLineSearch.dot(sk, d, n);
            alpha[k] = a;
            for (int i = 0; i < n; i++) {
                d[i] -= a * yk[i];
            }
            k = (k - 1 + historySize) % historySize;
        }
        double[] yNew = y[newest];
        double gamma = 1.0 / (rho[newest] * WolfeLineSearch.dot(yNew, yNew, n));
        for (int i = 0; i < n; i++) {
            d[i] *= gamma;
        }
        k = (newest - stored + 1 + historySize) % historySize;
        for (int c = 0; c < stored; c++) {
            double[] sk = s[k];
            double[] yk = y[k];
            double b = alpha[k] - rho[k] * WolfeLineSearch.dot(yk, d, n);
            for (int i = 0; i < n; i++) {
                d[i] += b * sk[i];
            }
            k = (k + 1) % historySize;
        }
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double e : v) {
            sum += e * e;
        }
        return Math.sqrt(sum);
    }
}
