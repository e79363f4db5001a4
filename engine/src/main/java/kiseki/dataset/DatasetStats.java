package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Summary statistics of an extended XYZ dataset, computed in one streaming pass (only the current frame is held).
 *
 * <p>Numbers that need a quantity no frame has (e.g. energies in a file without energies) are NaN, their counts 0.
 *
 * @param file                 the dataset file
 * @param frames               number of frames
 * @param atoms                total atoms over all frames
 * @param elements             element symbol → total atom count, in order of first appearance
 * @param framesWithEnergy     frames with an energy
 * @param framesWithForces     frames with forces
 * @param framesWithStress     frames with a stress tensor
 * @param energyPerAtom        energy / atoms over the frames with an energy (eV/atom)
 * @param energy               total energy over the frames with an energy (eV)
 * @param maxForce             largest force vector norm |F| over all atoms with forces (eV/Å)
 * @param maxForceFrame        1-based frame number of {@code maxForce} (0 when no forces)
 * @param maxForceAtom         1-based atom number within that frame (0 when no forces)
 * @param rmsForceComponent    root mean square of all force components Fx, Fy, Fz (eV/Å)
 * @param forceHistogram       counts of |F| per atom in {@link #HISTOGRAM_BINS} equal bins from 0 to {@code maxForce};
 *                             exact up to about 4 million atoms with forces, beyond that a value within 1/800 of a
 *                             bin width of a bin edge may be counted in the neighbouring bin
 * @param cellVolume           cell volume over the frames with a lattice (Å³)
 * @param minAtoms             fewest atoms in a frame (0 for an empty file)
 * @param maxAtoms             most atoms in a frame
 */
public record DatasetStats(Path file, int frames, long atoms, Map<String, Long> elements, int framesWithEnergy,
        int framesWithForces, int framesWithStress, Summary energyPerAtom, Summary energy, double maxForce,
        int maxForceFrame, int maxForceAtom, double rmsForceComponent, Histogram forceHistogram, Summary cellVolume,
        int minAtoms, int maxAtoms) {

    /** Number of bins of {@link #forceHistogram}. */
    public static final int HISTOGRAM_BINS = 20;

    /**
     * Minimum, maximum, mean and population standard deviation (divisor n) of a quantity over {@code count} values;
     * NaN when count is 0.
     */
    public record Summary(long count, double min, double max, double mean, double std) {
    }

    /**
     * A histogram from 0 to the largest value: bin k counts values in [k·binWidth, (k+1)·binWidth), the last bin
     * includes the largest value. binWidth is 0 when every value is 0 (all counted in bin 0).
     */
    public record Histogram(double binWidth, List<Long> counts) {
        public long total() {
            return counts.stream().mapToLong(Long::longValue).sum();
        }
    }

    public DatasetStats {
        elements = Collections.unmodifiableMap(new LinkedHashMap<>(elements));
    }

    /** The element symbols in order of first appearance. */
    public List<String> elementSymbols() {
        return List.copyOf(elements.keySet());
    }

    /**
     * Reads the whole file once.
     *
     * @throws kiseki.io.FormatException when a frame does not read (with its line)
     */
    public static DatasetStats of(Path file) throws IOException {
        Accumulator acc = new Accumulator();
        try (FrameReader reader = new ExtxyzFormat().open(file, ReadOptions.DEFAULT)) {
            for (Frame f; (f = reader.next()) != null; ) {
                acc.add(f);
            }
        }
        return acc.result(file);
    }

    /** Welford's running mean and variance, with min and max. */
    private static final class Running {
        long n;
        double mean;
        double m2;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double x) {
            n++;
            double d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }

        Summary summary() {
            if (n == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Summary(n, min, max, mean, Math.sqrt(Math.max(0, m2 / n)));
        }
    }

    private static final class Accumulator {
        int frames;
        long atoms;
        final Map<String, Long> elements = new LinkedHashMap<>();
        int withEnergy;
        int withForces;
        int withStress;
        final Running energyPerAtom = new Running();
        final Running energy = new Running();
        final Running volume = new Running();
        double maxForce = Double.NaN;
        int maxForceFrame;
        int maxForceAtom;
        double sumSquares;
        long forceComponents;
        final MagnitudeHistogram histogram = new MagnitudeHistogram();
        int minAtoms = Integer.MAX_VALUE;
        int maxAtoms;

        void add(Frame f) {
            frames++;
            Structure s = f.structure();
            int n = s.size();
            atoms += n;
            minAtoms = Math.min(minAtoms, n);
            maxAtoms = Math.max(maxAtoms, n);
            for (int i = 0; i < n; i++) {
                elements.merge(s.element(i).symbol(), 1L, Long::sum);
            }
            if (f.hasEnergy()) {
                withEnergy++;
                energy.add(f.energy());
                if (n > 0) {
                    energyPerAtom.add(f.energy() / n);
                }
            }
            double[] forces = f.forces();
            if (forces != null) {
                withForces++;
                for (int i = 0; i < n; i++) {
                    double fx = forces[3 * i];
                    double fy = forces[3 * i + 1];
                    double fz = forces[3 * i + 2];
                    double sq = fx * fx + fy * fy + fz * fz;
                    sumSquares += sq;
                    double norm = Math.sqrt(sq);
                    histogram.add(norm);
                    if (!(norm <= maxForce)) { // also true for the first (NaN)
                        maxForce = norm;
                        maxForceFrame = frames;
                        maxForceAtom = i + 1;
                    }
                }
                forceComponents += 3L * n;
            }
            if (f.stress() != null) {
                withStress++;
            }
            Lattice lattice = s.lattice();
            if (lattice != null) {
                volume.add(lattice.volume());
            }
        }

        DatasetStats result(Path file) {
            long[] counts = histogram.counts(HISTOGRAM_BINS);
            List<Long> countList = java.util.Arrays.stream(counts).boxed().toList();
            double binWidth = histogram.count() == 0 ? Double.NaN : histogram.binWidth(HISTOGRAM_BINS);
            double rms = forceComponents == 0 ? Double.NaN : Math.sqrt(sumSquares / forceComponents);
            return new DatasetStats(file, frames, atoms, elements, withEnergy, withForces, withStress,
                    energyPerAtom.summary(), energy.summary(), maxForce, maxForceFrame, maxForceAtom, rms,
                    new Histogram(binWidth, countList), volume.summary(), frames == 0 ? 0 : minAtoms, maxAtoms);
        }
    }
}
