package kiseki.analysis;

import kiseki.structure.Element;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean-squared displacement of one species, MSD(lag) = ⟨|r_i(t0+lag) − r_i(t0)|²⟩ over the ions of the species and
 * over time origins t0 (every {@code originStride}-th frame).
 *
 * <p>Positions must be UNWRAPPED (LAMMPS dumps with xu/yu/zu or unwrapped extxyz); a wrapped trajectory gives a
 * plateau. The mass-weighted centre of mass of the whole system is subtracted from every frame, so a uniform drift
 * (thermostat artefact) does not add to the MSD. Frames are stored (3 doubles per selected ion per frame).
 */
public final class Msd {

    private final String symbol;
    private final List<double[]> frames = new ArrayList<>();
    private int ions = -1;
    private double densitySum;
    private int densityFrames;

    public Msd(String symbol) {
        this.symbol = symbol;
    }

    /** The frames first..end-1 as a trajectory of their own (shares the stored positions; for block averaging). */
    public Msd segment(int first, int end) {
        if (first < 0 || end > frames.size() || end - first < 2) {
            throw new IllegalArgumentException("segment " + first + ".." + end + " of " + frames.size() + " frames");
        }
        Msd part = new Msd(symbol);
        part.frames.addAll(frames.subList(first, end));
        part.ions = ions;
        part.densitySum = numberDensity();
        part.densityFrames = densityFrames == 0 ? 0 : 1;
        return part;
    }

    public String symbol() {
        return symbol;
    }

    /** Adds the next frame (frames must be equally spaced in time). */
    public void add(Structure s) {
        Element[] species = s.species();
        double[] x = s.positions();
        double mass = 0;
        double cx = 0;
        double cy = 0;
        double cz = 0;
        int count = 0;
        for (int i = 0; i < s.size(); i++) {
            double m = species[i].mass();
            mass += m;
            cx += m * x[3 * i];
            cy += m * x[3 * i + 1];
            cz += m * x[3 * i + 2];
            if (species[i].symbol().equals(symbol)) {
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("frame " + frames.size() + " has no " + symbol + " atoms");
        }
        if (ions >= 0 && count != ions) {
            throw new IllegalArgumentException("frame " + frames.size() + " has " + count + " " + symbol
                    + " atoms, the first frame had " + ions);
        }
        ions = count;
        cx /= mass;
        cy /= mass;
        cz /= mass;
        double[] sel = new double[3 * count];
        int k = 0;
        for (int i = 0; i < s.size(); i++) {
            if (species[i].symbol().equals(symbol)) {
                sel[k++] = x[3 * i] - cx;
                sel[k++] = x[3 * i + 1] - cy;
                sel[k++] = x[3 * i + 2] - cz;
            }
        }
        frames.add(sel);
        if (s.lattice() != null) {
            densitySum += count / s.lattice().volume();
            densityFrames++;
        }
    }

    public int frames() {
        return frames.size();
    }

    public int ions() {
        return Math.max(ions, 0);
    }

    /** Mean number density of the species over frames with a cell (Å⁻³), NaN without a cell. */
    public double numberDensity() {
        return densityFrames == 0 ? Double.NaN : densitySum / densityFrames;
    }

    /**
     * MSD for lags 0..maxLag frames (Å²), averaged over ions and over origins 0, stride, 2·stride, ... that have
     * the lagged frame inside the trajectory.
     */
    public double[] compute(int maxLag, int originStride) {
        if (originStride < 1) {
            throw new IllegalArgumentException("origin stride must be >= 1");
        }
        int nf = frames.size();
        int lags = Math.min(maxLag, nf - 1);
        if (lags < 1) {
            throw new IllegalArgumentException("the MSD needs at least 2 frames, got " + nf);
        }
        if (originStride == 1) {
            return allOriginsFft(lags);
        }
        return direct(lags, originStride);
    }

    /** Direct double loop over origins and lags: O(frames · lags · ions). */
    double[] direct(int lags, int originStride) {
        int nf = frames.size();
        double[] msd = new double[lags + 1];
        for (int lag = 1; lag <= lags; lag++) {
            double sum = 0;
            long samples = 0;
            for (int t0 = 0; t0 + lag < nf; t0 += originStride) {
                double[] a = frames.get(t0);
                double[] b = frames.get(t0 + lag);
                for (int k = 0; k < a.length; k++) {
                    double d = b[k] - a[k];
                    sum += d * d;
                }
                samples += ions;
            }
            msd[lag] = sum / samples;
        }
        return msd;
    }

    /**
     * Every frame as an origin in O(ions · frames · log frames), the FFT route of Calandrini et al. (as in
     * MDAnalysis and kinisi): per coordinate, MSD(m) = S1(m) − 2·S2(m) with S1 from running sums of squares and S2
     * the autocorrelation Σ_k r(k) r(k+m) / (N − m) from a zero-padded FFT. Each series is centred on its mean first
     * (the MSD does not change) to keep the subtraction accurate.
     */
    double[] allOriginsFft(int lags) {
        int nf = frames.size();
        int size = Integer.highestOneBit(2 * nf - 1) << 1;
        double[] re = new double[size];
        double[] im = new double[size];
        double[] series = new double[nf];
        double[] total = new double[lags + 1];
        for (int k = 0; k < 3 * ions; k++) {
            double mean = 0;
            for (int t = 0; t < nf; t++) {
                series[t] = frames.get(t)[k];
                mean += series[t];
            }
            mean /= nf;
            double sumSq = 0;
            for (int t = 0; t < nf; t++) {
                series[t] -= mean;
                sumSq += series[t] * series[t];
            }
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            System.arraycopy(series, 0, re, 0, nf);
            Fft.transform(re, im, false);
            for (int i = 0; i < size; i++) {
                re[i] = re[i] * re[i] + im[i] * im[i];
                im[i] = 0;
            }
            Fft.transform(re, im, true);
            // S1(m) = [Σ_{t<N-m} r(t)² + Σ_{t>=m} r(t)²] / (N − m), built by removing the ends one lag at a time
            double q = 2 * sumSq;
            for (int m = 0; m <= lags; m++) {
                if (m > 0) {
                    q -= series[m - 1] * series[m - 1] + series[nf - m] * series[nf - m];
                }
                double s1 = q / (nf - m);
                double s2 = re[m] / (nf - m);
                total[m] += s1 - 2 * s2;
            }
        }
        total[0] = 0;
        for (int m = 1; m <= lags; m++) {
            total[m] /= ions;
        }
        return total;
    }
}
