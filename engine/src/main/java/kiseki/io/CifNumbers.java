package kiseki.io;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CIF numbers: an optional sign, digits with an optional decimal point ({@code 1}, {@code 1.0}, {@code .5},
 * {@code -.25}), an optional exponent ({@code 1e-3}), and an optional standard uncertainty in parentheses that
 * applies to the last digits ({@code 5.37706(9)}, {@code -0.01305(19)}). The uncertainty is dropped.
 */
public final class CifNumbers {

    private static final Pattern NUMBER =
            Pattern.compile("([+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(?:\\([0-9]+\\))?");

    private CifNumbers() {
    }

    /** The value of a CIF number, or empty when the text is not one or is not finite (e.g. {@code 1e999}). */
    public static OptionalDouble parse(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        Matcher m = NUMBER.matcher(text.trim());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        double v = Double.parseDouble(m.group(1));
        return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }
}
