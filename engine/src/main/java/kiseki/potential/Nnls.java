package kiseki.potential;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Non-negative least squares, min ||E u − f|| subject to u ≥ 0, by the active-set algorithm of Lawson &amp; Hanson
 * (Solving Least Squares Problems, 1974, ch. 23). Meant for short, wide problems (few rows, many variables), as in
 * least-distance programming where the variables are the constraints.
 */
final class Nnls {

    private Nnls() {
    }

    static double[] solve(DMatrixRMaj e, double[] f) {
        int rows = e.numRows;
        int vars = e.numCols;
        double[] u = new double[vars];
        boolean[] passive = new boolean[vars];
        boolean[] excluded = new boolean[vars];
        double norm = 0;
        for (double v : e.data) {
            norm = Math.max(norm, Math.abs(v));
        }
        double tol = 1e-15 * Math.max(1.0, norm) * Math.max(rows, vars);
        double[] w = new double[vars];
        int maxIterations = 3 * Math.max(vars, rows) + 100;
        int iterations = 0;
        while (true) {
            gradient(e, f, u, w);
            int t = -1;
            double best = tol;
            for (int j = 0; j < vars; j++) {
                if (!passive[j] && !excluded[j] && w[j] > best) {
                    best = w[j];
                    t = j;
                }
            }
            if (t < 0) {
                return u;
            }
            passive[t] = true;
            while (true) {
                if (++iterations > maxIterations) {
                    throw new IllegalStateException("NNLS did not converge in " + maxIterations + " iterations");
                }
                double[] z = passiveSolution(e, f, passive);
                if (z[t] <= 0 && u[t] == 0) {
                    // numerically useless direction: keep it out until the solution changes
                    passive[t] = false;
                    excluded[t] = true;
                    break;
                }
                boolean feasible = true;
                double alpha = Double.POSITIVE_INFINITY;
                for (int j = 0; j < vars; j++) {
                    if (passive[j] && z[j] <= 0) {
                        feasible = false;
                        alpha = Math.min(alpha, u[j] / (u[j] - z[j]));
                    }
                }
                if (feasible) {
                    System.arraycopy(z, 0, u, 0, vars);
                    java.util.Arrays.fill(excluded, false);
                    break;
                }
                for (int j = 0; j < vars; j++) {
                    if (passive[j]) {
                        u[j] += alpha * (z[j] - u[j]);
                        if (u[j] <= tol) {
                            u[j] = 0;
                            passive[j] = false;
                        }
                    }
                }
            }
        }
    }

    /** w = Eᵀ(f − E u). */
    private static void gradient(DMatrixRMaj e, double[] f, double[] u, double[] w) {
        int rows = e.numRows;
        int vars = e.numCols;
        double[] res = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = f[i];
            for (int j = 0; j < vars; j++) {
                if (u[j] != 0) {
                    s -= e.get(i, j) * u[j];
                }
            }
            res[i] = s;
        }
        for (int j = 0; j < vars; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += e.get(i, j) * res[i];
            }
            w[j] = s;
        }
    }

    /** Unconstrained least squares on the passive columns (others 0), with column pivoting for rank safety. */
    private static double[] passiveSolution(DMatrixRMaj e, double[] f, boolean[] passive) {
        int rows = e.numRows;
        int count = 0;
        for (boolean p : passive) {
            if (p) {
                count++;
            }
        }
        int[] index = new int[count];
        int n = 0;
        for (int j = 0; j < passive.length; j++) {
            if (passive[j]) {
                index[n++] = j;
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(rows, count);
        for (int i = 0; i < rows; i++) {
            for (int q = 0; q < count; q++) {
                a.set(i, q, e.get(i, index[q]));
            }
        }
        DMatrixRMaj b = new DMatrixRMaj(rows, 1, true, f.clone());
        DMatrixRMaj x = new DMatrixRMaj(count, 1);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
        if (!solver.setA(a)) {
            throw new IllegalStateException("NNLS sub-problem could not be factorised");
        }
        solver.solve(b, x);
        double[] z = new double[passive.length];
        for (int q = 0; q < count; q++) {
            z[index[q]] = x.get(q, 0);
        }
        return z;
    }
}
