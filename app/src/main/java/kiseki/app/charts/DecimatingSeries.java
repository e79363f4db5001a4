package kiseki.app.charts;

/**
 * A bounded, growing x-y series for live plots: it keeps at most {@code maxPoints} of everything appended, always
 * the first point and the latest one. The n-th appended point (n = 0, 1, …) is kept while n is a multiple of the
 * current stride; when the buffer overflows the stride doubles and every other kept point is dropped, so the
 * retained points stay evenly spread over the whole history. Appending is amortised O(1) and allocation-free.
 * Pure data; no JavaFX.
 */
public final class DecimatingSeries {

    /** What an {@link #append} did to the retained points, so a chart can mirror it cheaply. */
    public enum Change {
        /** one point was added at the end */
        APPENDED,
        /** the last point (the previous latest, not on the stride) was replaced by the new one */
        REPLACED_LAST,
        /** the points were thinned: re-read all of them */
        COMPACTED
    }

    private final int maxPoints;
    private final double[] xs;
    private final double[] ys;
    private final long[] ordinals; // position of each retained point in the appended sequence
    private int size;
    private long appended;
    private long stride = 1;

    public DecimatingSeries(int maxPoints) {
        if (maxPoints < 3) {
            throw new IllegalArgumentException("a decimating series keeps at least 3 points, got " + maxPoints);
        }
        this.maxPoints = maxPoints;
        xs = new double[maxPoints + 1];
        ys = new double[maxPoints + 1];
        ordinals = new long[maxPoints + 1];
    }

    public Change append(double x, double y) {
        long ordinal = appended++;
        if (size > 0 && ordinals[size - 1] % stride != 0) {
            // the latest point is only kept because it is the latest: the new one takes its place
            put(size - 1, ordinal, x, y);
            return Change.REPLACED_LAST;
        }
        put(size++, ordinal, x, y);
        if (size > maxPoints) {
            compact();
            return Change.COMPACTED;
        }
        return Change.APPENDED;
    }

    private void put(int i, long ordinal, double x, double y) {
        ordinals[i] = ordinal;
        xs[i] = x;
        ys[i] = y;
    }

    private void compact() {
        stride *= 2;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (ordinals[i] % stride == 0 || i == size - 1) {
                put(kept++, ordinals[i], xs[i], ys[i]);
            }
        }
        size = kept;
    }

    public void clear() {
        size = 0;
        appended = 0;
        stride = 1;
    }

    /** Number of retained points (at most {@link #maxPoints()}). */
    public int size() {
        return size;
    }

    public int maxPoints() {
        return maxPoints;
    }

    /** Number of points appended since creation or the last {@link #clear()}. */
    public long appended() {
        return appended;
    }

    public double x(int i) {
        checkIndex(i);
        return xs[i];
    }

    public double y(int i) {
        checkIndex(i);
        return ys[i];
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("point " + i + " of " + size);
        }
    }

    /** The retained points as a named series. */
    public DataSeries toDataSeries(String name) {
        return new DataSeries(name, java.util.Arrays.copyOf(xs, size), java.util.Arrays.copyOf(ys, size));
    }

    /**
     * Indices of at most {@code maxPoints} evenly spaced elements of an array of length n, always including the first
     * and the last: a one-shot thinning for drawing long static curves.
     */
    public static int[] strideIndices(int n, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("keep at least 2 points, got " + maxPoints);
        }
        if (n <= maxPoints) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int step = (n - 1 + maxPoints - 2) / (maxPoints - 1); // ceil((n-1)/(maxPoints-1))
        int count = (n - 1) / step + 1;
        boolean lastOnStride = (n - 1) % step == 0;
        int[] out = new int[lastOnStride ? count : count + 1];
        for (int i = 0; i < count; i++) {
            out[i] = i * step;
        }
        out[out.length - 1] = n - 1;
        return out;
    }
}
