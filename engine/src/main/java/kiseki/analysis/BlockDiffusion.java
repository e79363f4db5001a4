package kiseki.analysis;

/**
 * Block-averaged diffusion coefficient: the trajectory is cut into {@code blocks} consecutive segments, D is fitted in
 * each (same lag range and fit window) and the result is the mean with standard error std/√blocks (sample standard
 * deviation). Unlike the least-squares error of one fit this accounts for the correlation between time origins,
 * provided each block is longer than the correlation time.
 */
public record BlockDiffusion(double meanA2PerFs, double errorA2PerFs, double[] perBlockA2PerFs) {

    /**
     * @param msd         the whole trajectory
     * @param blocks      number of segments (at least 2)
     * @param maxLag      largest lag in frames (each block must hold more frames than this)
     * @param dtFs        time between frames (fs)
     * @param fromFs      fit window start (fs)
     * @param toFs        fit window end (fs)
     */
    public static BlockDiffusion of(Msd msd, int blocks, int maxLag, double dtFs, double fromFs, double toFs) {
        if (blocks < 2) {
            throw new IllegalArgumentException("block averaging needs at least 2 blocks, got " + blocks);
        }
        int length = msd.frames() / blocks;
        if (length <= maxLag) {
            throw new IllegalArgumentException(blocks + " blocks of " + length + " frames are too short for lags up "
                    + "to " + maxLag + " frames; use fewer blocks or a shorter --max-lag-fs");
        }
        double[] t = new double[maxLag + 1];
        for (int i = 0; i <= maxLag; i++) {
            t[i] = i * dtFs;
        }
        double[] d = new double[blocks];
        double mean = 0;
        for (int b = 0; b < blocks; b++) {
            double[] m = msd.segment(b * length, (b + 1) * length).compute(maxLag, 1);
            d[b] = Diffusion.fit(t, m, fromFs, toFs).dA2PerFs();
            mean += d[b];
        }
        mean /= blocks;
        double var = 0;
        for (double v : d) {
            var += (v - mean) * (v - mean);
        }
        var /= blocks - 1;
        return new BlockDiffusion(mean, Math.sqrt(var / blocks), d);
    }

    public double meanCm2PerS() {
        return meanA2PerFs * Diffusion.A2_PER_FS_TO_CM2_PER_S;
    }

    public double errorCm2PerS() {
        return errorA2PerFs * Diffusion.A2_PER_FS_TO_CM2_PER_S;
    }
}
