package kiseki.app.charts;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tick arithmetic of the logarithmic axis (no JavaFX toolkit needed). */
class LogAxisTest {

    private static List<Double> values(double... v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    @Test
    void autoRangeRoundsOutwardsToTheNextMinorTick() {
        assertArrayEquals(new double[] {0.003, 50}, LogAxis.autoRangeBounds(0.003, 47));
        assertArrayEquals(new double[] {0.003, 50}, LogAxis.autoRangeBounds(0.0031, 47));
        assertArrayEquals(new double[] {0.9, 70}, LogAxis.autoRangeBounds(0.93, 61.2));
        assertArrayEquals(new double[] {0.04, 0.7}, LogAxis.autoRangeBounds(0.045, 0.61));
        assertArrayEquals(new double[] {1, 100}, LogAxis.autoRangeBounds(1, 100));
        assertArrayEquals(new double[] {1e-3, 1}, LogAxis.autoRangeBounds(1e-3, 0.95));
    }

    @Test
    void autoRangeOfASingleValueOrNoPositiveDataStillGivesAnInterval() {
        assertArrayEquals(new double[] {3, 8}, LogAxis.autoRangeBounds(5, 5));
        assertArrayEquals(new double[] {0.06, 0.2}, LogAxis.autoRangeBounds(0.1, 0.1));
        assertArrayEquals(new double[] {1, 10}, LogAxis.autoRangeBounds(0, 5));
        assertArrayEquals(new double[] {1, 10}, LogAxis.autoRangeBounds(Double.NaN, Double.NaN));
        assertArrayEquals(new double[] {0.003, 50}, LogAxis.autoRangeBounds(47, 0.003), "ends in either order");
    }

    @Test
    void stepsAreExactDecimals() {
        assertEquals(0.003, LogAxis.floorStep(0.003));
        assertEquals(1000, LogAxis.floorStep(1000));
        assertEquals(1e-3, LogAxis.floorStep(1e-3));
        assertEquals(0.3, LogAxis.floorStep(0.35));
        assertEquals(50, LogAxis.ceilStep(47));
        assertEquals(100, LogAxis.ceilStep(95));
        assertEquals(100, LogAxis.ceilStep(100));
        assertEquals(0.3, LogAxis.decimal(3, -1)); // not 3 * 0.1 = 0.30000000000000004
    }

    @Test
    void decadesAreLabelledAndTwoToNineAreMinorTicks() {
        assertEquals(values(0.01, 0.1, 1, 10), LogAxis.majorTicks(0.003, 50));
        assertEquals(values(0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009,
                0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09,
                0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
                2, 3, 4, 5, 6, 7, 8, 9,
                20, 30, 40, 50), LogAxis.minorTicks(0.003, 50));
    }

    @Test
    void ticksExactlyAtTheEndsCount() {
        assertEquals(values(1, 10, 100), LogAxis.majorTicks(1, 100));
        assertEquals(values(1e-6, 1e-5, 1e-4, 1e-3), LogAxis.majorTicks(1e-6, 1e-3));
    }

    @Test
    void narrowRangesLabelTwoAndFiveOrEveryStep() {
        // one decade inside: 5, 10, 20 labelled
        assertEquals(values(5, 10, 20), LogAxis.majorTicks(3, 40));
        assertEquals(values(3, 4, 6, 7, 8, 9, 30, 40), LogAxis.minorTicks(3, 40));
        // no decade inside and only 2 and 5: every step is labelled
        assertEquals(values(2, 3, 4, 5, 6, 7, 8), LogAxis.majorTicks(2, 8));
        assertEquals(values(), LogAxis.minorTicks(2, 8));
        // 1 … 9.x: decades 1 only → 1, 2, 5
        assertEquals(values(1, 2, 5), LogAxis.majorTicks(1, 9.5));
    }

    @Test
    void manyDecadesAreThinnedToRoundExponents() {
        List<Double> majors = LogAxis.majorTicks(1e-12, 1e3); // 16 decades → every 2nd
        assertEquals(values(1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1, 100), majors);
        assertEquals(values(1e-11, 1e-9, 1e-7, 1e-5, 1e-3, 0.1, 10, 1000), LogAxis.minorTicks(1e-12, 1e3));
        assertEquals(values(1e-20, 1e-16, 1e-12, 1e-8, 1e-4, 1, 1e4),
                LogAxis.majorTicks(1e-20, 1e5)); // 26 decades → every 4th
    }

    @Test
    void tickLabelsArePlainNearOneAndExponentialFarFromIt() {
        assertEquals("0.001", ChartFormat.tick(1e-3));
        assertEquals("0.01", ChartFormat.tick(0.01));
        assertEquals("1", ChartFormat.tick(1));
        assertEquals("10000", ChartFormat.tick(1e4));
        assertEquals("1e-4", ChartFormat.tick(1e-4));
        assertEquals("2e-5", ChartFormat.tick(2e-5));
        assertEquals("1e5", ChartFormat.tick(1e5));
        assertEquals("2.5e7", ChartFormat.tick(2.5e7));
        assertEquals("0.3", ChartFormat.tick(3 * 0.1));
        assertEquals("0.007", ChartFormat.tick(LogAxis.decimal(7, -3)));
    }
}
