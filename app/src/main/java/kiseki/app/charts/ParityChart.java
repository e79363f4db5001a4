package kiseki.app.charts;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.chart.NumberAxis;
import javafx.scene.paint.Color;

import java.io.IOException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * Predicted against reference values (energies per atom, force components) with the y = x line, one colour per
 * point set (training, validation …) and each set's RMSE in its legend entry. The points are painted on a canvas,
 * so hundreds of thousands of them stay fast (a {@code ScatterChart} makes one scene node per point). Both axes share
 * one range so that the diagonal is the 45° line of a square plot.
 */
public final class ParityChart extends PlotChart {

    /**
     * Visible texts, supplied by the caller. {@code legendPattern} is a {@link MessageFormat} pattern with {0} = set
     * name, {1} = RMSE (number text, 3 significant digits), {2} = number of points, e.g. "{0}: RMSE {1} eV/Å".
     */
    public record Labels(String title, String referenceAxis, String predictedAxis, String legendPattern) {

        /** Reads keys {@code prefix.title}, {@code .referenceAxis}, {@code .predictedAxis}, {@code .legendPattern}. */
        public static Labels fromBundle(ResourceBundle bundle, String prefix) {
            return new Labels(bundle.getString(prefix + ".title"), bundle.getString(prefix + ".referenceAxis"),
                    bundle.getString(prefix + ".predictedAxis"), bundle.getString(prefix + ".legendPattern"));
        }
    }

    private static final double POINT_SIZE = 3.5;
    private static final double POINT_OPACITY = 0.55;
    private static final Color DIAGONAL = Color.web("#4d4d4d");

    private record PointSet(String name, double[] reference, double[] predicted, double rmse,
            Series<Number, Number> legend) {
    }

    private final Labels labels;
    private final NumberAxis xAxis;
    private final NumberAxis yAxis;
    private final Canvas canvas = new Canvas();
    private final Map<String, PointSet> sets = new LinkedHashMap<>();
    private long version;
    private long drawnVersion = -1;
    private double drawnWidth = -1;
    private double drawnHeight = -1;

    public ParityChart(Labels labels) {
        this(labels, new NumberAxis(), new NumberAxis());
    }

    private ParityChart(Labels labels, NumberAxis xAxis, NumberAxis yAxis) {
        super(labels.title(), xAxis, labels.referenceAxis(), yAxis, labels.predictedAxis());
        this.labels = labels;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
        canvas.setManaged(false);
        canvas.getStyleClass().add("kiseki-scatter");
        getPlotChildren().add(0, canvas);
        rescale();
    }

    /**
     * Shows (or replaces) a named point set; the name is its legend text. Pairs where either value is not finite are
     * ignored. Returns the set's RMSE (NaN when it has no points).
     */
    public double setPoints(String name, double[] reference, double[] predicted) {
        if (reference.length != predicted.length) {
            throw new IllegalArgumentException("'" + name + "': " + reference.length + " reference values but "
                    + predicted.length + " predictions");
        }
        int n = 0;
        for (int i = 0; i < reference.length; i++) {
            if (Double.isFinite(reference[i]) && Double.isFinite(predicted[i])) {
                n++;
            }
        }
        double[] ref = new double[n];
        double[] pred = new double[n];
        for (int i = 0, k = 0; i < reference.length; i++) {
            if (Double.isFinite(reference[i]) && Double.isFinite(predicted[i])) {
                ref[k] = reference[i];
                pred[k++] = predicted[i];
            }
        }
        double rmse = rmse(ref, pred);
        PointSet old = sets.get(name);
        Series<Number, Number> legend = old != null ? old.legend() : addSeries(name, Style.CIRCLES);
        legend.setName(MessageFormat.format(labels.legendPattern(), name, ChartFormat.significant(rmse, 3),
                Integer.toString(n)));
        sets.put(name, new PointSet(name, ref, pred, rmse, legend));
        changed();
        return rmse;
    }

