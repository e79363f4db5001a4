package kiseki.descriptor;

import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.util.Arrays;
import java.util.List;

/**
 * What the radial + angular descriptors share: element weighting or element blocks, the two cutoff functions, the
 * per-thread workspace, and the per-atom gathering of neighbours (within the cutoffs, grouped by element block) and of
 * unordered neighbour pairs (grouped by element-pair block).
 *
 * <p>Output layout of one atom's vector: all radial functions first, block by block (block e = neighbour element e in
 * model order, {@code radialPerBlock} functions each), then all angular functions, block by block (block of the
 * unordered element pair a ≤ b in the order (0,0), (0,1), …, (0,E−1), (1,1), …; see {@link #pairBlock}). With element
 * weighting there is one radial and one angular block.
 */
abstract class AtomCentredDescriptor implements Descriptor {

    /** sin θ below which dθ/dr is taken as 0 (θ = 0 or π: a cusp of the angle, the symmetric sub-gradient is 0). */
    static final double TINY_SIN = 1e-12;

    private static final int MAX_Z = 256;
    /** Closer neighbours are overlapping atoms, an error rather than a number. */
    private static final double MIN_DISTANCE = 1e-6;

    final DescriptorSpec spec;
    final List<Element> elements;
    final boolean blocks;
    /** Radial blocks (1, or the number of elements with block weighting). */
    final int groups;
    /** Angular blocks (1, or E(E+1)/2). */
    final int angularBlocks;
    final int radialPerBlock;
    final int angularPerBlock;
    final int radialSize;
    final int size;
    final CutoffFunction radialCut;
    final CutoffFunction angularCut;
    final double rcRadial;
    final double rcAngular;
    final double rcMax;
    final boolean radialOn;
    final boolean angularOn;

    private final int[] groupByZ = new int[MAX_Z];
    private final double[] radialWeightByZ = new double[MAX_Z];
    private final double[] angularWeightByZ = new double[MAX_Z];
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(this::newWorkspace);

