package kiseki.app.charts;

import java.util.Arrays;

/**
 * The numbers behind one plotted series: a name (visible text: legend entry and CSV column header, supplied by the
 * caller) and equally long x and y arrays. Used by every chart's {@code data()} and by {@link ChartExport#csv}.
 */
public record DataSeries(String name, double[] x, double[] y) {

    public DataSeries {
        if (name == null) {
            throw new IllegalArgumentException("a series needs a name");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length
                    + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    public int size() {
        return x.length;
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    double xAt(int i) {
        return x[i];
    }

    double yAt(int i) {
        return y[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSeries other && name.equals(other.name) && Arrays.equals(x, other.x)
                && Arrays.equals(y, other.y);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(x)) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "DataSeries[" + name + ", " + x.length + " points]";
    }
}
