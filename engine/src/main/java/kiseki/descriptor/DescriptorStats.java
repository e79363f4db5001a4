package kiseki.descriptor;

import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.util.Arrays;
import java.util.List;

/**
 * Streaming statistics of descriptor values per element, for input scaling and for spotting extrapolation:
 * <ul>
 * <li>NeuralMD scaling: one mean and one standard deviation per element over ALL descriptor values of that element's
 * atoms ({@link #mean}, {@link #std});
 * <li>n2p2-style scaling (option): per function mean and standard deviation ({@link #functionMeans},
 * {@link #functionStds});
 * <li>per function minimum and maximum ({@link #min}, {@link #max}), to count values outside the training range
 * ({@link #countOutside}).
 * </ul>
 * Standard deviations are population values (divided by the count). Updates use Welford's method, so many
 * structures can be streamed through without losing precision; {@link #merge} combines partial results (e.g. from
 * threads). Not thread-safe.
 */
public final class DescriptorStats {

    private final List<Element> elements;
    private final int size;
    private final long[] count;
    private final double[][] mean;
    private final double[][] m2;
    private final double[][] min;
    private final double[][] max;

    /** Empty statistics for descriptors of {@code size} functions on atoms of the given elements (model order). */
    public DescriptorStats(List<Element> elements, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("descriptor size must be positive, got " + size);
        }
        this.elements = List.copyOf(elements);
        this.size = size;
        int e = this.elements.size();
        count = new long[e];
        mean = new double[e][size];
        m2 = new double[e][size];
        min = new double[e][size];
        max = new double[e][size];
        for (int k = 0; k < e; k++) {
            Arrays.fill(min[k], Double.POSITIVE_INFINITY);
            Arrays.fill(max[k], Double.NEGATIVE_INFINITY);
        }
    }

    public List<Element> elements() {
        return elements;
    }

    public int size() {
        return size;
    }

    private int index(Element element) {
        int k = elements.indexOf(element);
        if (k < 0) {
            throw new IllegalArgumentException("element " + element.symbol() + " is not one of "
                    + elements.stream().map(Element::symbol).toList());
        }
        return k;
    }

    /** Adds one atom of {@code element} whose descriptor is {@code g[offset .. offset+size-1]}. */
    public void add(Element element, double[] g, int offset) {
        int e = index(element);
        long n = ++count[e];
        double[] mu = mean[e];
        double[] s = m2[e];
        double[] lo = min[e];
        double[] hi = max[e];
        double inv = 1.0 / n;
        for (int f = 0; f < size; f++) {
            double x = g[offset + f];
            double d = x - mu[f];
            mu[f] += d * inv;
            s[f] += d * (x - mu[f]);
            if (x < lo[f]) {
                lo[f] = x;
            }
            if (x > hi[f]) {
                hi[f] = x;
            }
        }
    }

    /** Adds atoms {@code from .. to-1} of {@code s} with descriptors laid out as {@link Descriptor#values} writes. */
    public void add(Structure s, int from, int to, double[] g) {
        for (int i = from; i < to; i++) {
            add(s.element(i), g, (i - from) * size);
        }
    }

    /** Computes the descriptor of every atom of {@code s} and adds them. */
    public void add(Descriptor descriptor, Structure s) {
        if (descriptor.size() != size) {
            throw new IllegalArgumentException("descriptor has " + descriptor.size() + " functions, the statistics "
                    + size);
        }
        if (s.size() == 0) {
            return;
        }
        NeighborList nl = NeighborList.full(s, descriptor.cutoff());
        double[] g = new double[s.size() * size];
        descriptor.values(s, nl, 0, s.size(), g);
        add(s, 0, s.size(), g);
    }

    /** Adds everything {@code other} has seen (Chan et al.'s parallel update). */
    public void merge(DescriptorStats other) {
        if (other.size != size || !other.elements.equals(elements)) {
            throw new IllegalArgumentException("statistics of different descriptors or elements cannot be merged");
        }
        for (int e = 0; e < elements.size(); e++) {
            long nb = other.count[e];
            if (nb == 0) {
                continue;
            }
            long na = count[e];
            long n = na + nb;
            for (int f = 0; f < size; f++) {
                double d = other.mean[e][f] - mean[e][f];
                mean[e][f] += d * nb / n;
                m2[e][f] += other.m2[e][f] + d * d * ((double) na * nb / n);
                min[e][f] = Math.min(min[e][f], other.min[e][f]);
                max[e][f] = Math.max(max[e][f], other.max[e][f]);
            }
            count[e] = n;
        }
    }

    /** Number of atoms of {@code element} seen. */
    public long count(Element element) {
        return count[index(element)];
    }

    /** NeuralMD: mean over all functions and all atoms of the element (NaN when none was seen). */
    public double mean(Element element) {
        int e = index(element);
        if (count[e] == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int f = 0; f < size; f++) {
            s += mean[e][f];
        }
        return s / size;
    }

    /** NeuralMD: standard deviation over all functions and all atoms of the element (NaN when none was seen). */
    public double std(Element element) {
        int e = index(element);
        long n = count[e];
        if (n == 0) {
            return Double.NaN;
        }
        double mu = mean(element);
        double total = 0;
        for (int f = 0; f < size; f++) {
            double d = mean[e][f] - mu;
            total += m2[e][f] + n * d * d;
        }
        return Math.sqrt(total / ((double) n * size));
    }

    /** n2p2-style: per function means (NaN when none was seen). */
    public double[] functionMeans(Element element) {
        int e = index(element);
        if (count[e] == 0) {
            return nan();
        }
        return mean[e].clone();
    }

    /** n2p2-style: per function standard deviations (NaN when none was seen). */
    public double[] functionStds(Element element) {
        int e = index(element);
        long n = count[e];
        if (n == 0) {
            return nan();
        }
        double[] s = new double[size];
        for (int f = 0; f < size; f++) {
            s[f] = Math.sqrt(Math.max(0.0, m2[e][f] / n));
        }
        return s;
    }

    /** Per function minimum (+∞ when none was seen). */
    public double[] min(Element element) {
        return min[index(element)].clone();
    }

    /** Per function maximum (−∞ when none was seen). */
    public double[] max(Element element) {
        return max[index(element)].clone();
    }

    /**
     * How many functions of one atom's descriptor {@code g[offset ..]} lie outside the range seen for its element,
     * the count used to flag extrapolation.
     */
    public int countOutside(Element element, double[] g, int offset) {
        int e = index(element);
        int outside = 0;
        for (int f = 0; f < size; f++) {
            double x = g[offset + f];
            if (x < min[e][f] || x > max[e][f]) {
                outside++;
            }
        }
        return outside;
    }

    private double[] nan() {
        double[] a = new double[size];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
