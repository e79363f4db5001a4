package kiseki.potential;

import org.ejml.data.DMatrixRMaj;

/**
 * The R factor of a tall least-squares matrix that arrives a few rows at a time (frame by frame), so a fit over
 * thousands of frames never holds the whole design matrix: [R; new rows] is re-factorised by Householder QR, which
 * keeps RᵀR = MᵀM for all rows M seen so far. The right-hand side travels as the last column, so the factor also holds
 * Qᵀy and the residual, and ||R·[x; −1]|| is the residual norm of any x without a second pass over the data.
 *
 * <p>Columns can be inserted at any position while rows stream in (a new element or element pair appears): the
 * earlier rows have zeros there, and inserting a zero row and column into R keeps it triangular and exact.
 */
final class StreamingQr {

    private static final int BUFFER_ROWS = 512;

    private int columns;
    private double[] r;
    private double[] buffer;
    private int buffered;

    StreamingQr(int columns) {
        this.columns = columns;
        this.r = new double[columns * columns];
        this.buffer = new double[BUFFER_ROWS * columns];
    }

    int columns() {
        return columns;
    }

    /** Appends rows (row-major, {@code rows × columns()}). */
    void addRows(double[] rows, int count) {
        for (int q = 0; q < count; q++) {
            if (buffered == BUFFER_ROWS) {
                flush();
            }
            System.arraycopy(rows, q * columns, buffer, buffered * columns, columns);
            buffered++;
        }
    }

    /** Inserts a zero column (and the matching zero row of R) before column {@code index}. */
    void insertColumn(int index) {
        flush();
        int n = columns + 1;
        double[] grown = new double[n * n];
        for (int i = 0; i < columns; i++) {
            int gi = i < index ? i : i + 1;
            for (int j = 0; j < columns; j++) {
                int gj = j < index ? j : j + 1;
                grown[gi * n + gj] = r[i * columns + j];
            }
        }
        columns = n;
        r = grown;
        buffer = new double[BUFFER_ROWS * columns];
    }

    /** The current upper-triangular factor ({@code columns() × columns()}, a copy). */
    DMatrixRMaj factor() {
        flush();
        return new DMatrixRMaj(columns, columns, true, r.clone());
    }

    private void flush() {
        if (buffered == 0) {
            return;
        }
        DMatrixRMaj stacked = new DMatrixRMaj(columns + buffered, columns);
        System.arraycopy(r, 0, stacked.data, 0, columns * columns);
        System.arraycopy(buffer, 0, stacked.data, columns * columns, buffered * columns);
        r = upperFactor(stacked).data;
        buffered = 0;
    }

    /**
     * The R factor (square, columns × columns) of a matrix with at least as many rows as columns, by Householder
     * reflections (an all-zero column — a pair not seen yet — is simply left as is).
     */
    static DMatrixRMaj upperFactor(DMatrixRMaj m) {
        int rows = m.numRows;
        int cols = m.numCols;
        if (rows < cols) {
            throw new IllegalArgumentException("need at least as many rows as columns");
        }
        double[][] a = new double[cols][rows]; // column-major copy
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[j][i] = m.data[i * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            double[] v = a[j];
            double scale = 0;
            for (int i = j; i < rows; i++) {
                scale = Math.max(scale, Math.abs(v[i]));
            }
            if (scale == 0) {
                continue;
            }
            double norm2 = 0;
            for (int i = j; i < rows; i++) {
                double t = v[i] / scale;
                norm2 += t * t;
            }
            double alpha = -Math.copySign(scale * Math.sqrt(norm2), v[j]);
            if (!Double.isFinite(alpha)) {
                throw new IllegalStateException("non-finite numbers in the least-squares problem");
            }
            // v ← x − alpha e_j, reflect the remaining columns with H = I − 2 v vᵀ / vᵀv
            v[j] -= alpha;
            double vv = 0;
            for (int i = j; i < rows; i++) {
                vv += v[i] * v[i];
            }
            for (int l = j + 1; l < cols; l++) {
                double[] col = a[l];
                double s = 0;
                for (int i = j; i < rows; i++) {
                    s += v[i] * col[i];
                }
                s = 2 * s / vv;
                for (int i = j; i < rows; i++) {
                    col[i] -= s * v[i];
                }
            }
            v[j] = alpha;
        }
        DMatrixRMaj r = new DMatrixRMaj(cols, cols);
        for (int i = 0; i < cols; i++) {
            for (int j = i; j < cols; j++) {
                r.data[i * cols + j] = a[j][i];
            }
        }
        return r;
    }
}
