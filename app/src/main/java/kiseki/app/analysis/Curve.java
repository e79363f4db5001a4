package kiseki.app.analysis;

/**
 * One data series of an analysis plot, ready for a chart: {@code points} series are drawn as markers only (MD data,
 * experiments), the others as lines only (curves, fits). Long series are thinned for drawing; CSV exports use the
 * full data.
 */
public record Curve(String name, double[] x, double[] y, boolean points) {

    /** Most points drawn per curve. */
    public static final int MAX_DRAWN = 2000;

    /**
     * A line through (x, y), keeping every k-th point (and the last) when there are more than {@link #MAX_DRAWN}.
     */
    public static Curve line(String name, double[] x, double[] y) {
        int n = x.length;
        if (n <= MAX_DRAWN) {
            return new Curve(name, x.clone(), y.clone(), false);
        }
        int stride = (int) Math.ceil((n - 1) / (double) (MAX_DRAWN - 1));
        boolean lastOnStride = (n - 1) % stride == 0;
        int count = (n - 1) / stride + 1 + (lastOnStride ? 0 : 1);
        double[] xs = new double[count];
        double[] ys = new double[count];
        int k = 0;
        for (int i = 0; i < n; i += stride) {
            xs[k] = x[i];
            ys[k++] = y[i];
        }
        if (!lastOnStride) {
            xs[k] = x[n - 1];
            ys[k] = y[n - 1];
        }
        return new Curve(name, xs, ys, false);
    }

    public static Curve points(String name, double[] x, double[] y) {
        return new Curve(name, x.clone(), y.clone(), true);
    }

    public int size() {
        return x.length;
    }
}
