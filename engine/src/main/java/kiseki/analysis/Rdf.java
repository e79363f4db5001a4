package kiseki.analysis;

import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.List;

/**
 * Radial distribution function g(r), total and partial, averaged over frames, with running coordination numbers.
 *
 * <p>Pairs come from {@link NeighborList#full} so every periodic image within {@code rmax} counts (rmax may exceed half
 * the cell). For a partial A–B (centre A, neighbour B) the frame's histogram is normalised by
 * N_A · ρ_B · V_shell with ρ_B = (N_B − δ_AB)/V (an atom is not its own neighbour, so an ideal gas gives exactly
 * g = 1) and V_shell = 4π/3 (r_hi³ − r_lo³), the exact shell volume (≈ 4πr²dr). The running coordination
 * n_AB(r) = 4π ρ_B ∫ g r² dr, evaluated at each bin's upper edge, equals the mean number of B atoms within r of an A.
 * The total g counts all pairs with ρ = (N − 1)/V. Frames without a full 3-D lattice are rejected.
 */
public final class Rdf {

    /** A centre–neighbour element pair, e.g. P-S (neighbours S around each P). */
    public record Pair(String centre, String neighbour) {
        public static Pair parse(String text) {
            String[] parts = text.trim().split("-");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("pair '" + text + "' should look like Li-S");
            }
            return new Pair(symbol(parts[0], text), symbol(parts[1], text));
        }

        private static String symbol(String raw, String text) {
            return kiseki.structure.PeriodicTable.bySymbol(raw.trim()).map(Element::symbol).orElseThrow(
                    () -> new IllegalArgumentException("pair '" + text + "': unknown element '" + raw.trim() + "'"));
        }

