package kiseki.io;

/** Number parsing for readers: finite values only, with errors that say what was expected. */
public final class Numbers {

    private Numbers() {
    }

    public static double parseDouble(String text, String what, String file, int line) throws FormatException {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new FormatException(file, line, "expected " + what + " (a number), found '" + text + "'");
        }
        if (!Double.isFinite(v)) {
            throw new FormatException(file, line, what + " is not a finite number: '" + text + "'");
        }
        return v;
    }

    public static int parseInt(String text, String what, String file, int line) throws FormatException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new FormatException(file, line, "expected " + what + " (an integer), found '" + text + "'");
        }
    }

    /** Formats a coordinate-like number with enough digits to round-trip to 1e-10 Å in files. */
    public static String fixed(double v, int decimals) {
        String s = String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
        return s.equals("-0." + "0".repeat(decimals)) ? s.substring(1) : s;
    }
}
