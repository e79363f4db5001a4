package kiseki.app.charts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartFormatTest {

    @Test
    void significantDigits() {
        assertEquals("0.0807", ChartFormat.significant(0.080712, 3));
        assertEquals("1.23e-5", ChartFormat.significant(1.2345e-5, 3));
        assertEquals("0.00123", ChartFormat.significant(0.0012345, 3));
        assertEquals("12300", ChartFormat.significant(12345, 3));
        assertEquals("1.23e5", ChartFormat.significant(123456, 3));
        assertEquals("-0.5", ChartFormat.significant(-0.5, 3));
        assertEquals("0", ChartFormat.significant(0, 3));
        assertEquals("NaN", ChartFormat.significant(Double.NaN, 3));
        assertEquals("10", ChartFormat.significant(9.9996, 3), "rounding up across a power of ten");
    }

    @Test
    void niceScalesEncloseTheDataOnRoundTicks() {
        NiceScale s = NiceScale.of(-0.5, 1.5, 0, 7);
        assertEquals(new NiceScale(-0.5, 1.5, 0.5), s);
        assertEquals(new NiceScale(-6, 6, 2), NiceScale.of(-5.03, 4.81, 0.03, 7));
        assertEquals(new NiceScale(0.8, 3.5, 0.1), NiceScale.of(0.96, 3.354, 0.04, 30)); // padded by 4 % first
        NiceScale arrhenius = NiceScale.of(0.96, 3.354, 0.04, 7);
        assertEquals(0.5, arrhenius.tick());
        assertEquals(0.5, arrhenius.lower());
        assertEquals(3.5, arrhenius.upper());
        NiceScale single = NiceScale.of(2, 2, 0, 5);
        assertTrue(single.lower() < 2 && single.upper() > 2);
        assertEquals(new NiceScale(0, 1, 0.2), NiceScale.of(Double.NaN, 1, 0, 5));
        assertEquals(0.25, NiceScale.niceStep(0.21));
        assertEquals(1, NiceScale.niceStep(1));
        assertEquals(10, NiceScale.niceStep(5.01));
    }
}
