package kiseki.app.charts;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Locale-independent number text for charts (tick labels, legend and annotation values). Plain decimals for
 * magnitudes between 10⁻³ and 10⁴ (0.001, 0.25, 1200), otherwise mantissa-exponent ("1e-5", "2.5e7"). Digits and the
 * decimal point are the same in every language the app supports, so no text here needs translating.
 */
public final class ChartFormat {

    private static final int PLAIN_MIN_EXPONENT = -3;
    private static final int PLAIN_MAX_EXPONENT = 4;

    private ChartFormat() {
    }

    /** A tick value with all its meaningful digits (binary noise such as 0.30000000000000004 removed). */
    public static String tick(double value) {
        return format(value, 12);
    }

    /** A measured value rounded to {@code digits} significant digits (1.23, 0.0456, 1.23e-5). */
    public static String significant(double value, int digits) {
        if (digits < 1) {
            throw new IllegalArgumentException("at least one significant digit, got " + digits);
        }
        return format(value, digits);
    }

    private static String format(double value, int digits) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits));
        int exponent = rounded.precision() - rounded.scale() - 1; // position of the leading digit
        if (exponent >= PLAIN_MIN_EXPONENT && exponent <= PLAIN_MAX_EXPONENT) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }
}