    public void removeSet(String name) {
        PointSet set = sets.remove(name);
        if (set != null) {
            removeSeries(set.legend());
            changed();
        }
    }

    public void clear() {
        for (String name : new ArrayList<>(sets.keySet())) {
            removeSet(name);
        }
    }

    /** RMSE of a set (NaN for an unknown or empty set). */
    public double rmse(String name) {
        PointSet set = sets.get(name);
        return set == null ? Double.NaN : set.rmse();
    }

    /** Root-mean-square difference of two equally long arrays; NaN when empty. */
    public static double rmse(double[] reference, double[] predicted) {
        if (reference.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = predicted[i] - reference[i];
            sum += d * d;
        }
        return Math.sqrt(sum / reference.length);
    }

    /** Number of points shown in all sets. */
    public int pointCount() {
        int n = 0;
        for (PointSet s : sets.values()) {
            n += s.reference().length;
        }
        return n;
    }

    private void changed() {
        version++;
        rescale();
        requestChartLayout();
    }

    /** One nice range for both axes covering every point. */
    private void rescale() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (PointSet s : sets.values()) {
            for (int i = 0; i < s.reference().length; i++) {
                lo = Math.min(lo, Math.min(s.reference()[i], s.predicted()[i]));
                hi = Math.max(hi, Math.max(s.reference()[i], s.predicted()[i]));
            }
        }
        NiceScale scale = lo <= hi ? NiceScale.of(lo, hi, 0.03, 7) : NiceScale.of(0, 1, 0, 6);
        fixRange(xAxis, scale);
        fixRange(yAxis, scale);
        clearGuideLines();
        addGuideLine(scale.lower(), scale.lower(), scale.upper(), scale.upper(), DIAGONAL, true);
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        double width = xAxis.getWidth();
        double height = yAxis.getHeight();
        if (width == drawnWidth && height == drawnHeight && version == drawnVersion) {
            return;
        }
        drawnWidth = width;
        drawnHeight = height;
        drawnVersion = version;
        canvas.setWidth(width);
        canvas.setHeight(height);
        paint(canvas.getGraphicsContext2D(), width, height);
    }

    private void paint(GraphicsContext g, double width, double height) {
        g.clearRect(0, 0, width, height);
        double x0 = xAxis.getLowerBound();
        double sx = width / (xAxis.getUpperBound() - x0);
        double y0 = yAxis.getLowerBound();
        double sy = height / (yAxis.getUpperBound() - y0);
        double half = POINT_SIZE / 2;
        for (PointSet s : sets.values()) {
            g.setFill(colorOf(s.legend()).deriveColor(0, 1, 1, POINT_OPACITY));
            double[] ref = s.reference();
            double[] pred = s.predicted();
            for (int i = 0; i < ref.length; i++) {
                g.fillRect((ref[i] - x0) * sx - half, height - (pred[i] - y0) * sy - half, POINT_SIZE, POINT_SIZE);
            }
        }
    }

    /** Each set as a series of predicted (y) against reference (x) values; the name is the set name. */
    public List<DataSeries> data() {
        List<DataSeries> out = new ArrayList<>();
        for (PointSet s : sets.values()) {
            out.add(new DataSeries(s.name(), s.reference(), s.predicted()));
        }
        return out;
    }

    /** Writes two columns per set, "reference axis [set]" and "predicted axis [set]", one row per point. */
    public void exportCsv(Path target) throws IOException {
        List<String> header = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (PointSet s : sets.values()) {
            header.add(ChartExport.columnName(labels.referenceAxis(), s.name()));
            header.add(ChartExport.columnName(labels.predictedAxis(), s.name()));
            columns.add(s.reference());
            columns.add(s.predicted());
        }
        ChartExport.csvColumns(header, columns, target);
    }

    /** Saves a picture of the chart. Call on the FX thread. */
    public void exportPng(Path target) throws IOException {
        ChartExport.png(this, target);
    }
}
