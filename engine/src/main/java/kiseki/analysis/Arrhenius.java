package kiseki.analysis;

import kiseki.io.Units;

/**
 * Arrhenius analysis of conductivities: σT = A·exp(−Ea/(k_B T)), fitted as ln(σT) against x = 1000/T by ordinary
 * least squares. Ea = −slope · 1000 · k_B (eV), prefactor A = exp(intercept) (S·K/cm). Extrapolation to any T by the
 * line, and — as the seed did — by a quadratic log10 σ = c0 + c1·x + c2·x² (needs at least 3 temperatures).
 */
public final class Arrhenius {

    private final double[] kelvin;
    private final double[] sigma;
    private final LinearFit line;
    private final LinearFit log10Line;
    private final double[] quadratic; // c0, c1, c2 of log10 σ in x = 1000/T, or null

    public Arrhenius(double[] kelvin, double[] sigmaSPerCm) {
        if (kelvin.length != sigmaSPerCm.length) {
            throw new IllegalArgumentException("temperatures and conductivities differ in length");
        }
        if (kelvin.length < 2) {
            throw new IllegalArgumentException("an Arrhenius fit needs at least 2 temperatures, got " + kelvin.length);
        }
        this.kelvin = kelvin.clone();
        this.sigma = sigmaSPerCm.clone();
        double[] x = new double[kelvin.length];
        double[] y = new double[kelvin.length];
        double[] log10 = new double[kelvin.length];
        for (int i = 0; i < kelvin.length; i++) {
            if (!(kelvin[i] > 0) || !(sigmaSPerCm[i] > 0) || !Double.isFinite(kelvin[i])
                    || !Double.isFinite(sigmaSPerCm[i])) {
                throw new IllegalArgumentException("row " + (i + 1) + ": T = " + kelvin[i] + " K and sigma = "
                        + sigmaSPerCm[i] + " S/cm must both be positive and finite");
            }
            x[i] = 1000.0 / kelvin[i];
            y[i] = Math.log(sigmaSPerCm[i] * kelvin[i]);
            log10[i] = Math.log10(sigmaSPerCm[i]);
        }
        this.line = LinearFit.of(x, y);
        this.log10Line = LinearFit.of(x, log10);
        this.quadratic = kelvin.length >= 3 ? quadraticFit(x, log10) : null;
    }

    /** Activation energy (eV). */
    public double activationEnergyEv() {
        return -line.slope() * 1000.0 * Units.BOLTZMANN_EV_PER_K;
    }

    /** OLS standard error of Ea (eV); NaN with only 2 points. */
    public double activationEnergyErrorEv() {
        return line.slopeError() * 1000.0 * Units.BOLTZMANN_EV_PER_K;
    }

    /**
     * Ea from the alternative fit of log10 σ (without the T factor) against 1000/T: Ea = −slope·ln10·1000·k_B (eV).
     * It differs from {@link #activationEnergyEv()} by about k_B·T̄ because σ = (A/T)·exp(−Ea/kT).
     */
    public double activationEnergyLog10Ev() {
        return -log10Line.slope() * Math.log(10) * 1000.0 * Units.BOLTZMANN_EV_PER_K;
    }

    /** Prefactor A in σT = A exp(−Ea/kT) (S·K/cm). */
    public double prefactor() {
        return Math.exp(line.intercept());
    }

    public LinearFit line() {
        return line;
    }

    /** σ(T) from the linear ln(σT) fit (S/cm). */
    public double sigmaLinear(double kelvinAt) {
        return Math.exp(line.at(1000.0 / kelvinAt)) / kelvinAt;
    }

    public boolean hasQuadratic() {
        return quadratic != null;
    }

    /** σ(T) from the quadratic fit of log10 σ in 1000/T (S/cm); NaN with fewer than 3 temperatures. */
    public double sigmaQuadratic(double kelvinAt) {
        if (quadratic == null) {
            return Double.NaN;
        }
        double x = 1000.0 / kelvinAt;
        return Math.pow(10, quadratic[0] + quadratic[1] * x + quadratic[2] * x * x);
    }

    /** Coefficients c0, c1, c2 of log10 σ = c0 + c1 x + c2 x², x = 1000/T; null with fewer than 3 points. */
    public double[] quadraticCoefficients() {
        return quadratic == null ? null : quadratic.clone();
    }

    public int points() {
        return kelvin.length;
    }

    /** Least-squares quadratic via the 3×3 normal equations on centred x (well conditioned for a few points). */
    static double[] quadraticFit(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        for (double v : x) {
            mx += v;
        }
        mx /= n;
        double[][] a = new double[3][4];
        for (int i = 0; i < n; i++) {
            double u = x[i] - mx;
            double[] p = {1, u, u * u};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    a[r][c] += p[r] * p[c];
                }
                a[r][3] += p[r] * y[i];
            }
        }
        for (int col = 0; col < 3; col++) {
            int piv = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            if (Math.abs(a[col][col]) < 1e-300) {
                throw new IllegalArgumentException("the quadratic fit needs at least 3 distinct temperatures");
            }
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c < 4; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double b0 = a[0][3] / a[0][0];
        double b1 = a[1][3] / a[1][1];
        double b2 = a[2][3] / a[2][2];
        // expand b0 + b1 (x - m) + b2 (x - m)² into powers of x
        return new double[] {b0 - b1 * mx + b2 * mx * mx, b1 - 2 * b2 * mx, b2};
    }
}
