package kiseki.app.charts;

/**
 * Axis bounds and tick spacing on "nice" numbers (1, 2, 2.5, 5 × 10ⁿ) enclosing a data interval, for charts that set
 * their linear axes themselves (equal axes of a parity plot, an Arrhenius plot whose extras must all be visible).
 *
 * @param lower lower bound, a multiple of {@code tick}
 * @param upper upper bound, a multiple of {@code tick}
 * @param tick  distance between major ticks
 */
public record NiceScale(double lower, double upper, double tick) {

    private static final double[] STEPS = {1, 2, 2.5, 5, 10};

    /**
     * The smallest nice interval containing [min, max] widened by {@code padFraction} of its width on each side, with
     * about {@code targetTicks} ticks (never more than 2 × targetTicks). Non-finite input gives [0, 1].
     */
    public static NiceScale of(double min, double max, double padFraction, int targetTicks) {
        if (targetTicks < 2) {
            throw new IllegalArgumentException("at least 2 ticks, got " + targetTicks);
        }
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return new NiceScale(0, 1, 0.2);
        }
        if (max < min) {
            double t = min;
            min = max;
            max = t;
        }
        double span = max - min;
        if (span == 0) {
            // a single value: open a window of ±10 % around it (±1 around zero)
            span = min == 0 ? 2 : Math.abs(min) * 0.2;
            min -= span / 2;
            max += span / 2;
        }
        min -= span * padFraction;
        max += span * padFraction;
        double tick = niceStep((max - min) / (targetTicks - 1));
        double lower = Math.floor(min / tick + 1e-9) * tick;
        double upper = Math.ceil(max / tick - 1e-9) * tick;
        return new NiceScale(clean(lower, tick), clean(upper, tick), tick);
    }

    /** The nice number (1, 2, 2.5 or 5 × 10ⁿ) nearest above {@code rough}. */
    static double niceStep(double rough) {
        double decade = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double step : STEPS) {
            if (step * decade >= rough * (1 - 1e-9)) {
                return Double.parseDouble(step + "e" + (int) Math.round(Math.log10(decade)));
            }
        }
        return decade * 10;
    }

    /** Removes binary noise from a multiple of the tick (0.30000000000000004 → 0.3). */
    private static double clean(double value, double tick) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(tick)) + 2);
        return new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
