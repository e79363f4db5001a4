package kiseki.nnp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import kiseki.descriptor.DescriptorStats;
import kiseki.structure.Element;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The descriptor values a model's networks were trained on: per element (model order) and per descriptor function,
 * the smallest and largest UNSCALED descriptor value over the atoms of the training split, and how many atoms that
 * is. A configuration whose descriptor values leave this range makes the networks extrapolate, and their answer is
 * not to be trusted; {@link NnpPotential} counts such atoms in every evaluation.
 *
 * <p>Stored in the model file as the optional field {@code trainingRange}:
 * {@code {"atoms": [n_e, ...], "min": [[...], ...], "max": [[...], ...]}}, one entry per element. An element with no
 * atom in the training split has {@code atoms} 0 and empty {@code min}/{@code max}: every atom of it counts as
 * extrapolating.
 *
 * <p>A value counts as outside when it lies more than {@value #RELATIVE_TOLERANCE} × scale beyond the range, with
 * scale = max(max − min, |min|, |max|) of that function. The margin absorbs the rounding of sums taken in another
 * order (an MD neighbour list with a skin lists the neighbours differently from the training one), so every training
 * configuration itself gives zero, and it is far below any physically meaningful excursion.
 *
 * @param atoms per element, the number of training atoms the range covers
 * @param min   per element, one value per descriptor function (empty when {@code atoms} is 0)
 * @param max   per element, one value per descriptor function (empty when {@code atoms} is 0)
 */
@JsonPropertyOrder({"atoms", "min", "max"})
public record TrainingRange(List<Long> atoms, List<double[]> min, List<double[]> max) {

    public static final double RELATIVE_TOLERANCE = 1e-6;

    public TrainingRange {
        atoms = List.copyOf(atoms);
        min = List.copyOf(min);
        max = List.copyOf(max);
        if (min.size() != atoms.size() || max.size() != atoms.size()) {
            throw new IllegalArgumentException("the training range needs atoms, min and max for every element");
        }
        for (int e = 0; e < atoms.size(); e++) {
            double[] lo = min.get(e);
            double[] hi = max.get(e);
            if (atoms.get(e) < 0 || lo.length != hi.length || (atoms.get(e) == 0) != (lo.length == 0)) {
                throw new IllegalArgumentException("the training range of element " + (e + 1) + " is inconsistent ("
                        + atoms.get(e) + " atoms, " + lo.length + " minima, " + hi.length + " maxima)");
            }
            for (int f = 0; f < lo.length; f++) {
                if (!(Double.isFinite(lo[f]) && Double.isFinite(hi[f]) && lo[f] <= hi[f])) {
                    throw new IllegalArgumentException("the training range of element " + (e + 1) + ", function "
                            + (f + 1) + " is not a finite interval: [" + lo[f] + ", " + hi[f] + "]");
                }
            }
        }
    }

    /** The range seen by {@code stats} (elements in model order). */
    public static TrainingRange of(DescriptorStats stats) {
        List<Long> atoms = new ArrayList<>();
        List<double[]> min = new ArrayList<>();
        List<double[]> max = new ArrayList<>();
        for (Element e : stats.elements()) {
            long n = stats.count(e);
            atoms.add(n);
            min.add(n == 0 ? new double[0] : stats.min(e));
            max.add(n == 0 ? new double[0] : stats.max(e));
        }
        return new TrainingRange(atoms, min, max);
    }

    /** Number of elements. */
    public int elementCount() {
        return atoms.size();
    }

    /**
     * Per function, the value below which a descriptor value of {@code element} counts as outside (tolerance
     * included); +∞ everywhere for an element never seen in training.
     */
    public double[] lowerLimits(int element, int size) {
        return limits(element, size, -1);
    }

    /** Per function, the value above which a value counts as outside; −∞ for an element never seen. */
    public double[] upperLimits(int element, int size) {
        return limits(element, size, +1);
    }

    private double[] limits(int element, int size, int side) {
        double[] lo = min.get(element);
        double[] hi = max.get(element);
        double[] out = new double[size];
        if (lo.length == 0) {
            Arrays.fill(out, side < 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
            return out;
        }
        if (lo.length != size) {
            throw new IllegalArgumentException("the training range has " + lo.length + " descriptor functions, the "
                    + "model's descriptor " + size);
        }
        for (int f = 0; f < size; f++) {
            double scale = Math.max(hi[f] - lo[f], Math.max(Math.abs(lo[f]), Math.abs(hi[f])));
            double margin = RELATIVE_TOLERANCE * scale;
            out[f] = side < 0 ? lo[f] - margin : hi[f] + margin;
        }
        return out;
    }

    // arrays compare by content, so that a reloaded model equals the written one
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrainingRange r) || !atoms.equals(r.atoms) || min.size() != r.min.size()) {
            return false;
        }
        for (int e = 0; e < min.size(); e++) {
            if (!Arrays.equals(min.get(e), r.min.get(e)) || !Arrays.equals(max.get(e), r.max.get(e))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = atoms.hashCode();
        for (int e = 0; e < min.size(); e++) {
            h = 31 * h + Arrays.hashCode(min.get(e));
            h = 31 * h + Arrays.hashCode(max.get(e));
        }
        return h;
    }
}
