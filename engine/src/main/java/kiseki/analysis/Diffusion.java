package kiseki.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Tracer diffusion coefficient from MSD(t): D = slope/6 (3-D) from an ordinary least-squares line over the window
 * from ≤ t ≤ to.
 *
 * <p>The standard error is the OLS standard error of the slope divided by 6. MSD values at neighbouring lags are
 * strongly correlated (they share time origins and trajectory segments), so this error is OPTIMISTIC — treat it as a
 * lower bound; block averaging over independent trajectory segments gives a realistic one.
 */
public record Diffusion(double dA2PerFs, double dErrA2PerFs, LinearFit fit) {

    /** 1 Å²/fs = 1e-16 cm² / 1e-15 s = 0.1 cm²/s. */
    public static final double A2_PER_FS_TO_CM2_PER_S = 0.1;

    /**
     * @param times time of each MSD point (fs)
     * @param msd   MSD (Å²)
     * @param from  first time of the fit window (fs, inclusive)
     * @param to    last time of the fit window (fs, inclusive)
     */
    public static Diffusion fit(double[] times, double[] msd, double from, double to) {
        if (times.length != msd.length) {
            throw new IllegalArgumentException("times and msd differ in length");
        }
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if (times[i] >= from && times[i] <= to && Double.isFinite(msd[i])) {
                in.add(i);
            }
        }
        if (in.size() < 2) {
            throw new IllegalArgumentException("the fit window " + from + ".." + to + " fs holds " + in.size()
                    + " MSD points; it needs at least 2");
        }
        double[] x = new double[in.size()];
        double[] y = new double[in.size()];
        for (int k = 0; k < in.size(); k++) {
            x[k] = times[in.get(k)];
            y[k] = msd[in.get(k)];
        }
        LinearFit line = LinearFit.of(x, y);
        return new Diffusion(line.slope() / 6.0, line.slopeError() / 6.0, line);
    }

    public double dCm2PerS() {
        return dA2PerFs * A2_PER_FS_TO_CM2_PER_S;
    }

    public double dErrCm2PerS() {
        return dErrA2PerFs * A2_PER_FS_TO_CM2_PER_S;
    }
}
