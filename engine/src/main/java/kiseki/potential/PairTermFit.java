package kiseki.potential;

import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits the Δ-NNP pair term (and per-element reference energies) to labelled frames, BEFORE any network: linear
 * least squares in the unknowns {A12, A10, A8, A6 of every element pair seen within Rc} ∪ {e_el of every element} on
 * <pre>
 *   E_frame / N = Σ_el (count_el / N) e_el + E_C(A) / N        (one equation per frame)
 *   F_frame     = F_C(A)                                        (3N equations per frame)
 * </pre>
 * Both sides are linear in the unknowns; the design matrix is built from pair sums over full neighbour lists (each
 * unordered pair once), streamed frame by frame into a QR factor ({@link StreamingQr}), so any number of frames fits
 * in memory. Use: {@code new PairTermFit(6.0)}, {@link #add(Frame)} for every frame, then {@link #solve(Options)} (as
 * often as wanted, e.g. with other options); or the one-call {@link #fit(Path, double, Options)}.
 *
 * <p><b>Weights</b> (defaults): the two groups are balanced by making each dimensionless and averaging it — energy
 * residuals per atom are divided by σ_E, the per-atom RMS of what reference energies alone leave unexplained, force
 * residuals by σ_F, the RMS of the data's force components — so loss = w_E · mean_frames(ΔE/N/σ_E)² +
 * mean_components(ΔF/σ_F)² with w_E = {@link Options#energyWeight()} = 1. Columns are scaled to unit norm (r⁻¹² and r⁻⁶
 * sums differ by orders of magnitude) before solving, and a small ridge {@link Options#ridge()} on the scaled pair
 * coefficients picks, among the nearly equivalent combinations of the four strongly collinear basis functions, one with
 * small coefficients.
 *
 * <p><b>Physical short range.</b> Random-displacement data constrain φ only near the sampled distances; left alone the
 * fit happily returns curves that dive to −∞ below them (it did on the LGPS data). With the default
 * {@link Repulsion#SLOPE_AND_VALUE}, for every pair seen in the data: A12 ≥ 0 (repulsive as r → 0), φ'(r) ≤ −slope margin
 * on a grid from {@link Options#shortRangeFloor()} (0.5 Å) up to the shortest distance of that pair in the data, and
 * φ(shortest distance) ≥ 0 — so φ &gt; 0 and φ' &lt; 0 everywhere below the data. This is a least-squares problem with
 * linear inequality constraints, solved exactly (Lawson–Hanson: LSI → least-distance programming → NNLS), and
 * checked afterwards on a 0.0005 Å grid; any point between grid points that still violates is added as a constraint and
 * the problem solved again.
 *
 * <p>{@link #referenceEnergies()} (and the static {@link #referenceEnergies(Iterable)}) is the HDNNP case alone: the
 * least-squares solution of counts · e = E_total. Where the compositions do not determine every element (e.g. all
 * frames of one composition) it takes e = ē + δ with ē the mean energy per atom and δ of minimum norm, so such elements
 * share ē; the joint fit pulls its reference energies (very weakly) towards these values for the same reason.
 */
public final class PairTermFit {

    /** Which short-range conditions the fit imposes. */
    public enum Repulsion {
        /** Plain (ridge) least squares; for comparison and for synthetic-data checks. */
        NONE,
        /** A12 ≥ 0 and φ' &lt; 0 from the floor up to the shortest distance seen. */
        SLOPE,
        /** As SLOPE, and φ ≥ 0 there too (φ &gt; 0 strictly below the shortest distance). The default. */
        SLOPE_AND_VALUE
    }

    /**
     * Fit settings. {@code energyWeight}: weight of the (σ_E-normalised, per atom) energy group relative to the
     * (σ_F-normalised) force group; {@code ridge}: Tikhonov weight on the unit-scaled pair coefficients (relative to a
     * loss of order 1); {@code repulsion}: short-range conditions; {@code shortRangeFloor} (Å): lower end of the
     * constrained range; {@code constraintSpacing} (Å): initial grid of slope conditions; {@code slopeMargin} (eV/Å):
     * φ' ≤ −slopeMargin on the constrained range.
     *
     * <p>{@link #DEFAULT}: energyWeight 1, ridge 1e-7, SLOPE_AND_VALUE, floor 0.5 Å, spacing 0.02 Å, margin 1e-3 eV/Å.
     * On the 590 LGPS frames every ridge from 1e-9 to 1e-5 (energy weight 1) gave physical curves with the P–S, Ge–S
     * and Li–S minima at their first-shell peaks; 1e-7 is the middle of that range. Larger energy weights (×10) fit
     * energies better and forces worse; smaller ones (×0.1) with ridges ≤ 1e-8 lost the Ge–S well.
     */
    public record Options(double energyWeight, double ridge, Repulsion repulsion, double shortRangeFloor,
            double constraintSpacing, double slopeMargin) {

        public static final Options DEFAULT = new Options(1.0, 1e-7, Repulsion.SLOPE_AND_VALUE, 0.5, 0.02, 1e-3);

        public Options {
            check(energyWeight >= 0, "energyWeight must be ≥ 0, got " + energyWeight);
            check(ridge >= 0, "ridge must be ≥ 0, got " + ridge);
            check(repulsion != null, "repulsion must be given");
            check(shortRangeFloor > 0, "shortRangeFloor must be > 0 Å, got " + shortRangeFloor);
            check(constraintSpacing > 0, "constraintSpacing must be > 0 Å, got " + constraintSpacing);
            check(slopeMargin >= 0, "slopeMargin must be ≥ 0 eV/Å, got " + slopeMargin);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        public Options withEnergyWeight(double w) {
            return new Options(w, ridge, repulsion, shortRangeFloor, constraintSpacing, slopeMargin);
        }

        public Options withRidge(double r) {
            return new Options(energyWeight, r, repulsion, shortRangeFloor, constraintSpacing, slopeMargin);
        }

        public Options withRepulsion(Repulsion r) {
            return new Options(energyWeight, ridge, r, shortRangeFloor, constraintSpacing, slopeMargin);
        }

        public Options withShortRangeFloor(double floor) {
            return new Options(energyWeight, ridge, repulsion, floor, constraintSpacing, slopeMargin);
        }
    }

    /** Width (Å) of the bins of {@link PairReport#histogram()}. */
    public static final double HISTOGRAM_BIN = 0.05;

    /**
     * What the data and the fit say about one element pair: how many distances below Rc the data hold (each
     * unordered pair once per frame), the shortest and longest, a histogram (bins of {@link #HISTOGRAM_BIN} Å from 0),
     * the location and value of the minimum of the fitted φ on [floor, Rc] (NaN location when φ has no well: then its
     * minimum is 0 at Rc), whether φ' &lt; 0 ({@code slopeNegativeBelowData}) and φ &gt; 0 ({@code positiveBelowData})
     * hold on [floor, shortest) (checked on a 0.0005 Å grid), and how many short-range conditions are binding.
     */
    public record PairReport(String first, String second, long distances, double shortest, double longest,
            long[] histogram, double minimumAt, double minimumValue, boolean slopeNegativeBelowData,
            boolean positiveBelowData, int activeConstraints) {

        public String label() {
            return first + "-" + second;
        }

        /** Repulsive at short range: φ &gt; 0 and φ' &lt; 0 from the floor up to the shortest distance in the data. */
        public boolean repulsiveAtShortRange() {
            return slopeNegativeBelowData && positiveBelowData;
        }

        /** Centre (Å) of the fullest histogram bin within {@code window} Å above the shortest distance: the first shell. */
        public double firstShellPeak(double window) {
            int best = -1;
            for (int b = 0; b < histogram.length; b++) {
                double centre = (b + 0.5) * HISTOGRAM_BIN;
                if (centre >= shortest - HISTOGRAM_BIN && centre <= shortest + window
                        && (best < 0 || histogram[b] > histogram[best])) {
                    best = b;
                }
            }
            return best < 0 ? Double.NaN : (best + 0.5) * HISTOGRAM_BIN;
        }
    }

    /** Per-element reference energies (eV) from counts · e = E_total, and the per-atom RMS of what they leave. */
    public record ReferenceEnergies(Map<String, Double> perElement, int frames, double rmsePerAtom) {

        /** Σ_atoms e_element of a structure (elements without a reference energy count 0). */
        public double total(Structure s) {
            double e = 0;
            for (int i = 0; i < s.size(); i++) {
                e += perElement.getOrDefault(s.element(i).symbol(), 0.0);
            }
            return e;
        }
    }

    /**
     * The fit: the pair term, the reference energies fitted with it, per-pair reports, and how well E_C (+ references)
     * reproduces the data: {@code forceRmse} of F_C alone against the data (eV/Å) next to the data's own force RMS
     * {@code forceRms}; {@code energyRmsePerAtom} of Σ count·e + E_C (eV/atom) next to {@code referenceOnlyRmsePerAtom}
     * of the references alone (= σ_E).
     */
    public record Result(PairTerm pairTerm, Map<String, Double> referenceEnergies, List<PairReport> pairs, int frames,
            int skippedFrames, long forceComponents, double forceRmse, double forceRms, double energyRmsePerAtom,
            double referenceOnlyRmsePerAtom, int activeConstraints, Options options) {

        /** The report of the pair a–b (either order). */
        public PairReport pair(String a, String b) {
            String sa = kiseki.structure.PeriodicTable.require(a).symbol();
            String sb = kiseki.structure.PeriodicTable.require(b).symbol();
            for (PairReport p : pairs) {
                if ((p.first().equals(sa) && p.second().equals(sb)) || (p.first().equals(sb) && p.second().equals(sa))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("no " + sa + "–" + sb + " distances below the cutoff in the data");
        }

        /** Fraction of the force variance (about zero) explained by the pair term: 1 − RMSE²/RMS². */
        public double explainedForceVariance() {
            return 1 - (forceRmse * forceRmse) / (forceRms * forceRms);
        }

        /** A plain-text report (one line per pair). */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "pair term fit on %d frames (%d skipped), Rc = %.2f Å, repulsion %s%n",
                    frames, skippedFrames, pairTerm.cutoff(), options.repulsion()));
            sb.append(String.format(Locale.ROOT, "forces: RMSE of E_C alone %.4f eV/Å, data RMS %.4f eV/Å "
                    + "(%.0f%% of the variance explained)%n", forceRmse, forceRms, 100 * explainedForceVariance()));
            sb.append(String.format(Locale.ROOT, "energies: RMSE %.2f meV/atom with E_C, %.2f meV/atom with "
                    + "reference energies alone%n", 1000 * energyRmsePerAtom, 1000 * referenceOnlyRmsePerAtom));
            sb.append("reference energies (eV):");
            referenceEnergies.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.6f", k, v)));
            sb.append(String.format("%n"));
            for (PairReport p : pairs) {
                PairCoefficients c = pairTerm.coefficients(p.first(), p.second()).orElseThrow();
                sb.append(String.format(Locale.ROOT, "%-6s %8d distances %.3f–%.3f Å  A12 %.6g A10 %.6g A8 %.6g A6 %.6g"
                        + "  minimum %s  %s%n", p.label(), p.distances(), p.shortest(), p.longest(), c.a12(), c.a10(),
                        c.a8(), c.a6(), Double.isNaN(p.minimumAt()) ? "none (purely repulsive)"
                                : String.format(Locale.ROOT, "%.3f Å (%.4f eV)", p.minimumAt(), p.minimumValue()),
                        p.repulsiveAtShortRange() ? "repulsive below the data"
                                : p.slopeNegativeBelowData() ? "pushes apart below the data but φ < 0 just below it"
                                        : "NOT repulsive below the data"));
            }
            return sb.toString();
        }
    }

    private static final int MAX_ELEMENTS = 128;
    private static final int[] N = PairCoefficients.EXPONENTS;
    /** Tiny ridge on the reference-energy columns: only to pick the minimum-norm split when compositions do not. */
    private static final double REFERENCE_RIDGE = 1e-10;
    private static final double CHECK_STEP = 0.0005;
    private static final int MAX_REFINEMENTS = 100;

    private final double cutoff;
    private final double[] rcPower = new double[4];
    private final List<String> elements = new ArrayList<>();
    private final Map<String, Integer> elementIndex = new LinkedHashMap<>();
    /** Element index pair (a ≤ b by index) → pair index, −1 when not seen. */
    private final int[] pairOf = new int[MAX_ELEMENTS * MAX_ELEMENTS];
    private final List<int[]> pairElements = new ArrayList<>();
    private final List<PairStats> pairStats = new ArrayList<>();
    private final StreamingQr energyQr = new StreamingQr(1);
    private final StreamingQr forceQr = new StreamingQr(1);
    private final List<int[]> frameCounts = new ArrayList<>();
    private final List<Double> frameEnergies = new ArrayList<>();
    private double forceSumSquares;
    private long forceComponents;
    private int frames;
    private int skipped;

    private static final class PairStats {
        long count;
        double shortest = Double.POSITIVE_INFINITY;
        double longest;
        final long[] histogram;

        PairStats(double cutoff) {
            histogram = new long[(int) Math.ceil(cutoff / HISTOGRAM_BIN)];
        }
    }

    /** An empty fit for pair term cutoff Rc (Å). */
    public PairTermFit(double cutoff) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new IllegalArgumentException("cutoff must be a finite number > 0 Å, got " + cutoff);
        }
        this.cutoff = cutoff;
        for (int q = 0; q < 4; q++) {
            rcPower[q] = Math.pow(cutoff, -N[q]);
        }
        Arrays.fill(pairOf, -1);
    }

    /** Reads every frame of a structure file (streamed, any readable multi-frame format) and fits. */
    public static Result fit(Path file, double cutoff, Options options) throws IOException {
        PairTermFit fit = new PairTermFit(cutoff);
        fit.addAll(file);
        return fit.solve(options);
    }

    /** Fits to frames in memory. */
    public static Result fit(Iterable<Frame> frames, double cutoff, Options options) {
        PairTermFit fit = new PairTermFit(cutoff);
        for (Frame f : frames) {
            fit.add(f);
        }
        return fit.solve(options);
    }

    /** Streams every frame of a structure file into the fit. */
    public void addAll(Path file) throws IOException {
        StructureFormat format = StructureFormats.forPath(file).orElseGet(() -> StructureFormats.require("extxyz"));
        try (FrameReader reader = format.open(file, ReadOptions.DEFAULT)) {
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                add(f);
            }
        }
    }

    public double cutoff() {
        return cutoff;
    }

    /** Frames used so far. */
    public int frames() {
        return frames;
    }

    /**
     * Adds one frame's equations. Frames without an energy or forces, with non-finite numbers, or without atoms are
     * skipped (counted in {@link Result#skippedFrames()}); returns whether the frame was used.
     */
    public boolean add(Frame frame) {
        Structure s = frame.structure();
        int n = s.size();
        double[] forces = frame.forces();
        if (n == 0 || !frame.hasEnergy() || !Double.isFinite(frame.energy()) || forces == null
                || forces.length != 3 * n || !allFinite(forces)) {
            skipped++;
            return false;
        }
        int[] el = new int[n];
        for (int i = 0; i < n; i++) {
            el[i] = elementIndexOrAdd(s.element(i).symbol());
        }
        NeighborList nl = NeighborList.full(s, cutoff);
        int[] shifts = nl.shiftArray();
        // first pass: register new pairs (new columns) and distance statistics
        int[] entryPair = new int[nl.size()];
        Arrays.fill(entryPair, -1);
        for (int i = 0; i < n; i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int j = nl.neighbor(k);
                double r = nl.distance(k);
                if (j < i || !(r < cutoff)) {
                    continue;
                }
                int p = pairIndexOrAdd(el[i], el[j]);
                entryPair[k] = p;
                if (j == i && !firstOfImagePair(shifts, k)) {
                    continue; // an atom's own image appears as +shift and −shift: count the distance once
                }
                PairStats st = pairStats.get(p);
                st.count++;
                st.shortest = Math.min(st.shortest, r);
                st.longest = Math.max(st.longest, r);
                st.histogram[Math.min(st.histogram.length - 1, (int) (r / HISTOGRAM_BIN))]++;
            }
        }
        int cols = energyQr.columns();
        int nEl = elements.size();
        double[] energyRow = new double[cols];
        double[] forceRows = new double[3 * n * cols];
        double invN = 1.0 / n;
        for (int i = 0; i < n; i++) {
            energyRow[el[i]] += invN;
        }
        double[] b = new double[4];
        double[] db = new double[4];
        for (int i = 0; i < n; i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int p = entryPair[k];
                if (p < 0) {
                    continue;
                }
                int j = nl.neighbor(k);
                double weight = j == i ? 0.5 : 1.0;
                double r = nl.distance(k);
                basis(r, b, db);
                double ux = nl.dx(k) / r;
                double uy = nl.dy(k) / r;
                double uz = nl.dz(k) / r;
                int col0 = nEl + 4 * p;
                for (int q = 0; q < 4; q++) {
                    int col = col0 + q;
                    energyRow[col] += weight * b[q] * invN;
                    // F_i = φ'(r) r̂_ij, F_j = −φ'(r) r̂_ij
                    double d = weight * db[q];
                    forceRows[(3 * i) * cols + col] += d * ux;
                    forceRows[(3 * i + 1) * cols + col] += d * uy;
                    forceRows[(3 * i + 2) * cols + col] += d * uz;
                    forceRows[(3 * j) * cols + col] -= d * ux;
                    forceRows[(3 * j + 1) * cols + col] -= d * uy;
                    forceRows[(3 * j + 2) * cols + col] -= d * uz;
                }
            }
        }
        energyRow[cols - 1] = frame.energy() * invN;
        for (int c = 0; c < 3 * n; c++) {
            forceRows[c * cols + cols - 1] = forces[c];
            forceSumSquares += forces[c] * forces[c];
        }
        energyQr.addRows(energyRow, 1);
        forceQr.addRows(forceRows, 3 * n);
        forceComponents += 3L * n;
        int[] counts = new int[nEl];
        for (int e : el) {
            counts[e]++;
        }
        frameCounts.add(counts);
        frameEnergies.add(frame.energy());
        frames++;
        return true;
    }

    /** The shifted-force basis b_n(r) and its derivative, n = 12, 10, 8, 6. */
    private void basis(double r, double[] b, double[] db) {
        double ir = 1.0 / r;
        double ir2 = ir * ir;
        double irn = ir2 * ir2 * ir2 * ir2 * ir2 * ir2; // r^-12, then r^-10, r^-8, r^-6
        for (int q = 0; q < 4; q++) {
            int n = N[q];
            b[q] = irn - rcPower[q] + n * (r - cutoff) * rcPower[q] / cutoff;
            db[q] = n * (rcPower[q] / cutoff - irn * ir);
            irn *= r * r;
        }
    }

    private static boolean firstOfImagePair(int[] shifts, int k) {
        int a = shifts[3 * k];
        int b = shifts[3 * k + 1];
        int c = shifts[3 * k + 2];
        return a != 0 ? a > 0 : b != 0 ? b > 0 : c > 0;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private int elementIndexOrAdd(String symbol) {
        Integer idx = elementIndex.get(symbol);
        if (idx != null) {
            return idx;
        }
        if (elements.size() == MAX_ELEMENTS) {
            throw new IllegalArgumentException("more than " + MAX_ELEMENTS + " elements");
        }
        int e = elements.size();
        energyQr.insertColumn(e);
        forceQr.insertColumn(e);
        elements.add(symbol);
        elementIndex.put(symbol, e);
        return e;
    }

    private int pairIndexOrAdd(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        int p = pairOf[lo * MAX_ELEMENTS + hi];
        if (p >= 0) {
            return p;
        }
        p = pairElements.size();
        int at = energyQr.columns() - 1; // before the right-hand side
        for (int q = 0; q < 4; q++) {
            energyQr.insertColumn(at + q);
            forceQr.insertColumn(at + q);
        }
        pairOf[lo * MAX_ELEMENTS + hi] = p;
        pairElements.add(new int[] {lo, hi});
        pairStats.add(new PairStats(cutoff));
        return p;
    }

    // ------------------------------------------------------------------------------------------------ reference only

    /** Reference energies alone (HDNNP case) from the frames added so far. */
    public ReferenceEnergies referenceEnergies() {
        if (frames == 0) {
            throw new IllegalStateException("no labelled frames were added (each needs an energy and forces)");
        }
        int nEl = elements.size();
        // e = ē + δ: the mean energy per atom plus the minimum-norm correction that the compositions determine, so
        // elements the data cannot tell apart (e.g. every frame of one composition) share the mean energy per atom
        double totalEnergy = 0;
        long totalAtoms = 0;
        for (int f = 0; f < frames; f++) {
            totalEnergy += frameEnergies.get(f);
            for (int count : frameCounts.get(f)) {
                totalAtoms += count;
            }
        }
        double mean = totalEnergy / totalAtoms;
        DMatrixRMaj a = new DMatrixRMaj(frames, nEl);
        DMatrixRMaj y = new DMatrixRMaj(frames, 1);
        for (int f = 0; f < frames; f++) {
            int[] counts = frameCounts.get(f);
            int atoms = 0;
            for (int el = 0; el < counts.length; el++) {
                a.set(f, el, counts[el]);
                atoms += counts[el];
            }
            y.set(f, 0, frameEnergies.get(f) - mean * atoms);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.pseudoInverse(true);
        if (!solver.setA(a.copy())) {
            throw new IllegalStateException("reference-energy solve failed");
        }
        DMatrixRMaj e = new DMatrixRMaj(nEl, 1);
        solver.solve(y, e);
        for (int el = 0; el < nEl; el++) {
            e.set(el, 0, e.get(el, 0) + mean);
        }
        Map<String, Double> map = new LinkedHashMap<>();
        for (int k = 0; k < nEl; k++) {
            map.put(elements.get(k), e.get(k, 0));
        }
        double ss = 0;
        for (int f = 0; f < frames; f++) {
            int[] counts = frameCounts.get(f);
            double pred = 0;
            int atoms = 0;
            for (int k = 0; k < counts.length; k++) {
                pred += counts[k] * e.get(k, 0);
                atoms += counts[k];
            }
            double d = (frameEnergies.get(f) - pred) / atoms;
            ss += d * d;
        }
        return new ReferenceEnergies(Collections.unmodifiableMap(map), frames, Math.sqrt(ss / frames));
    }

    /** Reference energies alone (HDNNP case): least squares of counts · e = E_total over frames with an energy. */
    public static ReferenceEnergies referenceEnergies(Iterable<Frame> frames) {
        PairTermFit counter = new PairTermFit(1.0);
        for (Frame f : frames) {
            counter.addCounts(f);
        }
        return counter.referenceEnergies();
    }

    private void addCounts(Frame f) {
        if (!f.hasEnergy() || !Double.isFinite(f.energy()) || f.structure().size() == 0) {
            skipped++;
            return;
        }
        Structure s = f.structure();
        int[] el = new int[s.size()];
        for (int i = 0; i < el.length; i++) {
            el[i] = elementIndexOrAdd(s.element(i).symbol());
        }
        int[] counts = new int[elements.size()];
        for (int e : el) {
            counts[e]++;
        }
        frameCounts.add(counts);
        frameEnergies.add(f.energy());
        frames++;
    }

    // ---------------------------------------------------------------------------------------------------------- solve

    /** Solves for the pair coefficients and reference energies with the given options. */
    public Result solve(Options options) {
        if (frames == 0) {
            throw new IllegalStateException("no labelled frames were added (each needs an energy and forces)");
        }
        if (pairElements.isEmpty()) {
            throw new IllegalStateException("no two atoms closer than the cutoff " + cutoff + " Å in any frame");
        }
        int nEl = elements.size();
        int nPairs = pairElements.size();
        int k = nEl + 4 * nPairs;
        ReferenceEnergies refOnly = referenceEnergies();
        double sigmaE = Math.max(1e-3, refOnly.rmsePerAtom());
        double sigmaF = Math.max(1e-3, Math.sqrt(forceSumSquares / forceComponents));
        double wE = options.energyWeight() / (frames * sigmaE * sigmaE);
        double wF = 1.0 / (forceComponents * sigmaF * sigmaF);

        DMatrixRMaj rE = energyQr.factor();
        DMatrixRMaj rF = forceQr.factor();
        DMatrixRMaj stacked = new DMatrixRMaj(2 * (k + 1), k + 1);
        for (int i = 0; i <= k; i++) {
            for (int j = 0; j <= k; j++) {
                stacked.set(i, j, Math.sqrt(wE) * rE.get(i, j));
                stacked.set(k + 1 + i, j, Math.sqrt(wF) * rF.get(i, j));
            }
        }
        DMatrixRMaj r = StreamingQr.upperFactor(stacked);
        // unit column scaling, then the ridge rows
        double[] scale = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int i = 0; i <= j; i++) {
                s += r.get(i, j) * r.get(i, j);
            }
            scale[j] = s > 0 ? Math.sqrt(s) : 1.0;
        }
        DMatrixRMaj withRidge = new DMatrixRMaj(2 * k + 1, k + 1);
        for (int i = 0; i <= k; i++) {
            for (int j = 0; j < k; j++) {
                withRidge.set(i, j, r.get(i, j) / scale[j]);
            }
            withRidge.set(i, k, r.get(i, k));
        }
        // pair coefficients are pulled towards 0; reference energies very weakly towards the reference-only fit, with
        // weights ∝ each element's share of the atoms so that a shift the compositions cannot split is the same per
        // atom for every element
        double[] fraction = new double[nEl];
        double atomsTotal = 0;
        for (int[] counts : frameCounts) {
            for (int el = 0; el < counts.length; el++) {
                fraction[el] += counts[el];
                atomsTotal += counts[el];
            }
        }
        double largestScale = 0;
        for (int el = 0; el < nEl; el++) {
            fraction[el] /= atomsTotal;
            largestScale = Math.max(largestScale, scale[el]);
        }
        for (int j = 0; j < k; j++) {
            if (j < nEl) {
                double rho = Math.sqrt(REFERENCE_RIDGE * fraction[j]) * largestScale / scale[j];
                withRidge.set(k + 1 + j, j, rho);
                withRidge.set(k + 1 + j, k, rho * scale[j] * refOnly.perElement().get(elements.get(j)));
            } else {
                withRidge.set(k + 1 + j, j, Math.sqrt(Math.max(options.ridge(), 1e-14)));
            }
        }
        DMatrixRMaj rt = StreamingQr.upperFactor(withRidge);
        double[][] rTri = new double[k][k];
        double[] c = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                rTri[i][j] = rt.get(i, j);
            }
            c[i] = rt.get(i, k);
        }
        double[][] rInv = invertUpper(rTri);

        Constraints constraints = new Constraints(k);
        double[] x;
        int active = 0;
        int[] activePerPair = new int[nPairs];
        if (options.repulsion() == Repulsion.NONE) {
            x = unscale(multiply(rInv, c), scale);
        } else {
            initialConstraints(constraints, options, nEl);
            Ldp ldp = null;
            for (int round = 0; ; round++) {
                ldp = solveConstrained(rInv, c, scale, constraints);
                x = unscale(ldp.xs, scale);
                if (!refine(constraints, x, options, nEl)) {
                    break;
                }
                if (round == MAX_REFINEMENTS) {
                    break; // what still violates shows in PairReport.repulsiveAtShortRange()
                }
            }
            for (int q = 0; q < ldp.multipliers.length; q++) {
                if (ldp.multipliers[q] > 0) {
                    active++;
                    activePerPair[constraints.pair.get(q)]++;
                }
            }
        }

        List<PairCoefficients> coefficients = new ArrayList<>();
        for (int p = 0; p < nPairs; p++) {
            int[] ab = pairElements.get(p);
            int col = nEl + 4 * p;
            coefficients.add(new PairCoefficients(elements.get(ab[0]), elements.get(ab[1]), x[col], x[col + 1],
                    x[col + 2], x[col + 3]));
        }
        PairTerm term = new PairTerm(cutoff, coefficients);
        Map<String, Double> refs = new LinkedHashMap<>();
        for (int e = 0; e < nEl; e++) {
            refs.put(elements.get(e), x[e]);
        }
        List<PairReport> reports = new ArrayList<>();
        for (int p = 0; p < nPairs; p++) {
            reports.add(report(coefficients.get(p), pairStats.get(p), options, activePerPair[p]));
        }
        double forceRmse = Math.sqrt(residualSquares(rF, x) / forceComponents);
        double energyRmse = Math.sqrt(residualSquares(rE, x) / frames);
        return new Result(term, Collections.unmodifiableMap(refs), List.copyOf(reports), frames, skipped,
                forceComponents, forceRmse, Math.sqrt(forceSumSquares / forceComponents), energyRmse,
                refOnly.rmsePerAtom(), active, options);
    }

    /** ||R [x; −1]||²: the residual sum of squares of the rows behind R, for any x. */
    private static double residualSquares(DMatrixRMaj r, double[] x) {
        int k = x.length;
        double ss = 0;
        for (int i = 0; i <= k; i++) {
            double v = -r.get(i, k);
            for (int j = i; j < k; j++) {
                v += r.get(i, j) * x[j];
            }
            ss += v * v;
        }
        return ss;
    }

    private PairReport report(PairCoefficients c, PairStats st, Options options, int active) {
        double floor = options.shortRangeFloor();
        double minAt = Double.NaN;
        double minValue = 0;
        double step = 0.001;
        int steps = (int) Math.floor((cutoff - floor) / step);
        for (int s = 0; s <= steps; s++) {
            double r = floor + s * step;
            double v = c.energy(r, cutoff);
            if (v < minValue) {
                minValue = v;
                minAt = r;
            }
        }
        if (!Double.isNaN(minAt) && minAt > cutoff - 2 * step) {
            minAt = Double.NaN; // only the vanishing tail at Rc: no well
            minValue = 0;
        }
        boolean slopeNegative = true;
        boolean positive = true;
        for (int s = 0; floor + s * CHECK_STEP < st.shortest; s++) {
            double r = floor + s * CHECK_STEP;
            slopeNegative &= c.derivative(r, cutoff) < 0;
            positive &= c.energy(r, cutoff) > 0;
        }
        return new PairReport(c.first(), c.second(), st.count, st.shortest, st.longest, st.histogram.clone(), minAt,
                minValue, slopeNegative, positive, active);
    }

    // ---------------------------------------------------------------------------------------------- constraints

    /** Linear inequality constraints G x ≥ h on the unscaled unknowns, each tagged with its pair. */
    private static final class Constraints {
        final int unknowns;
        final List<double[]> rows = new ArrayList<>();
        final List<Double> bounds = new ArrayList<>();
        final List<Integer> pair = new ArrayList<>();

        Constraints(int unknowns) {
            this.unknowns = unknowns;
        }

        int size() {
            return rows.size();
        }

        void add(int pairIndex, int firstColumn, double[] coefficients, double bound) {
            double[] row = new double[unknowns];
            System.arraycopy(coefficients, 0, row, firstColumn, 4);
            rows.add(row);
            bounds.add(bound);
            pair.add(pairIndex);
        }
    }

    private void initialConstraints(Constraints cs, Options options, int nEl) {
        for (int p = 0; p < pairElements.size(); p++) {
            int col = nEl + 4 * p;
            cs.add(p, col, new double[] {1, 0, 0, 0}, 0); // A12 ≥ 0
            double shortest = pairStats.get(p).shortest;
            double floor = options.shortRangeFloor();
            if (!(shortest > floor)) {
                continue;
            }
            for (double r = floor; r < shortest; r += options.constraintSpacing()) {
                addSlope(cs, p, col, r, options);
            }
            addSlope(cs, p, col, shortest, options);
            if (options.repulsion() == Repulsion.SLOPE_AND_VALUE) {
                addValue(cs, p, col, shortest);
            }
        }
    }

    /** −φ'(r) ≥ slopeMargin. */
    private void addSlope(Constraints cs, int p, int col, double r, Options options) {
        double[] b = new double[4];
        double[] db = new double[4];
        basis(r, b, db);
        for (int q = 0; q < 4; q++) {
            db[q] = -db[q];
        }
        cs.add(p, col, db, options.slopeMargin());
    }

    /** φ(r) ≥ 0. */
    private void addValue(Constraints cs, int p, int col, double r) {
        double[] b = new double[4];
        double[] db = new double[4];
        basis(r, b, db);
        cs.add(p, col, b, 0);
    }

    /**
     * Checks the constrained ranges on a fine grid and adds a condition at every local worst point of a violation
     * (slope above −margin/2, or value below 0). True if any was added.
     */
    private boolean refine(Constraints cs, double[] x, Options options, int nEl) {
        boolean added = false;
        double floor = options.shortRangeFloor();
        boolean values = options.repulsion() == Repulsion.SLOPE_AND_VALUE;
        for (int p = 0; p < pairElements.size(); p++) {
            int col = nEl + 4 * p;
            double shortest = pairStats.get(p).shortest;
            int steps = (int) Math.floor((shortest - floor) / CHECK_STEP);
            if (steps < 1) {
                continue;
            }
            double slopeLimit = -0.5 * options.slopeMargin();
            double[] slope = new double[steps + 1];
            double[] value = new double[steps + 1];
            for (int s = 0; s <= steps; s++) {
                double r = floor + s * CHECK_STEP;
                slope[s] = evaluate(x, col, r, true);
                value[s] = values ? evaluate(x, col, r, false) : 0;
            }
            for (int s = 0; s <= steps; s++) {
                double r = floor + s * CHECK_STEP;
                boolean slopePeak = slope[s] > slopeLimit && (s == 0 || slope[s] >= slope[s - 1])
                        && (s == steps || slope[s] >= slope[s + 1]);
                if (slopePeak) {
                    addSlope(cs, p, col, r, options);
                    added = true;
                }
                boolean valueDip = values && value[s] < -1e-9 && (s == 0 || value[s] <= value[s - 1])
                        && (s == steps || value[s] <= value[s + 1]);
                if (valueDip) {
                    addValue(cs, p, col, r);
                    added = true;
                }
            }
        }
        return added;
    }

    /** φ(r) (or φ'(r)) of the pair whose A12 is x[col]. */
    private double evaluate(double[] x, int col, double r, boolean derivative) {
        double[] b = new double[4];
        double[] db = new double[4];
        basis(r, b, db);
        double v = 0;
        for (int q = 0; q < 4; q++) {
            v += x[col + q] * (derivative ? db[q] : b[q]);
        }
        return v;
    }

    /** The constrained solution in scaled unknowns and the NNLS multipliers (positive = binding). */
    private record Ldp(double[] xs, double[] multipliers) {
    }

    /**
     * min ||R̃ x_s − c||² subject to G D⁻¹ x_s ≥ h, by least-distance programming: z = R̃ x_s − c turns it into
     * min ||z|| subject to Ĝ z ≥ ĥ with Ĝ = G D⁻¹ R̃⁻¹ and ĥ = h − Ĝ c, whose solution follows from the NNLS problem
     * min ||E u − f||, u ≥ 0, E = [Ĝᵀ; ĥᵀ], f = (0, …, 0, 1) (Lawson &amp; Hanson, Solving Least Squares Problems, ch. 23).
     */
    private static Ldp solveConstrained(double[][] rInv, double[] c, double[] scale, Constraints cs) {
        int k = c.length;
        int m = cs.size();
        DMatrixRMaj e = new DMatrixRMaj(k + 1, m);
        for (int q = 0; q < m; q++) {
            double[] g = cs.rows.get(q);
            double[] gScaled = new double[k];
            for (int j = 0; j < k; j++) {
                gScaled[j] = g[j] / scale[j];
            }
            // ĝ = gScaled · R̃⁻¹ (row vector), R̃⁻¹ upper triangular
            double[] gHat = new double[k];
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int i = 0; i <= j; i++) {
                    s += gScaled[i] * rInv[i][j];
                }
                gHat[j] = s;
            }
            double hHat = cs.bounds.get(q);
            double norm = 0;
            for (int j = 0; j < k; j++) {
                hHat -= gHat[j] * c[j];
                norm += gHat[j] * gHat[j];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                norm = 1;
            }
            for (int j = 0; j < k; j++) {
                e.set(j, q, gHat[j] / norm);
            }
            e.set(k, q, hHat / norm);
        }
        double[] f = new double[k + 1];
        f[k] = 1;
        double[] u = Nnls.solve(e, f);
        double[] res = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            double s = -f[i];
            for (int q = 0; q < m; q++) {
                s += e.get(i, q) * u[q];
            }
            res[i] = s;
        }
        double resNorm = 0;
        for (double v : res) {
            resNorm += v * v;
        }
        if (Math.sqrt(resNorm) < 1e-12 || res[k] == 0) {
            throw new IllegalStateException("the short-range conditions on the pair term cannot all be met");
        }
        double[] z = new double[k];
        for (int j = 0; j < k; j++) {
            z[j] = -res[j] / res[k] + c[j];
        }
        return new Ldp(multiply(rInv, z), u);
    }

    // ------------------------------------------------------------------------------------------------- small algebra

    private static double[][] invertUpper(double[][] r) {
        int k = r.length;
        double[][] inv = new double[k][k];
        for (int col = 0; col < k; col++) {
            inv[col][col] = 1.0 / r[col][col];
            for (int i = col - 1; i >= 0; i--) {
                double s = 0;
                for (int j = i + 1; j <= col; j++) {
                    s += r[i][j] * inv[j][col];
                }
                inv[i][col] = -s / r[i][i];
            }
        }
        return inv;
    }

    private static double[] multiply(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += a[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double[] unscale(double[] xs, double[] scale) {
        double[] x = new double[xs.length];
        for (int j = 0; j < xs.length; j++) {
            x[j] = xs[j] / scale[j];
        }
        return x;
    }
}
