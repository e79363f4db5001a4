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
}
