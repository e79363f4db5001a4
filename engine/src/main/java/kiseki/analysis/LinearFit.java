package kiseki.analysis;

/**
 * Ordinary least-squares line y = intercept + slope·x with the usual standard errors
 * (residual variance s² = SSR/(n−2); SE(slope) = s/√Sxx; SE(intercept) = s·√(1/n + x̄²/Sxx)).
 */
public record LinearFit(double slope, double intercept, double slopeError, double interceptError, int points) {

    public static LinearFit of(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        if (n < 2) {
            throw new IllegalArgumentException("a line needs at least 2 points, got " + n);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (!(sxx > 0)) {
            throw new IllegalArgumentException("all x values are equal: no slope can be fitted");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double seSlope = Double.NaN;
        double seIntercept = Double.NaN;
        if (n > 2) {
            double ssr = 0;
            for (int i = 0; i < n; i++) {
                double r = y[i] - intercept - slope * x[i];
                ssr += r * r;
            }
            double s2 = ssr / (n - 2);
            seSlope = Math.sqrt(s2 / sxx);
            seIntercept = Math.sqrt(s2 * (1.0 / n + mx * mx / sxx));
        }
        return new LinearFit(slope, intercept, seSlope, seIntercept, n);
    }

    public double at(double x) {
        return intercept + slope * x;
    }
}
