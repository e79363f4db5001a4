package kiseki.app.charts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecimatingSeriesTest {

    private static double[] xs(DecimatingSeries s) {
        double[] out = new double[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.x(i);
        }
        return out;
    }

    @Test
    void smallBufferSequence() {
        DecimatingSeries s = new DecimatingSeries(3);
        assertEquals(DecimatingSeries.Change.APPENDED, s.append(0, 10));
        assertEquals(DecimatingSeries.Change.APPENDED, s.append(1, 11));
        assertEquals(DecimatingSeries.Change.APPENDED, s.append(2, 12));
        assertEquals(DecimatingSeries.Change.COMPACTED, s.append(3, 13));
        assertArrayEquals(new double[] {0, 2, 3}, xs(s)); // stride 2, latest kept
        assertEquals(DecimatingSeries.Change.REPLACED_LAST, s.append(4, 14));
        assertArrayEquals(new double[] {0, 2, 4}, xs(s));
        assertEquals(DecimatingSeries.Change.COMPACTED, s.append(5, 15));
        assertArrayEquals(new double[] {0, 4, 5}, xs(s)); // stride 4
        assertEquals(15, s.y(2));
        assertEquals(6, s.appended());
    }

    @Test
    void keepsTheBoundTheFirstAndTheLatestPointAtEveryStep() {
        DecimatingSeries s = new DecimatingSeries(100);
        for (int i = 0; i < 100_000; i++) {
            s.append(i * 0.5, Math.sin(i));
            assertTrue(s.size() <= 100, "bound at " + i);
            assertEquals(0.0, s.x(0), "first point at " + i);
            assertEquals(i * 0.5, s.x(s.size() - 1), "latest point at " + i);
        }
        assertTrue(s.size() >= 50, "at least half the budget is used: " + s.size());
        assertEquals(Math.sin(99_999), s.y(s.size() - 1));
    }

    @Test
    void retainedPointsAreEvenlySpacedOverTheHistory() {
        DecimatingSeries s = new DecimatingSeries(64);
        for (int i = 0; i < 10_000; i++) {
            s.append(i, -i);
        }
        double step = s.x(1) - s.x(0);
        assertEquals(0, Long.bitCount((long) step) - 1, "the stride is a power of two: " + step);
        for (int i = 1; i < s.size() - 1; i++) {
            assertEquals(step, s.x(i) - s.x(i - 1), "even spacing at " + i);
        }
        assertEquals(9999, s.x(s.size() - 1));
    }

    @Test
    void clearStartsAfresh() {
        DecimatingSeries s = new DecimatingSeries(5);
        for (int i = 0; i < 50; i++) {
            s.append(i, i);
        }
        s.clear();
        assertEquals(0, s.size());
        s.append(7, 8);
        s.append(9, 10);
        assertArrayEquals(new double[] {7, 9}, xs(s));
        DataSeries data = s.toDataSeries("T");
        assertEquals("T", data.name());
        assertArrayEquals(new double[] {8, 10}, data.y());
    }

    @Test
    void rejectsTooSmallBudgetsAndBadIndices() {
        assertThrows(IllegalArgumentException.class, () -> new DecimatingSeries(2));
        DecimatingSeries s = new DecimatingSeries(3);
        assertThrows(IndexOutOfBoundsException.class, () -> s.x(0));
    }

    @Test
    void strideIndicesThinLongArraysKeepingBothEnds() {
        assertArrayEquals(new int[] {0, 1, 2}, DecimatingSeries.strideIndices(3, 5));
        assertArrayEquals(new int[] {0, 3, 6, 9}, DecimatingSeries.strideIndices(10, 4));
        assertArrayEquals(new int[] {0, 4, 8, 10}, DecimatingSeries.strideIndices(11, 4));
        for (int n = 2; n < 500; n++) {
            for (int max : new int[] {2, 3, 7, 100}) {
                int[] keep = DecimatingSeries.strideIndices(n, max);
                assertTrue(keep.length <= Math.max(max, 2) && keep.length <= n, n + "/" + max);
                assertEquals(0, keep[0]);
                assertEquals(n - 1, keep[keep.length - 1]);
            }
        }
    }
}
