package kiseki.app.charts;

import javafx.scene.chart.NumberAxis;
import javafx.scene.paint.Color;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Line plots of named curves on linear axes: pair terms φ(r) of the Δ-NNP, g(r) for several element pairs, MSD(t)
 * with the fitted straight line over the fit window, and live time series (temperature, energy) fed point by point.
 * <ul>
 * <li>{@link #setCurve} shows a whole curve (kept in full for export; more than {@value #MAX_DRAWN_POINTS} points are
 * thinned for drawing);</li>
 * <li>{@link #append} adds one point to a live curve that keeps at most {@link #getMaxLivePoints()} points, evenly
 * thinned over the whole run, first and latest always shown;</li>
 * <li>{@link #setFitLine} draws y = intercept + slope·x dashed over [xFrom, xTo] on top of a curve.</li>
 * </ul>
 * Curve names are the legend texts (supplied by the caller). Use on the FX thread.
 */
public final class CurveChart extends PlotChart {

    public static final int DEFAULT_LIVE_POINTS = 2000;
    public static final int MAX_DRAWN_POINTS = 4000;
    private static final Color FIT_COLOR = Color.web("#1a1a1a");

    private record Fit(double slope, double intercept, double xFrom, double xTo) {
    }

    private final NumberAxis xAxis;
    private final NumberAxis yAxis;
    private final Map<String, Series<Number, Number>> curves = new LinkedHashMap<>();
    private final Map<String, DataSeries> staticData = new LinkedHashMap<>();
    private final Map<String, LiveSeries> live = new LinkedHashMap<>();
    private final Map<String, Fit> fits = new LinkedHashMap<>();
    private int maxLivePoints = DEFAULT_LIVE_POINTS;

    /** A chart with the given title (null or empty for none) and axis labels. */
    public CurveChart(String title, String xLabel, String yLabel) {
        this(title, new NumberAxis(), new NumberAxis(), xLabel, yLabel);
    }

    private CurveChart(String title, NumberAxis xAxis, NumberAxis yAxis, String xLabel, String yLabel) {
        super(title, xAxis, xLabel, yAxis, yLabel);
        this.xAxis = xAxis;
        this.yAxis = yAxis;
        xAxis.setForceZeroInRange(false);
        yAxis.setForceZeroInRange(false);
    }

    // ---- whole curves ---------------------------------------------------------------------------------------------

    /** Shows (or replaces) a whole curve drawn as a solid line. */
    public void setCurve(String name, double[] x, double[] y) {
        setCurve(name, x, y, Style.LINE);
    }

    /** Shows (or replaces) a whole curve in the given style (a line, dashed line or markers). */
    public void setCurve(String name, double[] x, double[] y, Style style) {
        DataSeries data = new DataSeries(name, x, y); // checks the lengths
        live.remove(name);
        Series<Number, Number> series = seriesFor(name, style);
        int[] keep = DecimatingSeries.strideIndices(x.length, MAX_DRAWN_POINTS);
        double[] xs = new double[keep.length];
        double[] ys = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            xs[i] = x[keep[i]];
            ys[i] = y[keep[i]];
        }
        setPoints(series, xs, ys);
        staticData.put(name, data);
    }

    private Series<Number, Number> seriesFor(String name, Style style) {
        Series<Number, Number> series = curves.get(name);
        if (series != null && styleOf(series) != style) {
            removeSeries(series);
            series = null;
        }
        if (series == null) {
            series = addSeries(name, style);
            curves.put(name, series);
        }
        return series;
    }

    // ---- live curves ----------------------------------------------------------------------------------------------

    /** Appends one point to a live curve (created on first use as a solid line). Non-finite points are ignored. */
    public void append(String name, double x, double y) {
        LiveSeries feed = live.get(name);
        if (feed == null) {
            staticData.remove(name);
            Series<Number, Number> series = seriesFor(name, Style.LINE);
            series.getData().clear();
            feed = new LiveSeries(series, maxLivePoints);
            live.put(name, feed);
        }
        if (plottable(x, y)) {
            feed.append(x, y);
        }
    }

    /** The bound on points kept by live curves created from now on (at least 3). */
    public void setMaxLivePoints(int maxPoints) {
        if (maxPoints < 3) {
            throw new IllegalArgumentException("a live curve keeps at least 3 points, got " + maxPoints);
        }
        this.maxLivePoints = maxPoints;
    }

    public int getMaxLivePoints() {
        return maxLivePoints;
    }

    // ---- fits, removal, ranges ------------------------------------------------------------------------------------

    /**
     * Draws the straight line y = intercept + slope·x from xFrom to xTo, dashed, over the curve {@code curveName}
     * (replacing that curve's previous fit line), e.g. the diffusion fit of an MSD over its fit window.
     */
    public void setFitLine(String curveName, double slope, double intercept, double xFrom, double xTo) {
        fits.put(curveName, new Fit(slope, intercept, xFrom, xTo));
        redrawFits();
    }

    public void removeFitLine(String curveName) {
        fits.remove(curveName);
        redrawFits();
    }

    private void redrawFits() {
        clearGuideLines();
        for (Fit f : fits.values()) {
            addGuideLine(f.xFrom(), f.intercept() + f.slope() * f.xFrom(), f.xTo(), f.intercept() + f.slope() * f.xTo(),
                    FIT_COLOR, true);
        }
    }

    public void removeCurve(String name) {
        Series<Number, Number> series = curves.remove(name);
        if (series != null) {
            removeSeries(series);
        }
        staticData.remove(name);
        live.remove(name);
        if (fits.remove(name) != null) {
            redrawFits();
        }
    }

    public void clear() {
        for (String name : new ArrayList<>(curves.keySet())) {
            removeCurve(name);
        }
    }

    public List<String> curveNames() {
        return List.copyOf(curves.keySet());
    }

    /**
     * Fixes the y range (e.g. to keep the repulsive wall of φ(r) from squashing the well), widened to the nearest
     * tick values (ticks are multiples of 1, 2, 2.5 or 5 × 10ⁿ).
     */
    public void setYRange(double lower, double upper) {
        fix(yAxis, lower, upper);
    }

    /** Fixes the x range, widened to the nearest tick values. */
    public void setXRange(double lower, double upper) {
        fix(xAxis, lower, upper);
    }

    /** Lets both axes follow the data again. */
    public void autoRange() {
        xAxis.setAutoRanging(true);
        yAxis.setAutoRanging(true);
    }

    private static void fix(NumberAxis axis, double lower, double upper) {
        if (!(upper > lower) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("axis range needs lower < upper, got " + lower + ", " + upper);
        }
        fixRange(axis, NiceScale.of(lower, upper, 0, 7));
    }

    /** Points currently drawn for a curve (0 for an unknown name). */
    public int drawnPoints(String name) {
        Series<Number, Number> series = curves.get(name);
        return series == null ? 0 : series.getData().size();
    }

    // ---- export ---------------------------------------------------------------------------------------------------

    /** The numbers behind the chart: whole curves in full, live curves as kept (thinned). */
    public List<DataSeries> data() {
        List<DataSeries> out = new ArrayList<>();
        for (String name : curves.keySet()) {
            if (staticData.containsKey(name)) {
                out.add(staticData.get(name));
            } else if (live.containsKey(name)) {
                out.add(live.get(name).buffer().toDataSeries(name));
            }
        }
        return out;
    }

    /** Writes x (headed by the x-axis label) and one column per curve, joined on x. */
    public void exportCsv(Path target) throws IOException {
        ChartExport.csv(data(), xAxis.getLabel(), target);
    }

    /** Saves a picture of the chart. Call on the FX thread. */
    public void exportPng(Path target) throws IOException {
        ChartExport.png(this, target);
    }
}
