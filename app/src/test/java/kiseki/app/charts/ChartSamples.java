package kiseki.app.charts;

import java.util.Random;

/** Synthetic but physically shaped data for chart tests and the documentation pictures. */
final class ChartSamples {

    private ChartSamples() {
    }

    static final RmseChart.Labels RMSE_LABELS = new RmseChart.Labels("Energy", "Forces", "Epoch",
            "Energy RMSE (meV/atom)", "Force RMSE (eV/Å)", "training", "validation");
    static final ParityChart.Labels PARITY_LABELS = new ParityChart.Labels("Force components",
            "DFT force (eV/Å)", "NNP force (eV/Å)", "{0}: RMSE {1} eV/Å ({2} values)");
    static final ArrheniusChart.Labels ARRHENIUS_LABELS = new ArrheniusChart.Labels("Li⁺ conductivity, LGPS",
            "1000/T (1/K)", "log₁₀ σ (S/cm)", "MD (Nernst–Einstein)", "Arrhenius fit", "quadratic fit",
            "298.15 K (extrapolated)", "Eₐ = {0} ± {1} eV", "σ(298.15 K) = {0} S/cm");

    /** Epoch errors that fall roughly exponentially to a floor, validation a little above training. */
    static void fillRmse(RmseChart chart, int epochs, long seed) {
        Random random = new Random(seed);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double e = 60 * Math.exp(-epoch / 300.0) + 0.9;
            double f = 0.6 * Math.exp(-epoch / 450.0) + 0.045;
            double noise = 1 + 0.05 * random.nextGaussian();
            chart.addEpoch(epoch, e * noise, e * 1.25 * (1 + 0.08 * random.nextGaussian()), f * noise,
                    f * 1.15 * (1 + 0.05 * random.nextGaussian()));
        }
    }

    static double[][] parity(int n, double spread, double error, long seed) {
        Random random = new Random(seed);
        double[] ref = new double[n];
        double[] pred = new double[n];
        for (int i = 0; i < n; i++) {
            ref[i] = spread * random.nextGaussian();
            pred[i] = ref[i] * 1.01 + error * random.nextGaussian();
        }
        return new double[][] {ref, pred};
    }

    static double[] grid(double from, double to, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + (to - from) * i / (n - 1);
        }
        return x;
    }

    /** A Morse-shaped pair term D[(1 − e^(−a(r − r0)))² − 1] (eV): a wall, a well, zero at long range. */
    static double[] pairTerm(double[] r, double depth, double stiffness, double r0) {
        double[] phi = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double e = 1 - Math.exp(-stiffness * (r[i] - r0));
            phi[i] = depth * (e * e - 1);
        }
        return phi;
    }

    /** g(r) as a sum of Gaussian shells tending to 1. */
    static double[] rdf(double[] r, double first, double width, double height) {
        double[] g = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double x = r[i];
            double tail = 1 / (1 + Math.exp(-(x - first) / 0.15));
            g[i] = tail * (1 + 0.25 * Math.exp(-0.4 * (x - first)) * Math.cos(2 * Math.PI * (x - first) / 2.0))
                    + height * Math.exp(-0.5 * Math.pow((x - first) / width, 2));
        }
        return g;
    }

    /** MSD = 6 D t + ballistic start + noise (Å², t in ps). */
    static double[] msd(double[] t, double d, long seed) {
        Random random = new Random(seed);
        double[] m = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            m[i] = 6 * d * t[i] + 1.2 * (1 - Math.exp(-t[i] / 0.3)) + 0.04 * Math.sqrt(t[i]) * random.nextGaussian();
        }
        return m;
    }
}
