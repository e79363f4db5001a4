package kiseki.app.viewer;

import kiseki.structure.Structure;

import java.util.Locale;

/**
 * What the viewer tells about a picked atom.
 *
 * @param index  0-based index of the atom in the structure
 * @param symbol element symbol
 * @param x      Cartesian x (Å), as given (not wrapped into the cell)
 * @param y      Cartesian y (Å)
 * @param z      Cartesian z (Å)
 * @param fa     fractional coordinate along a of that position; NaN without a cell
 * @param fb     fractional coordinate along b; NaN without a cell
 * @param fc     fractional coordinate along c; NaN without a cell
 */
public record AtomInfo(int index, String symbol, double x, double y, double z, double fa, double fb, double fc) {

    /** The current state of atom {@code i} of {@code s}. */
    public static AtomInfo of(Structure s, int i) {
        double[] p = s.positions();
        double fa = Double.NaN;
        double fb = Double.NaN;
        double fc = Double.NaN;
        if (s.hasLattice()) {
            double[] f = new double[3];
            s.lattice().toFractional(p, 3 * i, f, 0);
            fa = f[0];
            fb = f[1];
            fc = f[2];
        }
        return new AtomInfo(i, s.element(i).symbol(), p[3 * i], p[3 * i + 1], p[3 * i + 2], fa, fb, fc);
    }

    /** One line for the overlay label; the atom number there is 1-based like the labels in structure files. */
    public String describe() {
        String text = String.format(Locale.ROOT, "%s, atom %d   x, y, z = %.4f, %.4f, %.4f Å", symbol, index + 1, x,
                y, z);
        if (!Double.isNaN(fa)) {
            text += String.format(Locale.ROOT, "   a, b, c = %.5f, %.5f, %.5f (fractional)", fa, fb, fc);
        }
        return text;
    }
}
