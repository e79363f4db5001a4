package kiseki.io;

import java.util.Arrays;
import java.util.Locale;

/**
 * Symmetry operators in the CIF "xyz" notation ({@code _symmetry_equiv_pos_as_xyz},
 * {@code _space_group_symop_operation_xyz}): three comma-separated components such as {@code x, y, z},
 * {@code -x+1/2,+y+1/2,-z+1/2}, {@code 1/2+x}, {@code x-y,x,z+1/6}, {@code -X,Y,-Z} or {@code x+0.5}.
 */
public final class CifSymmetry {

    private static final String[] COMPONENT_NAMES = {"first", "second", "third"};

    private CifSymmetry() {
    }

    /**
     * One operation x' = R·x + t on fractional coordinates.
     *
     * @param rotation    3×3 integer matrix, row i gives component i of the image
     * @param translation fractional translation
     */
    public record Operation(int[][] rotation, double[] translation) {

        public static final Operation IDENTITY =
                new Operation(new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[3]);

        public Operation {
            if (rotation.length != 3 || rotation[0].length != 3 || rotation[1].length != 3 || rotation[2].length != 3
                    || translation.length != 3) {
                throw new IllegalArgumentException("an operation needs a 3×3 rotation and 3 translations");
            }
            rotation = new int[][] {rotation[0].clone(), rotation[1].clone(), rotation[2].clone()};
            translation = translation.clone();
        }

        @Override
        public int[][] rotation() {
            return new int[][] {rotation[0].clone(), rotation[1].clone(), rotation[2].clone()};
        }

        @Override
        public double[] translation() {
            return translation.clone();
        }

        /** Image of the fractional point {@code in[off..off+2]}, written to {@code out[oOff..oOff+2]}. */
        public void apply(double[] in, int off, double[] out, int oOff) {
            double x = in[off];
            double y = in[off + 1];
            double z = in[off + 2];
            for (int i = 0; i < 3; i++) {
                out[oOff + i] = rotation[i][0] * x + rotation[i][1] * y + rotation[i][2] * z + translation[i];
            }
        }

        public double[] apply(double[] frac) {
            double[] out = new double[3];
            apply(frac, 0, out, 0);
            return out;
        }

        /** Determinant of the rotation part: +1 for a proper rotation, −1 for an improper one. */
        public long determinant() {
            long[][] r = new long[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    r[i][j] = rotation[i][j];
                }
            }
            return r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                    + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Operation op && Arrays.deepEquals(rotation, op.rotation)
                    && Arrays.equals(translation, op.translation);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.deepHashCode(rotation) + Arrays.hashCode(translation);
        }

