package kiseki.app.charts;

import javafx.scene.chart.ValueAxis;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;

/**
 * A base-10 logarithmic value axis: labelled ticks at the decades (0.01, 0.1, 1, 10 …), minor ticks at 2…9 × 10ⁿ.
 * When the range spans less than two decades, 2 × 10ⁿ and 5 × 10ⁿ (or every k × 10ⁿ) are labelled too so that an
 * axis always carries numbers. With more than ten decades only every few decades is labelled.
 * <p>
 * Auto-ranging covers the positive data values and rounds the ends outwards to the next minor tick
 * (0.003 … 47 → 0.003 … 50). Zero, negative and non-finite values cannot be shown on a log scale: they are ignored
 * for ranging and drawn just below the axis; charts should leave them out. The tick computations are static and
 * need no JavaFX toolkit.
 */
public final class LogAxis extends ValueAxis<Number> {

    /** Relative tolerance when deciding whether a tick lies inside the range (ticks exactly at the ends count). */
    private static final double EDGE = 1e-9;
    /** Above this many decades the labels are thinned to every k-th decade. */
    private static final int MAX_LABELLED_DECADES = 10;
    /** Values outside the range are drawn at most this many decades beyond it (no huge coordinates for paths). */
    private static final double MAX_OVERSHOOT_DECADES = 3;

    private double positiveMin = Double.NaN;
    private double positiveMax = Double.NaN;

    /** An auto-ranging log axis with the given label (visible text, supplied by the caller). */
    public LogAxis(String label) {
        setLabel(label);
        setLowerBound(1);
        setUpperBound(10);
        setMinorTickCount(9); // only used by the base class to decide whether minor ticks fit
    }

