package kiseki.analysis;

import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Coordination of centre atoms by neighbour atoms within a bond cutoff, frame by frame — e.g. whether every P and Ge
 * in LGPS keeps its four S (PS4 / GeS4 tetrahedra) during MD. Minimum image through the neighbour list, so any cell
 * shape works. Per frame it records how many centres do not have the expected count; over the run it keeps the
 * number of such frames, the first one and the range of counts seen.
 */
public final class Coordination {

    /** Result of one frame. */
    public record FrameResult(int centres, int broken, int minCount, int maxCount) {
    }

    private final Set<Element> centre;
    private final Set<Element> neighbour;
    private final double cutoff;
    private final int expected;
    private final List<FrameResult> frames = new ArrayList<>();
    private int brokenFrames;
    private int firstBroken = -1;
    private int minCount = Integer.MAX_VALUE;
    private int maxCount = Integer.MIN_VALUE;

    /**
     * @param centre    centre elements (e.g. P, Ge)
     * @param neighbour neighbour elements (e.g. S)
     * @param cutoff    bond cutoff in Å (e.g. 2.6)
     * @param expected  the intact coordination number (e.g. 4)
     */
    public Coordination(Set<Element> centre, Set<Element> neighbour, double cutoff, int expected) {
        if (!(cutoff > 0)) {
            throw new IllegalArgumentException("the bond cutoff must be positive, got " + cutoff);
        }
        if (centre.isEmpty() || neighbour.isEmpty()) {
            throw new IllegalArgumentException("give at least one centre and one neighbour element");
        }
        this.centre = Set.copyOf(centre);
        this.neighbour = Set.copyOf(neighbour);
        this.cutoff = cutoff;
        this.expected = expected;
    }

    /** Counts, for every centre atom, its neighbours within the cutoff; returns the frame's result. */
    public FrameResult add(Structure s) {
        NeighborList nl = NeighborList.full(s, cutoff);
        int centres = 0;
        int broken = 0;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int i = 0; i < s.size(); i++) {
            if (!centre.contains(s.element(i))) {
                continue;
            }
            int n = 0;
            for (int k = nl.start(i); k < nl.end(i); k++) {
                if (nl.distance(k) < cutoff && neighbour.contains(s.element(nl.neighbor(k)))) {
                    n++;
                }
            }
            centres++;
            lo = Math.min(lo, n);
            hi = Math.max(hi, n);
            if (n != expected) {
                broken++;
            }
        }
        FrameResult r = new FrameResult(centres, broken, centres == 0 ? 0 : lo, centres == 0 ? 0 : hi);
        if (broken > 0) {
            if (firstBroken < 0) {
                firstBroken = frames.size();
            }
            brokenFrames++;
        }
        if (centres > 0) {
            minCount = Math.min(minCount, lo);
            maxCount = Math.max(maxCount, hi);
        }
        frames.add(r);
        return r;
    }

    public List<FrameResult> frames() {
        return List.copyOf(frames);
    }

    /** Frames in which at least one centre did not have the expected coordination. */
    public int brokenFrames() {
        return brokenFrames;
    }

    /** Index (0-based, in the order added) of the first such frame, or -1. */
    public int firstBrokenFrame() {
        return firstBroken;
    }

    /** Smallest coordination seen over all centres and frames (0 when no centre was seen). */
    public int minCount() {
        return minCount == Integer.MAX_VALUE ? 0 : minCount;
    }

    public int maxCount() {
        return maxCount == Integer.MIN_VALUE ? 0 : maxCount;
    }

    public int expected() {
        return expected;
    }

    public double cutoff() {
        return cutoff;
    }
}
