package kiseki.app.viewer;

import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.util.Arrays;

/**
 * Bonds by distance across periodic boundaries: atoms i and j (or an image of j, or an image of i itself) are bonded
 * when {@code 0.1 Å < d < factor · (r_cov,i + r_cov,j)}, except between two alkali or alkaline-earth metal atoms:
 * those are ions (Li⁺ next to Li⁺ in a solid electrolyte sits just inside 1.15 × 2 r_cov in LGPS) and are not
 * drawn as bonded. Each bond is stored once with the vector from atom i to the
 * bonded image of j, so a viewer can draw half-bonds from both atoms toward each other's image.
 *
 * <p>Candidates come from a half {@link NeighborList} built with the largest possible bond length plus a skin, and
 * {@link #update(Structure)} refreshes it in place (no allocation) while no atom has moved more than half the skin
 * since the build, re-building it otherwise, like a Verlet list in MD. Every bond within the criterion is found
 * either way; the bond set is re-selected on every update, so bonds appear and break as atoms move.
 */
public final class BondList {

    /**
     * Extra candidate distance (Å): the list is rebuilt only once an atom has moved 1 Å. Rebuilding costs a few
     * ms for 1,600 atoms, refreshing a tenth of that.
     */
    static final double SKIN = 2.0;
    /** Pairs closer than this (Å) are overlapping sites, not bonds. */
    static final double MIN_BOND = 0.1;

    private final double factor;
    private final double[] threshold;
    private final boolean[] ionicMetal;
    private final double cutoff;
    private NeighborList candidates;
    private double[] reference;
    private int count;
    private int[] entries = new int[16];
    private int[] first = new int[16];
    private int[] second = new int[16];
    private double[] vectors = new double[48];
    private int rebuilds;

    /** Finds the bonds of {@code s} with the factor f in {@code d < f · (r_i + r_j)}. */
    public BondList(Structure s, double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("the bond factor must be a positive number, got " + factor);
        }
        this.factor = factor;
        int n = s.size();
        threshold = new double[n];
        ionicMetal = new boolean[n];
        double maxRadius = 0;
        for (int i = 0; i < n; i++) {
            threshold[i] = s.element(i).covalentRadius();
            ionicMetal[i] = isAlkaliOrAlkalineEarth(s.element(i));
            maxRadius = Math.max(maxRadius, threshold[i]);
        }
        cutoff = factor * 2 * maxRadius + SKIN;
        update(s);
    }

    /**
     * Re-selects the bonds for the structure's current positions (same atoms and cell as at construction).
     *
     * @return whether the set of bonded pairs changed (the vectors always do)
     */
    public boolean update(Structure s) {
        if (s.size() != threshold.length) {
            throw new IllegalArgumentException(
                    "the bonds were found for " + threshold.length + " atoms, not " + s.size());
        }
        boolean rebuilt = false;
        if (candidates == null || movedTooFar(s.positions())) {
            candidates = NeighborList.half(s, cutoff);
            reference = s.positions().clone();
            rebuilds++;
            rebuilt = true;
        } else {
            candidates.refresh(s);
        }
        boolean changed = rebuilt;
        int previous = count;
        int k = 0;
        int n = threshold.length;
        for (int i = 0; i < n; i++) {
            for (int e = candidates.start(i); e < candidates.end(i); e++) {
                int j = candidates.neighbor(e);
                double d = candidates.distance(e);
                boolean bonded = d > MIN_BOND && d < factor * (threshold[i] + threshold[j]);
                if (bonded && !(ionicMetal[i] && ionicMetal[j])) {
                    if (k == entries.length) {
                        grow();
                    }
                    if (k >= previous || entries[k] != e) {
                        changed = true;
                    }
                    entries[k] = e;
                    first[k] = i;
                    second[k] = j;
                    vectors[3 * k] = candidates.dx(e);
                    vectors[3 * k + 1] = candidates.dy(e);
                    vectors[3 * k + 2] = candidates.dz(e);
                    k++;
                }
            }
        }
        count = k;
        return changed || k != previous;
    }

    /** Groups 1 and 2 without hydrogen: Li, Be, Na, Mg, K, Ca, Rb, Sr, Cs, Ba, Fr, Ra. */
    static boolean isAlkaliOrAlkalineEarth(Element e) {
        return switch (e.z()) {
            case 3, 4, 11, 12, 19, 20, 37, 38, 55, 56, 87, 88 -> true;
            default -> false;
        };
    }

    private boolean movedTooFar(double[] p) {
        double limit = SKIN * SKIN / 4;
        for (int i = 0; i < p.length; i += 3) {
            double dx = p[i] - reference[i];
            double dy = p[i + 1] - reference[i + 1];
            double dz = p[i + 2] - reference[i + 2];
            if (dx * dx + dy * dy + dz * dz > limit) {
                return true;
            }
        }
        return false;
    }

    private void grow() {
        int cap = entries.length * 2;
        entries = Arrays.copyOf(entries, cap);
        first = Arrays.copyOf(first, cap);
        second = Arrays.copyOf(second, cap);
        vectors = Arrays.copyOf(vectors, 3 * cap);
    }

    public double factor() {
        return factor;
    }

    /** Number of bonds (each pair, or atom–image pair, once). */
    public int size() {
        return count;
    }

    /** The atom bond k starts from. */
    public int first(int k) {
        return first[k];
    }

    /** The atom whose image bond k ends at. */
    public int second(int k) {
        return second[k];
    }

    /** Vector (Å) from atom {@link #first(int)} to the bonded image of {@link #second(int)}, component c. */
    public double vector(int k, int c) {
        return vectors[3 * k + c];
    }

    public double length(int k) {
        double x = vectors[3 * k];
        double y = vectors[3 * k + 1];
        double z = vectors[3 * k + 2];
        return Math.sqrt(x * x + y * y + z * z);
    }

    /** Bonds per atom; a bond to the atom's own image counts twice (both of its ends are that atom). */
    public int[] bondsPerAtom() {
        int[] out = new int[threshold.length];
        for (int k = 0; k < count; k++) {
            out[first[k]]++;
            out[second[k]]++;
        }
        return out;
    }

    /** How often the candidate list was built from scratch (the first build included). */
    public int rebuildCount() {
        return rebuilds;
    }
}
