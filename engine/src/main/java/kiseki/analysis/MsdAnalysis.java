package kiseki.analysis;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * The whole mean-squared-displacement analysis of one species, as {@code kiseki analyze msd} and the workbench do it:
 * MSD over lags 0..maxLag frames (default: half the trajectory), the tracer D from a straight line over a fit window
 * (default 20 % to 80 % of the largest lag), optionally D averaged over trajectory blocks, and the ion density for the
 * Nernst–Einstein conductivity.
 *
 * @param species       element symbol of the mobile ion
 * @param ions          number of those ions
 * @param frames        frames in the trajectory
 * @param dtFs          time between frames (fs)
 * @param maxLag        largest lag (frames)
 * @param timesFs       lag times 0, dt, 2dt, … (fs)
 * @param msdA2         MSD at each lag (Å²)
 * @param fitFromFs     fit window start (fs)
 * @param fitToFs       fit window end (fs)
 * @param diffusion     the least-squares fit (D and its optimistic OLS error)
 * @param blocks        block-averaged D, or null when not asked for
 * @param numberDensity ions per Å³ (NaN when the frames have no cell)
 */
public record MsdAnalysis(String species, int ions, int frames, double dtFs, int maxLag, double[] timesFs,
        double[] msdA2, double fitFromFs, double fitToFs, Diffusion diffusion, BlockDiffusion blocks,
        double numberDensity) {

    /** Default fit window, as fractions of the largest lag time. */
    public static final double DEFAULT_FIT_FROM = 0.2;
    public static final double DEFAULT_FIT_TO = 0.8;

    /**
     * @param msd          the collected trajectory (at least 2 frames)
     * @param dtFs         time between frames (fs, positive)
     * @param maxLagFs     largest lag (fs); null for half the trajectory
     * @param originStride every N-th frame is a time origin
     * @param fitFromFs    fit window start (fs); null for 20 % of the largest lag
     * @param fitToFs      fit window end (fs); null for 80 % of the largest lag
     * @param blockCount   number of blocks for block averaging; null for none
     */
    public static MsdAnalysis of(Msd msd, double dtFs, Double maxLagFs, int originStride, Double fitFromFs,
            Double fitToFs, Integer blockCount) {
        if (msd.frames() < 2) {
            throw new IllegalArgumentException("the MSD needs at least 2 frames, got " + msd.frames());
        }
        if (!(dtFs > 0) || !Double.isFinite(dtFs)) {
            throw new IllegalArgumentException("the frame spacing must be positive, got " + dtFs + " fs");
        }
        int maxLag = maxLagFs == null ? (msd.frames() - 1) / 2 : (int) Math.floor(maxLagFs / dtFs + 1e-9);
        maxLag = Math.max(1, Math.min(maxLag, msd.frames() - 1));
        double[] m = msd.compute(maxLag, originStride);
        double[] t = new double[m.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * dtFs;
        }
        double from = fitFromFs != null ? fitFromFs : DEFAULT_FIT_FROM * t[t.length - 1];
        double to = fitToFs != null ? fitToFs : DEFAULT_FIT_TO * t[t.length - 1];
        Diffusion d = Diffusion.fit(t, m, from, to);
        BlockDiffusion b = blockCount == null ? null : BlockDiffusion.of(msd, blockCount, maxLag, dtFs, from, to);
        return new MsdAnalysis(msd.symbol(), msd.ions(), msd.frames(), dtFs, maxLag, t, m, from, to, d, b,
                msd.numberDensity());
    }

    /** Whether the frames had a cell, so the density (and a conductivity) is known. */
    public boolean hasDensity() {
        return Double.isFinite(numberDensity);
    }

    /** Nernst–Einstein conductivity (S/cm) from the fitted D, for ion charge number {@code charge} at T. */
    public double sigma(double charge, double kelvin) {
        return Conductivity.nernstEinstein(requireDensity(), charge, diffusion.dCm2PerS(), kelvin);
    }

    /** The conductivity error (S/cm) that the OLS error of D carries. */
    public double sigmaError(double charge, double kelvin) {
        return Conductivity.nernstEinstein(requireDensity(), charge, diffusion.dErrCm2PerS(), kelvin);
    }

    private double requireDensity() {
        if (!hasDensity()) {
            throw new IllegalArgumentException("the conductivity needs the ion density, but the frames have no cell");
        }
        return numberDensity;
    }

    /** CSV with columns t_fs, msd_A2. */
    public void writeCsv(Writer w) throws IOException {
        w.write("t_fs,msd_A2\n");
        for (int i = 0; i < timesFs.length; i++) {
            w.write(String.format(Locale.ROOT, "%.6g,%.8g%n", timesFs[i], msdA2[i]));
        }
    }
}