    /** A log axis with fixed bounds (both positive). */
    public LogAxis(String label, double lower, double upper) {
        this(label);
        if (!(lower > 0) || !(upper > lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("log axis bounds must satisfy 0 < lower < upper, got " + lower + ", "
                    + upper);
        }
        setAutoRanging(false);
        setLowerBound(lower);
        setUpperBound(upper);
    }

    // ---- pure tick arithmetic ------------------------------------------------------------------------------------

    /** k × 10ⁿ as the double nearest to the decimal value (no 3 × 0.1 = 0.30000000000000004). */
    static double decimal(int k, int exponent) {
        return Double.parseDouble(k + "e" + exponent);
    }

    private static boolean inside(double v, double lower, double upper) {
        return v >= lower * (1 - EDGE) && v <= upper * (1 + EDGE);
    }

    /** The powers of ten inside [lower, upper]. */
    public static List<Double> decades(double lower, double upper) {
        return steps(lower, upper, 1);
    }

    /** The values k × 10ⁿ (k = 1…9) inside [lower, upper], ascending. */
    private static List<Double> allSteps(double lower, double upper) {
        return steps(lower, upper, 9);
    }

    /** The values k × 10ⁿ with k = 1…maxK inside [lower, upper], ascending. */
    private static List<Double> steps(double lower, double upper, int maxK) {
        List<Double> out = new ArrayList<>();
        if (!(lower > 0) || !(upper >= lower) || !Double.isFinite(upper)) {
            return out;
        }
        int first = (int) Math.floor(Math.log10(lower));
        int last = (int) Math.ceil(Math.log10(upper));
        for (int n = first; n <= last; n++) {
            for (int k = 1; k <= maxK; k++) {
                double v = decimal(k, n);
                if (inside(v, lower, upper)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** Every how many decades a label is drawn (1 up to ten decades). */
    static int decadeStride(int decadeCount) {
        return decadeCount <= MAX_LABELLED_DECADES ? 1 : (decadeCount + 7) / 8;
    }

    /**
     * The labelled (major) tick values for [lower, upper]: the decades when at least two fall inside; otherwise the
     * decades plus 2 × 10ⁿ and 5 × 10ⁿ, or every k × 10ⁿ when that still gives fewer than three labels.
     */
    public static List<Double> majorTicks(double lower, double upper) {
        List<Double> decades = decades(lower, upper);
        if (decades.size() >= 2) {
            int stride = decadeStride(decades.size());
            if (stride == 1) {
                return decades;
            }
            List<Double> thinned = new ArrayList<>();
            for (double d : decades) {
                // keep decades whose exponent is a multiple of the stride, so labels stay at round exponents
                if (Math.floorMod((int) Math.round(Math.log10(d)), stride) == 0) {
                    thinned.add(d);
                }
            }
            return thinned;
        }
        List<Double> withHalves = new ArrayList<>();
        for (double v : allSteps(lower, upper)) {
            double k = v / decimal(1, (int) Math.floor(Math.log10(v) + EDGE));
            long lead = Math.round(k);
            if (lead == 1 || lead == 2 || lead == 5) {
                withHalves.add(v);
            }
        }
        return withHalves.size() >= 3 ? withHalves : allSteps(lower, upper);
    }

    /**
     * The unlabelled (minor) tick values for [lower, upper]: every k × 10ⁿ (k = 2…9) that is not a major tick; with
     * thinned decade labels, the unlabelled decades only.
     */
    public static List<Double> minorTicks(double lower, double upper) {
        List<Double> majors = majorTicks(lower, upper);
        List<Double> candidates = decadeStride(decades(lower, upper).size()) > 1 ? decades(lower, upper)
                : allSteps(lower, upper);
        List<Double> out = new ArrayList<>();
        for (double v : candidates) {
            if (!majors.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** The largest k × 10ⁿ (k = 1…9) not above {@code v} (v > 0). */
    static double floorStep(double v) {
        int n = (int) Math.floor(Math.log10(v));
        double unit = decimal(1, n);
        int k = (int) Math.floor(v / unit * (1 + EDGE));
        if (k < 1) { // log10 rounded up across a decade boundary
            n--;
            unit = decimal(1, n);
            k = (int) Math.floor(v / unit * (1 + EDGE));
        }
        return decimal(Math.min(k, 9), n);
    }

    /** The smallest k × 10ⁿ (k = 1…10) not below {@code v} (v > 0). */
    static double ceilStep(double v) {
        int n = (int) Math.floor(Math.log10(v));
        double unit = decimal(1, n);
        int k = (int) Math.ceil(v / unit * (1 - EDGE));
        if (k > 10) { // log10 rounded down across a decade boundary
            n++;
            unit = decimal(1, n);
            k = (int) Math.ceil(v / unit * (1 - EDGE));
        }
        return k >= 10 ? decimal(1, n + 1) : decimal(Math.max(k, 1), n);
    }

    /**
     * Auto-range for positive data [min, max]: the ends rounded outwards to k × 10ⁿ; a single value gets the steps
     * around it; no positive data gives [1, 10].
     */
    public static double[] autoRangeBounds(double min, double max) {
        if (!(min > 0) || !(max > 0) || !Double.isFinite(min) || !Double.isFinite(max)) {
            return new double[] {1, 10};
        }
        if (max < min) {
            double t = min;
            min = max;
            max = t;
        }
        double lower = floorStep(min);
        double upper = ceilStep(max);
        if (!(upper > lower * (1 + EDGE))) {
            lower = floorStep(min / 1.5);
            upper = ceilStep(max * 1.5);
        }
        return new double[] {lower, upper};
    }

    // ---- ValueAxis ---------------------------------------------------------------------------------------------

    @Override
    public void invalidateRange(List<Number> data) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Number n : data) {
            double v = n.doubleValue();
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        positiveMin = lo;
        positiveMax = hi;
        super.invalidateRange(data);
    }

    @Override
    protected Object autoRange(double minValue, double maxValue, double length, double labelSize) {
        if (!(positiveMin <= positiveMax)) {
            return new double[] {getLowerBound(), getUpperBound()};
        }
        return autoRangeBounds(positiveMin, positiveMax);
    }

    @Override
    protected void setRange(Object range, boolean animate) {
        double[] r = (double[]) range;
        setLowerBound(r[0]);
        setUpperBound(r[1]);
        currentLowerBound.set(r[0]);
    }

    @Override
    protected Object getRange() {
        return new double[] {getLowerBound(), getUpperBound()};
    }

    @Override
    protected List<Number> calculateTickValues(double length, Object range) {
        double[] r = (double[]) range;
        return new ArrayList<>(majorTicks(r[0], r[1]));
    }

    @Override
    protected List<Number> calculateMinorTickMarks() {
        return new ArrayList<>(minorTicks(getLowerBound(), getUpperBound()));
    }

    @Override
    protected String getTickMarkLabel(Number value) {
        StringConverter<Number> formatter = getTickLabelFormatter();
        return formatter != null ? formatter.toString(value) : ChartFormat.tick(value.doubleValue());
    }

    private double logLower() {
        return Math.log10(getLowerBound() > 0 ? getLowerBound() : 1);
    }

    private double logUpper() {
        double lower = logLower();
        double upper = getUpperBound() > 0 ? Math.log10(getUpperBound()) : lower + 1;
        return upper > lower ? upper : lower + 1;
    }

    @Override
    public double getDisplayPosition(Number value) {
        double lo = logLower();
        double hi = logUpper();
        double v = value.doubleValue();
        double logV = v > 0 && Double.isFinite(v) ? Math.log10(v) : lo - MAX_OVERSHOOT_DECADES;
        logV = Math.max(lo - MAX_OVERSHOOT_DECADES, Math.min(hi + MAX_OVERSHOOT_DECADES, logV));
        double fraction = (logV - lo) / (hi - lo);
        return getSide() != null && getSide().isVertical() ? (1 - fraction) * getHeight() : fraction * getWidth();
    }

    @Override
    public Number getValueForDisplay(double displayPosition) {
        double lo = logLower();
        double hi = logUpper();
        boolean vertical = getSide() != null && getSide().isVertical();
        double length = vertical ? getHeight() : getWidth();
        if (length <= 0) {
            return getLowerBound();
        }
        double fraction = vertical ? 1 - displayPosition / length : displayPosition / length;
        return Math.pow(10, lo + fraction * (hi - lo));
    }

    @Override
    public boolean isValueOnAxis(Number value) {
        double v = value.doubleValue();
        return v > 0 && inside(v, getLowerBound(), getUpperBound());
    }

    @Override
    public double getZeroPosition() {
        return Double.NaN; // a log axis has no zero
    }
}