    AtomCentredDescriptor(DescriptorSpec spec, List<Element> elements, int radialPerBlock, int angularPerBlock) {
        this.spec = spec;
        this.elements = List.copyOf(elements);
        String weighting = spec.weighting() == null ? "element" : spec.weighting().toLowerCase();
        switch (weighting) {
            case "element" -> blocks = false;
            case "blocks" -> blocks = true;
            default -> throw new IllegalArgumentException("unknown weighting '" + spec.weighting()
                    + "': use 'element' (weights Z_j and √(Z_j·Z_k)) or 'blocks' (one block per element)");
        }
        if (blocks && this.elements.isEmpty()) {
            throw new IllegalArgumentException("'blocks' weighting needs the list of the potential's elements");
        }
        int e = this.elements.size();
        this.groups = blocks ? e : 1;
        this.angularBlocks = blocks ? e * (e + 1) / 2 : 1;
        this.radialPerBlock = radialPerBlock;
        this.angularPerBlock = angularPerBlock;
        this.radialSize = groups * radialPerBlock;
        this.size = radialSize + angularBlocks * angularPerBlock;
        if (radialPerBlock < 0 || angularPerBlock < 0 || size == 0) {
            throw new IllegalArgumentException("a descriptor needs at least one function, got " + radialPerBlock
                    + " radial and " + angularPerBlock + " angular per block");
        }
        this.radialOn = radialPerBlock > 0;
        this.angularOn = angularPerBlock > 0;
        this.rcRadial = spec.rcutRadial();
        this.rcAngular = spec.rcutAngular();
        CutoffFunction.Kind kind = CutoffFunction.Kind.parse(spec.cutoffFunction());
        this.radialCut = radialOn ? new CutoffFunction(kind, rcRadial) : null;
        this.angularCut = angularOn ? new CutoffFunction(kind, rcAngular) : null;
        this.rcMax = Math.max(radialOn ? rcRadial : 0, angularOn ? rcAngular : 0);

        Arrays.fill(groupByZ, blocks ? -1 : 0);
        for (int z = 0; z < MAX_Z; z++) {
            radialWeightByZ[z] = blocks ? 1.0 : z;
            angularWeightByZ[z] = blocks ? 1.0 : Math.sqrt(z);
        }
        for (int k = 0; k < e; k++) {
            int z = this.elements.get(k).z();
            if (z < 0 || z >= MAX_Z) {
                throw new IllegalArgumentException("element " + this.elements.get(k) + " has no atomic number");
            }
            if (blocks) {
                if (groupByZ[z] >= 0) {
                    throw new IllegalArgumentException("element " + this.elements.get(k).symbol()
                            + " appears twice in the element list");
                }
                groupByZ[z] = k;
            }
        }
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final double cutoff() {
        return rcMax;
    }

    @Override
    public final DescriptorSpec spec() {
        return spec;
    }

    /** The elements in model order (the block order with 'blocks' weighting). */
    public final List<Element> elements() {
        return elements;
    }

    /** Index of the angular block of the unordered element pair (a, b) among E elements. */
    static int pairBlock(int a, int b, int e) {
        if (a > b) {
            int t = a;
            a = b;
            b = t;
        }
        return a * e - a * (a - 1) / 2 + (b - a);
    }

    /** A fresh workspace; subclasses return their own extension. */
    Workspace newWorkspace() {
        return new Workspace(groups, angularBlocks, size);
    }

    final Workspace workspace() {
        return workspaces.get();
    }

    // ------------------------------------------------------------------------------------------------ interface

    @Override
    public final void values(Structure s, NeighborList nl, int from, int to, double[] g) {
        check(s, nl, from, to);
        requireLength(g, (long) (to - from) * size, "g");
        Workspace w = workspace();
        for (int i = from; i < to; i++) {
            int base = (i - from) * size;
            Arrays.fill(g, base, base + size, 0.0);
            gather(s, nl, i, w);
            atomValues(w, g, base);
        }
    }

    @Override
    public final void valuesAndDerivatives(Structure s, NeighborList nl, int from, int to, double[] g, double[] dg) {
        check(s, nl, from, to);
        requireLength(g, (long) (to - from) * size, "g");
        int entryBase = from < to ? nl.start(from) : 0;
        int entries = from < to ? nl.end(to - 1) - entryBase : 0;
        requireLength(dg, (long) entries * size * 3, "dg");
        Arrays.fill(dg, 0, entries * size * 3, 0.0);
        Workspace w = workspace();
        for (int i = from; i < to; i++) {
            int base = (i - from) * size;
            Arrays.fill(g, base, base + size, 0.0);
            gather(s, nl, i, w);
            atomDerivatives(w, g, base, dg, entryBase);
        }
    }

    @Override
    public final void backward(Structure s, NeighborList nl, int from, int to, double[] dEdG, double[] dEdr) {
        check(s, nl, from, to);
        requireLength(dEdG, (long) (to - from) * size, "dEdG");
        requireLength(dEdr, 3L * nl.size(), "dEdr");
        Workspace w = workspace();
        for (int i = from; i < to; i++) {
            gather(s, nl, i, w);
            atomBackward(w, dEdG, (i - from) * size, dEdr);
        }
    }

    /** Adds atom's values to {@code g[base ..]} (zeroed); the neighbours are gathered in {@code w}. */
    abstract void atomValues(Workspace w, double[] g, int base);

    /** Values, plus ∂G/∂r_ij into dg (entry index relative to {@code entryBase}). */
    abstract void atomDerivatives(Workspace w, double[] g, int base, double[] dg, int entryBase);

    /** Accumulates ∂E/∂r_ij for this atom's entries given ∂E/∂G at {@code dEdG[base ..]}. */
    abstract void atomBackward(Workspace w, double[] dEdG, int base, double[] dEdr);

    private void check(Structure s, NeighborList nl, int from, int to) {
        if (nl.atomCount() != s.size()) {
            throw new IllegalArgumentException("the neighbour list has " + nl.atomCount() + " atoms, the structure "
                    + s.size());
        }
        if (from < 0 || to > s.size() || from > to) {
            throw new IllegalArgumentException("atom range " + from + ".." + to + " is outside 0.." + s.size());
        }
        if (nl.cutoff() < rcMax * (1 - 1e-12)) {
            throw new IllegalArgumentException("the neighbour list cutoff " + nl.cutoff()
                    + " Å is shorter than the descriptor cutoff " + rcMax + " Å");
        }
    }

    private static void requireLength(double[] a, long needed, String name) {
        if (a.length < needed) {
            throw new IllegalArgumentException(name + " holds " + a.length + " numbers, " + needed + " are needed");
        }
    }

    // ------------------------------------------------------------------------------------------------ gathering

    /**
     * Collects atom i's neighbours within the radial cutoff (items grouped by radial block) and within the angular
     * cutoff (grouped by element group), with unit vectors, cutoff values and element weights.
     */
    final void gather(Structure s, NeighborList nl, int i, Workspace w) {
        int start = nl.start(i);
        int end = nl.end(i);
        double[] dist = nl.distanceArray();
        double[] vec = nl.vectorArray();
        int[] nbr = nl.neighborArray();
        int[] rStart = w.rStart;
        int[] aStart = w.aStart;
        Arrays.fill(rStart, 0);
        Arrays.fill(aStart, 0);
        for (int k = start; k < end; k++) {
            double r = dist[k];
            if (!(r < rcMax)) {
                if (Double.isNaN(r)) {
                    throw new IllegalArgumentException("atom " + i + " has a neighbour at a non-finite distance "
                            + "(positions contain NaN)");
                }
                continue;
            }
            if (r < MIN_DISTANCE) {
                throw new IllegalArgumentException("atoms " + i + " and " + nbr[k] + " overlap (distance " + r
                        + " Å)");
            }
            int g = group(s, nbr[k]);
            if (radialOn && r < rcRadial) {
                rStart[g + 1]++;
            }
            if (angularOn && r < rcAngular) {
                aStart[g + 1]++;
            }
        }
        for (int g = 0; g < groups; g++) {
            rStart[g + 1] += rStart[g];
            aStart[g + 1] += aStart[g];
        }
        w.nR = rStart[groups];
        w.nA = aStart[groups];
        w.ensureNeighbours(Math.max(w.nR, w.nA));
        int[] rCur = w.rCursor;
        int[] aCur = w.aCursor;
        System.arraycopy(rStart, 0, rCur, 0, groups);
        System.arraycopy(aStart, 0, aCur, 0, groups);
        for (int k = start; k < end; k++) {
            double r = dist[k];
            if (!(r < rcMax)) {
                continue;
            }
            int z = s.element(nbr[k]).z();
            int g = blocks ? groupByZ[z] : 0;
            double x = vec[3 * k];
            double y = vec[3 * k + 1];
            double zz = vec[3 * k + 2];
            double inv = 1.0 / r;
            if (radialOn && r < rcRadial) {
                int q = rCur[g]++;
                w.rEntry[q] = k;
                w.rR[q] = r;
                w.rUx[q] = x * inv;
                w.rUy[q] = y * inv;
                w.rUz[q] = zz * inv;
                w.rW[q] = radialWeightByZ[z];
                radialCut.evaluate(r, w.rFc, w.rDfc, q);
            }
            if (angularOn && r < rcAngular) {
                int q = aCur[g]++;
                w.aEntry[q] = k;
                w.aR[q] = r;
                w.aInvR[q] = inv;
                w.aX[q] = x;
                w.aY[q] = y;
                w.aZ[q] = zz;
                w.aUx[q] = x * inv;
                w.aUy[q] = y * inv;
                w.aUz[q] = zz * inv;
                w.aW[q] = angularWeightByZ[z];
                angularCut.evaluate(r, w.aFc, w.aDfc, q);
                w.aWf[q] = w.aW[q] * w.aFc[q];
            }
        }
    }

    private int group(Structure s, int j) {
        Element e = s.element(j);
        int z = e.z();
        if (z < 0 || z >= MAX_Z) {
            throw new IllegalArgumentException("atom " + j + " (" + e.symbol() + ") has no usable atomic number");
        }
        int g = groupByZ[z];
        if (g < 0) {
            throw new IllegalArgumentException("atom " + j + " is " + e.symbol() + ", which is not one of the "
                    + "descriptor's elements " + elements.stream().map(Element::symbol).toList());
        }
        return g;
    }

    /**
     * Builds the unordered pairs (j &lt; k) of angular neighbours, grouped by angular block ({@code pairStart[b] ..
     * pairStart[b+1]-1}), with the clamped cosine and the sine (from the cross product, accurate near 0 and π) of the
     * angle at the centre and W = w_j fc_j · w_k fc_k. Pairs come in segments of one j and consecutive k (segment s:
     * neighbour {@code segJ[s]}, pairs from {@code segP[s]}, first k {@code segK[s]}, {@code segLen[s]} of them), so
     * the inner loops run over contiguous arrays and vectorise.
     */
    final void buildPairs(Workspace w) {
        buildPairs(w, true);
    }

    /** As {@link #buildPairs(Workspace)}; without {@code indices} pJ and pK are not filled (segments only). */
    final void buildPairs(Workspace w, boolean indices) {
        int[] aStart = w.aStart;
        int nA = w.nA;
        w.ensurePairs(nA * (nA - 1) / 2);
        int[] pJ = w.pJ;
        int[] pK = w.pK;
        double[] pCos = w.pCos;
        double[] pSin = w.pSin;
        double[] pW = w.pW;
        double[] ux = w.aUx;
        double[] uy = w.aUy;
        double[] uz = w.aUz;
        double[] wf = w.aWf;
        int p = 0;
        int seg = 0;
        int block = 0;
        for (int a = 0; a < groups; a++) {
            for (int b = a; b < groups; b++) {
                w.pairStart[block++] = p;
                int jEnd = aStart[a + 1];
                int kEnd = aStart[b + 1];
                for (int j = aStart[a]; j < jEnd; j++) {
                    int k0 = a == b ? j + 1 : aStart[b];
                    int len = kEnd - k0;
                    if (len <= 0) {
                        continue;
                    }
                    w.segJ[seg] = j;
                    w.segP[seg] = p;
                    w.segK[seg] = k0;
                    w.segLen[seg] = len;
                    seg++;
                    double xj = ux[j];
                    double yj = uy[j];
                    double zj = uz[j];
                    double wfj = wf[j];
                    int off = p - k0;
                    for (int k = k0; k < kEnd; k++) {
                        double xk = ux[k];
                        double yk = uy[k];
                        double zk = uz[k];
                        double c = xj * xk + yj * yk + zj * zk;
                        double cx = yj * zk - zj * yk;
                        double cy = zj * xk - xj * zk;
                        double cz = xj * yk - yj * xk;
                        pCos[off + k] = Math.max(-1.0, Math.min(1.0, c));
                        pSin[off + k] = Math.min(1.0, Math.sqrt(cx * cx + cy * cy + cz * cz));
                        pW[off + k] = wfj * wf[k];
                    }
                    if (indices) {
                        for (int k = k0; k < kEnd; k++) {
                            pJ[off + k] = j;
                            pK[off + k] = k;
                        }
                    }
                    p += len;
                }
            }
        }
        w.pairStart[block] = p;
        w.nP = p;
        w.nSeg = seg;
    }

    /** Zeroes the per-neighbour gradient accumulators of the angular neighbours. */
    static void clearAngularGradients(Workspace w) {
        int n = w.nA;
        Arrays.fill(w.aS, 0, n, 0.0);
        Arrays.fill(w.aGx, 0, n, 0.0);
        Arrays.fill(w.aGy, 0, n, 0.0);
        Arrays.fill(w.aGz, 0, n, 0.0);
    }

    /** dEdr[entry] += aS·u + aG for every angular neighbour. */
    static void flushAngularGradients(Workspace w, double[] dEdr) {
        for (int q = 0; q < w.nA; q++) {
            int e = 3 * w.aEntry[q];
            double sc = w.aS[q];
            dEdr[e] += sc * w.aUx[q] + w.aGx[q];
            dEdr[e + 1] += sc * w.aUy[q] + w.aGy[q];
            dEdr[e + 2] += sc * w.aUz[q] + w.aGz[q];
        }
    }

    /**
     * Adds the gradient of one pair term to the per-neighbour accumulators: {@code dEdCos} = ∂E/∂cos θ,
     * {@code dEdRj}, {@code dEdRk} = ∂E/∂|r_ij|, ∂E/∂|r_ik| (at fixed angle).
     */
    static void addPairGradient(Workspace w, int j, int k, double cos, double dEdCos, double dEdRj, double dEdRk) {
        double ij = w.aInvR[j];
        double ik = w.aInvR[k];
        double aj = dEdCos * ij;
        double ak = dEdCos * ik;
        w.aS[j] += dEdRj - aj * cos;
        w.aGx[j] += aj * w.aUx[k];
        w.aGy[j] += aj * w.aUy[k];
        w.aGz[j] += aj * w.aUz[k];
        w.aS[k] += dEdRk - ak * cos;
        w.aGx[k] += ak * w.aUx[j];
        w.aGy[k] += ak * w.aUy[j];
        w.aGz[k] += ak * w.aUz[j];
    }

    /**
     * Per-thread scratch space, grown on demand and reused for every atom: nothing is allocated per atom once the
     * largest neighbourhood has been seen.
     */
    static class Workspace {
        final int[] rStart;
        final int[] aStart;
        final int[] rCursor;
        final int[] aCursor;
        final int[] pairStart;
        /** Scratch of descriptor size (e.g. derivative-series coefficients). */
        final double[] coef;

        int nR;
        int[] rEntry = new int[0];
        double[] rR = new double[0];
        double[] rUx = new double[0];
        double[] rUy = new double[0];
        double[] rUz = new double[0];
        double[] rW = new double[0];
        double[] rFc = new double[0];
        double[] rDfc = new double[0];

        int nA;
        int[] aEntry = new int[0];
        double[] aR = new double[0];
        double[] aInvR = new double[0];
        double[] aX = new double[0];
        double[] aY = new double[0];
        double[] aZ = new double[0];
        double[] aUx = new double[0];
        double[] aUy = new double[0];
        double[] aUz = new double[0];
        double[] aW = new double[0];
        double[] aWf = new double[0];
        double[] aFc = new double[0];
        double[] aDfc = new double[0];
        double[] aS = new double[0];
        double[] aGx = new double[0];
        double[] aGy = new double[0];
        double[] aGz = new double[0];

        int nP;
        int[] pJ = new int[0];
        int[] pK = new int[0];
        double[] pCos = new double[0];
        double[] pSin = new double[0];
        double[] pW = new double[0];
        int nSeg;
        int[] segJ = new int[0];
        int[] segP = new int[0];
        int[] segK = new int[0];
        int[] segLen = new int[0];

        int neighbourCapacity;
        int pairCapacity;

        Workspace(int groups, int angularBlocks, int size) {
            rStart = new int[groups + 1];
            aStart = new int[groups + 1];
            rCursor = new int[groups];
            aCursor = new int[groups];
            pairStart = new int[angularBlocks + 1];
            coef = new double[size];
        }

        final void ensureNeighbours(int n) {
            if (n <= neighbourCapacity) {
                return;
            }
            int c = Math.max(n, neighbourCapacity * 3 / 2 + 8);
            neighbourCapacity = c;
            rEntry = new int[c];
            rR = new double[c];
            rUx = new double[c];
            rUy = new double[c];
            rUz = new double[c];
            rW = new double[c];
            rFc = new double[c];
            rDfc = new double[c];
            aEntry = new int[c];
            aR = new double[c];
            aInvR = new double[c];
            aX = new double[c];
            aY = new double[c];
            aZ = new double[c];
            aUx = new double[c];
            aUy = new double[c];
            aUz = new double[c];
            aW = new double[c];
            aWf = new double[c];
            aFc = new double[c];
            aDfc = new double[c];
            aS = new double[c];
            aGx = new double[c];
            aGy = new double[c];
            aGz = new double[c];
            segJ = new int[c * rStart.length];
            segP = new int[c * rStart.length];
            segK = new int[c * rStart.length];
            segLen = new int[c * rStart.length];
            grownNeighbours(c);
        }

        final void ensurePairs(int n) {
            if (n <= pairCapacity) {
                return;
            }
            int c = Math.max(n, pairCapacity * 3 / 2 + 8);
            pairCapacity = c;
            pJ = new int[c];
            pK = new int[c];
            pCos = new double[c];
            pSin = new double[c];
            pW = new double[c];
            grownPairs(c);
        }

        /** Hook for subclasses' per-neighbour arrays (capacity c). */
        void grownNeighbours(int c) {
        }

        /** Hook for subclasses' per-pair arrays (capacity c). */
        void grownPairs(int c) {
        }
    }
}