        /** The operation in xyz notation, e.g. {@code -x+1/2, y+1/2, -z+1/2}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                int before = sb.length();
                for (int j = 0; j < 3; j++) {
                    int c = rotation[i][j];
                    if (c == 0) {
                        continue;
                    }
                    if (c < 0) {
                        sb.append('-');
                    } else if (sb.length() > before) {
                        sb.append('+');
                    }
                    if (Math.abs(c) != 1) {
                        sb.append(Math.abs(c));
                    }
                    sb.append("xyz".charAt(j));
                }
                double t = translation[i];
                if (t != 0) {
                    sb.append(t < 0 ? "-" : sb.length() > before ? "+" : "").append(fraction(Math.abs(t)));
                } else if (sb.length() == before) {
                    sb.append('0');
                }
            }
            return sb.toString();
        }

        private static String fraction(double t) {
            for (int d = 1; d <= 12; d++) {
                double n = t * d;
                if (Math.abs(n - Math.rint(n)) < 1e-9) {
                    return d == 1 ? Long.toString(Math.round(n)) : Math.round(n) + "/" + d;
                }
            }
            return Double.toString(t);
        }
    }

    /**
     * Parses one operator in xyz notation.
     *
     * @throws IllegalArgumentException with a message saying what is wrong, when the text is not a valid operator
     */
    public static Operation parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no operator text");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        StringBuilder compact = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                compact.append(c);
            }
        }
        String[] parts = compact.toString().split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("an operator needs three components separated by commas, found "
                    + parts.length);
        }
        int[][] rotation = new int[3][3];
        double[] translation = new double[3];
        for (int i = 0; i < 3; i++) {
            parseComponent(parts[i], COMPONENT_NAMES[i], rotation[i], translation, i);
        }
        Operation op = new Operation(rotation, translation);
        long det = op.determinant();
        if (det != 1 && det != -1) {
            throw new IllegalArgumentException("the rotation part has determinant " + det
                    + ", so it is not a crystallographic symmetry operation");
        }
        return op;
    }

    /**
     * One component: a sum of signed terms, each a variable with an optional integer coefficient ({@code x},
     * {@code -y}, {@code 2x}, {@code 2*x}) or a number ({@code 1/2}, {@code 0.5}, {@code .25}).
     */
    private static void parseComponent(String c, String which, int[] row, double[] translation, int index) {
        if (c.isEmpty()) {
            throw new IllegalArgumentException("the " + which + " component is empty");
        }
        int p = 0;
        boolean any = false;
        double shift = 0;
        while (p < c.length()) {
            int sign = 1;
            char ch = c.charAt(p);
            if (ch == '+' || ch == '-') {
                sign = ch == '-' ? -1 : 1;
                p++;
            } else if (any) {
                throw new IllegalArgumentException("unexpected '" + ch + "' in the " + which + " component '" + c
                        + "' (terms must be joined by + or -)");
            }
            int numberStart = p;
            while (p < c.length() && (Character.isDigit(c.charAt(p)) || c.charAt(p) == '.')) {
                p++;
            }
            double number = Double.NaN;
            if (p > numberStart) {
                number = parseDecimal(c.substring(numberStart, p), which, c);
                if (p < c.length() && c.charAt(p) == '/') {
                    p++;
                    int denStart = p;
                    while (p < c.length() && (Character.isDigit(c.charAt(p)) || c.charAt(p) == '.')) {
                        p++;
                    }
                    if (p == denStart) {
                        throw new IllegalArgumentException("a fraction in the " + which + " component '" + c
                                + "' has no denominator");
                    }
                    double den = parseDecimal(c.substring(denStart, p), which, c);
                    if (den == 0) {
                        throw new IllegalArgumentException("division by zero in the " + which + " component '" + c
                                + "'");
                    }
                    number /= den;
                }
                if (p < c.length() && c.charAt(p) == '*') {
                    p++;
                }
            }
            if (p < c.length() && c.charAt(p) >= 'x' && c.charAt(p) <= 'z') {
                int axis = c.charAt(p) - 'x';
                p++;
                double coefficient = Double.isNaN(number) ? 1 : number;
                if (coefficient != Math.rint(coefficient) || Math.abs(coefficient) > 6) {
                    throw new IllegalArgumentException("the coefficient " + coefficient + " of "
                            + "xyz".charAt(axis) + " in the " + which + " component '" + c
                            + "' is not a small whole number");
                }
                row[axis] += sign * (int) coefficient;
                if (Math.abs(row[axis]) > 6) {
                    throw new IllegalArgumentException("the coefficient of " + "xyz".charAt(axis) + " in the " + which
                            + " component '" + c + "' is not a small whole number");
                }
            } else if (!Double.isNaN(number)) {
                shift += sign * number;
            } else {
                String found = p < c.length() ? "'" + c.charAt(p) + "'" : "the end";
                throw new IllegalArgumentException("expected x, y, z or a number in the " + which + " component '"
                        + c + "', found " + found);
            }
            any = true;
        }
        translation[index] = shift;
    }

    private static double parseDecimal(String digits, String which, String component) {
        try {
            double v = Double.parseDouble(digits);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + digits + "' in the " + which + " component '" + component
                + "' is not a number");
    }
}