        public String label() {
            return centre + "-" + neighbour;
        }
    }

    private final double rmax;
    private final double bin;
    private final int bins;
    private final List<Pair> pairs;
    private final boolean autoPairs;
    private final long[] totalCounts;
    private final List<long[]> pairCounts = new ArrayList<>();
    private double totalNorm;              // Σ_frames N (N-1)/V
    private final List<double[]> pairNorm = new ArrayList<>(); // per pair: {Σ N_A ρ_B, Σ N_A, Σ N_B}
    private double totalCentres;           // Σ_frames N
    private double totalDensity;           // Σ_frames (N-1)/V · N
    private int frames;

    /**
     * @param pairs the partials to compute; null or empty = every unordered pair of the elements in the first frame
     *              (A-B with A before B in atomic number, plus A-A)
     */
    public Rdf(double rmax, double bin, List<Pair> pairs) {
        if (!(rmax > 0) || !(bin > 0) || bin > rmax || !Double.isFinite(rmax)) {
            throw new IllegalArgumentException("need 0 < bin <= rmax, got bin " + bin + " and rmax " + rmax);
        }
        this.rmax = rmax;
        this.bin = bin;
        this.bins = (int) Math.round(rmax / bin);
        if (bins > 10_000_000) {
            throw new IllegalArgumentException("too many bins: " + bins);
        }
        this.autoPairs = pairs == null || pairs.isEmpty();
        this.pairs = new ArrayList<>(autoPairs ? List.of() : pairs);
        this.totalCounts = new long[bins];
        if (!autoPairs) {
            for (int p = 0; p < this.pairs.size(); p++) {
                pairCounts.add(new long[bins]);
                pairNorm.add(new double[3]);
            }
        }
    }

    public Rdf() {
        this(6.0, 0.02, null);
    }

    /** Adds one frame. */
    public void add(Structure s) {
        if (!s.isFullyPeriodic() || s.lattice() == null) {
            throw new IllegalArgumentException("the RDF needs a periodic cell in all three directions");
        }
        if (autoPairs && frames == 0) {
            List<Element> els = new ArrayList<>(s.elements());
            els.sort((a, b) -> Integer.compare(a.z(), b.z()));
            for (int i = 0; i < els.size(); i++) {
                for (int j = i; j < els.size(); j++) {
                    pairs.add(new Pair(els.get(i).symbol(), els.get(j).symbol()));
                    pairCounts.add(new long[bins]);
                    pairNorm.add(new double[3]);
                }
            }
        }
        int n = s.size();
        double volume = s.lattice().volume();
        Element[] species = s.species();
        // per-atom index of the pairs where it is centre / neighbour, as bit masks over pair indices
        int np = pairs.size();
        boolean[][] isCentre = new boolean[np][n];
        boolean[][] isNeighbour = new boolean[np][n];
        for (int p = 0; p < np; p++) {
            Pair pair = pairs.get(p);
            int nA = 0;
            int nB = 0;
            for (int i = 0; i < n; i++) {
                String sym = species[i].symbol();
                if (sym.equals(pair.centre())) {
                    isCentre[p][i] = true;
                    nA++;
                }
                if (sym.equals(pair.neighbour())) {
                    isNeighbour[p][i] = true;
                    nB++;
                }
            }
            int self = pair.centre().equals(pair.neighbour()) ? 1 : 0;
            pairNorm.get(p)[0] += nA * Math.max(0, nB - self) / volume;
            pairNorm.get(p)[1] += nA;
            pairNorm.get(p)[2] += nB;
        }
        totalNorm += (double) n * Math.max(0, n - 1) / volume;
        totalCentres += n;
        NeighborList list = NeighborList.full(s, rmax);
        for (int i = 0; i < n; i++) {
            for (int k = list.start(i); k < list.end(i); k++) {
                double r = list.distance(k);
                int b = (int) (r / bin);
                if (b >= bins) {
                    continue;
                }
                totalCounts[b]++;
                int j = list.neighbor(k);
                for (int p = 0; p < np; p++) {
                    if (isCentre[p][i] && isNeighbour[p][j]) {
                        pairCounts.get(p)[b]++;
                    }
                }
            }
        }
        frames++;
    }

    public int frames() {
        return frames;
    }

    /** Number of centre atoms of pair p summed over frames (0 when the element never occurs). */
    public double centreCount(int p) {
        return pairNorm.get(p)[1];
    }

    /** Number of neighbour-element atoms of pair p summed over frames (0 when the element never occurs). */
    public double neighbourCount(int p) {
        return pairNorm.get(p)[2];
    }

    public List<Pair> pairs() {
        return List.copyOf(pairs);
    }

    public int bins() {
        return bins;
    }

    /** Bin centre (Å). */
    public double r(int b) {
        return (b + 0.5) * bin;
    }

    /** Upper edge of bin b (Å), where {@link #coordination} is evaluated. */
    public double rUpper(int b) {
        return (b + 1) * bin;
    }

    private double shellVolume(int b) {
        double lo = b * bin;
        double hi = (b + 1) * bin;
        return 4.0 / 3.0 * Math.PI * (hi * hi * hi - lo * lo * lo);
    }

    public double[] gTotal() {
        double[] g = new double[bins];
        for (int b = 0; b < bins; b++) {
            g[b] = totalNorm > 0 ? totalCounts[b] / (totalNorm * shellVolume(b)) : 0;
        }
        return g;
    }

    /** Partial g for pair index p (see {@link #pairs()}). */
    public double[] g(int p) {
        long[] c = pairCounts.get(p);
        double norm = pairNorm.get(p)[0];
        double[] g = new double[bins];
        for (int b = 0; b < bins; b++) {
            g[b] = norm > 0 ? c[b] / (norm * shellVolume(b)) : 0;
        }
        return g;
    }

    /** Running coordination n(r) at each bin's upper edge: mean number of neighbours (of the pair's kind) within r. */
    public double[] coordination(int p) {
        long[] c = pairCounts.get(p);
        double centres = pairNorm.get(p)[1];
        double[] n = new double[bins];
        long sum = 0;
        for (int b = 0; b < bins; b++) {
            sum += c[b];
            n[b] = centres > 0 ? sum / centres : 0;
        }
        return n;
    }

    /** Running total coordination (all neighbours of any atom). */
    public double[] coordinationTotal() {
        double[] n = new double[bins];
        long sum = 0;
        for (int b = 0; b < bins; b++) {
            sum += totalCounts[b];
            n[b] = totalCentres > 0 ? sum / totalCentres : 0;
        }
        return n;
    }

    /** Coordination at distance r (the bin whose upper edge is nearest r). */
    public double coordinationAt(int p, double r) {
        int b = Math.min(bins - 1, Math.max(0, (int) Math.round(r / bin) - 1));
        return coordination(p)[b];
    }

    /**
     * Fails with a clear message when the element of a pair's centre or neighbour never occurs in the frames added
     * (its g would be zero everywhere).
     */
    public void requirePairsPresent() {
        for (int p = 0; p < pairs.size(); p++) {
            Pair pair = pairs.get(p);
            if (centreCount(p) == 0 || neighbourCount(p) == 0) {
                throw new IllegalArgumentException("pair " + pair.label() + ": the trajectory has no "
                        + (centreCount(p) == 0 ? pair.centre() : pair.neighbour()) + " atoms");
            }
        }
    }

    /** Bin of the highest g of pair p (the first such bin on ties). */
    public int highestPeak(int p) {
        double[] g = g(p);
        int best = 0;
        for (int b = 1; b < g.length; b++) {
            if (g[b] > g[best]) {
                best = b;
            }
        }
        return best;
    }

    /**
     * The first coordination shell of a pair.
     *
     * @param peakR        centre of the first peak's bin (Å)
     * @param peakG        g at the first peak
     * @param minimumR     upper edge of the first minimum's bin (Å), where the coordination is read
     * @param coordination mean number of neighbours within {@code minimumR}
     */
    public record Shell(double peakR, double peakG, double minimumR, double coordination) {
    }

    /**
     * First shell of pair p: the first peak is the first local maximum that reaches half the highest g; the first
     * minimum is the lowest g after it, searched until g climbs back above 1 after having fallen below 1 (the next
     * shell) or rmax; on ties the first such bin. Null when no pair lies within rmax.
     */
    public Shell firstShell(int p) {
        double[] g = g(p);
        int highest = highestPeak(p);
        if (!(g[highest] > 0)) {
            return null;
        }
        int peak = highest;
        for (int b = 0; b < bins; b++) {
            boolean rising = b == 0 || g[b] >= g[b - 1];
            boolean falling = b + 1 == bins || g[b] >= g[b + 1];
            if (g[b] >= 0.5 * g[highest] && rising && falling) {
                peak = b;
                break;
            }
        }
        int minimum = peak;
        boolean fallen = false;
        for (int b = peak + 1; b < bins; b++) {
            if (g[b] < 1) {
                fallen = true;
            } else if (fallen) {
                break;
            }
            if (g[b] < g[minimum]) {
                minimum = b;
            }
        }
        return new Shell(r(peak), g[peak], rUpper(minimum), coordination(p)[minimum]);
    }

    /** Index of the pair with this label (e.g. "P-S"), or -1. */
    public int indexOf(String label) {
        for (int p = 0; p < pairs.size(); p++) {
            if (pairs.get(p).label().equals(label)) {
                return p;
            }
        }
        return -1;
    }

    /** CSV: r (bin centre, Å), g_total, g_A-B..., n_A-B... (n at the bin's upper edge r + bin/2). */
    public void writeCsv(java.io.Writer w) throws java.io.IOException {
        StringBuilder sb = new StringBuilder("r_A,g_total");
        for (Pair p : pairs) {
            sb.append(",g_").append(p.label());
        }
        for (Pair p : pairs) {
            sb.append(",n_").append(p.label());
        }
        w.write(sb.append('\n').toString());
        double[] gt = gTotal();
        double[][] gs = new double[pairs.size()][];
        double[][] ns = new double[pairs.size()][];
        for (int p = 0; p < pairs.size(); p++) {
            gs[p] = g(p);
            ns[p] = coordination(p);
        }
        for (int b = 0; b < bins; b++) {
            sb.setLength(0);
            sb.append(fmt(r(b))).append(',').append(fmt(gt[b]));
            for (double[] g : gs) {
                sb.append(',').append(fmt(g[b]));
            }
            for (double[] n : ns) {
                sb.append(',').append(fmt(n[b]));
            }
            w.write(sb.append('\n').toString());
        }
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
