package kiseki.app.charts;

import javafx.collections.ObservableList;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.geometry.Side;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ValueAxis;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcTo;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.Line;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The common base of Kiseki's charts: a {@link LineChart} without animation or per-point nodes, in the Kiseki style
 * (white plot, light grid, a colour-blind-safe palette), where each series is drawn as a line, a dashed line or
 * markers (filled circles, hollow squares, hollow diamonds) with optional vertical error bars; plus guide lines that
 * are not data (y = x, fits) and a text box in the top-right corner of the plot. All text shown is supplied by the
 * caller. Use on the JavaFX application thread.
 */
public class PlotChart extends LineChart<Number, Number> {

    /** How a series is drawn. Marker styles draw no connecting line. */
    public enum Style {
        LINE, DASHED, CIRCLES, HOLLOW_SQUARES, HOLLOW_DIAMONDS;

        boolean markers() {
            return this != LINE && this != DASHED;
        }
    }

    /** Okabe–Ito colours (safe for colour-blind readers), in the order series receive them. */
    static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
        "#999999"};

    private static final String STYLESHEET = PlotChart.class.getResource("charts.css").toExternalForm();
    private static final double MARKER_RADIUS = 4;
    private static final double ERROR_CAP_HALF_WIDTH = 3;

    private static final StringConverter<Number> TICK_TEXT = new StringConverter<>() {
        @Override
        public String toString(Number value) {
            return ChartFormat.tick(value.doubleValue());
        }

        @Override
        public Number fromString(String text) {
            return Double.valueOf(text);
        }
    };

    private final Map<Series<Number, Number>, Style> styles = new IdentityHashMap<>();
    private final List<GuideLine> guideLines = new ArrayList<>();
    private final Group decorations = new Group();
    private final Label annotation = new Label();
    private boolean hideEmptyInLegend;

    private record GuideLine(double x1, double y1, double x2, double y2, Color color, boolean dashed) {
    }

    public PlotChart(ValueAxis<Number> xAxis, ValueAxis<Number> yAxis) {
        super(xAxis, yAxis);
        setAnimated(false);
        setCreateSymbols(false);
        setAxisSortingPolicy(SortingPolicy.NONE); // callers give points in drawing order; no re-sorting per layout
        getStyleClass().add("kiseki-chart");
        getStylesheets().add(STYLESHEET);
        decorations.setManaged(false);
        getPlotChildren().add(decorations);
        for (ValueAxis<Number> axis : List.of(xAxis, yAxis)) {
            if (axis.getTickLabelFormatter() == null && !(axis instanceof LogAxis)) {
                axis.setTickLabelFormatter(TICK_TEXT); // no digit grouping: "1,0001,250" runs together
            }
        }
        annotation.getStyleClass().add("kiseki-chart-annotation");
        annotation.setVisible(false);
        annotation.setManaged(false);
        getChartChildren().add(annotation);
    }

    /**
     * A chart with a title (null or empty for none), labelled axes and the legend below the plot; linear axes get
     * no minor ticks.
     */
    public PlotChart(String title, ValueAxis<Number> xAxis, String xLabel, ValueAxis<Number> yAxis, String yLabel) {
        this(xAxis, yAxis);
        xAxis.setLabel(xLabel);
        yAxis.setLabel(yLabel);
        setTitle(title == null || title.isEmpty() ? null : title);
        setLegendSide(Side.BOTTOM);
        for (ValueAxis<Number> axis : List.of(xAxis, yAxis)) {
            if (axis instanceof NumberAxis) {
                axis.setMinorTickVisible(false);
            }
        }
    }

    /** Fixes a linear axis to the bounds and tick spacing of {@code scale}. */
    static void fixRange(NumberAxis axis, NiceScale scale) {
        axis.setAutoRanging(false);
        axis.setLowerBound(scale.lower());
        axis.setUpperBound(scale.upper());
        axis.setTickUnit(scale.tick());
    }

    /** The colour of palette slot {@code index} (wraps after 8). */
    public static Color paletteColor(int index) {
        return Color.web(PALETTE[Math.floorMod(index, PALETTE.length)]);
    }

    // ---- series ---------------------------------------------------------------------------------------------------

    /** Adds an empty series drawn in {@code style}; {@code name} is its legend text. */
    public Series<Number, Number> addSeries(String name, Style style) {
        Series<Number, Number> series = new Series<>();
        series.setName(name);
        styles.put(series, style);
        getData().add(series);
        applyStyle(series);
        return series;
    }

    /** Removes a series added with {@link #addSeries}. */
    public void removeSeries(Series<Number, Number> series) {
        getData().remove(series);
        styles.remove(series);
    }

    public Style styleOf(Series<Number, Number> series) {
        return styles.getOrDefault(series, Style.LINE);
    }

    /**
     * Replaces the points of a series. Non-finite points are left out, and so are non-positive values on a
     * logarithmic axis.
     */
    public void setPoints(Series<Number, Number> series, double[] x, double[] y) {
        setPoints(series, x, y, null, null);
    }

    /**
     * Replaces the points of a series with vertical error bars from {@code low[i]} to {@code high[i]} (absolute y
     * values; NaN for none). Bars are drawn for marker styles.
     */
    public void setPoints(Series<Number, Number> series, double[] x, double[] y, double[] low, double[] high) {
        if (x.length != y.length || (low != null && low.length != x.length)
                || (high != null && high.length != x.length)) {
            throw new IllegalArgumentException("point arrays differ in length");
        }
        List<Data<Number, Number>> points = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            if (plottable(x[i], y[i])) {
                Data<Number, Number> d = new Data<>(x[i], y[i]);
                if (low != null || high != null) {
                    d.setExtraValue(new double[] {low == null ? Double.NaN : low[i], high == null ? Double.NaN
                            : high[i]});
                }
                points.add(d);
            }
        }
        series.getData().setAll(points);
        if (hideEmptyInLegend) {
            styleLegend();
        }
    }

    /** Whether (x, y) can be drawn on this chart's axes. */
    public boolean plottable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && !(getXAxis() instanceof LogAxis && x <= 0)
                && !(getYAxis() instanceof LogAxis && y <= 0);
    }

    private void applyStyle(Series<Number, Number> series) {
        Node line = series.getNode();
        if (line == null) {
            return;
        }
        line.setStyle(switch (styleOf(series)) {
            case LINE -> "";
            case DASHED -> "-fx-stroke-dash-array: 8 5;";
            default -> "-fx-stroke: transparent;";
        });
    }

    /** The palette colour JavaFX assigned to a series (its "default-colorN" style class). */
    public Color colorOf(Series<Number, Number> series) {
        Node node = series.getNode();
        if (node != null) {
            for (String styleClass : node.getStyleClass()) {
                if (styleClass.startsWith("default-color")) {
                    return paletteColor(Integer.parseInt(styleClass.substring("default-color".length())));
                }
            }
        }
        return paletteColor(getData().indexOf(series));
    }

    // ---- guide lines and annotation -------------------------------------------------------------------------------

    /** A straight line between two points in data coordinates, not part of the data (no legend entry). */
    public void addGuideLine(double x1, double y1, double x2, double y2, Color color, boolean dashed) {
        guideLines.add(new GuideLine(x1, y1, x2, y2, color, dashed));
        requestChartLayout();
    }

    public void clearGuideLines() {
        guideLines.clear();
        requestChartLayout();
    }

    /** Text shown in a box in the top-right corner of the plot (several lines allowed); null or empty hides it. */
    public void setAnnotation(String text) {
        boolean show = text != null && !text.isEmpty();
        annotation.setText(show ? text : "");
        annotation.setVisible(show);
        requestLayout();
    }

    public String getAnnotation() {
        return annotation.getText();
    }

    // ---- layout ---------------------------------------------------------------------------------------------------

    @Override
    protected void seriesAdded(Series<Number, Number> series, int seriesIndex) {
        super.seriesAdded(series, seriesIndex);
        applyStyle(series);
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        List<Node> nodes = new ArrayList<>();
        for (GuideLine g : guideLines) {
            nodes.add(guideLine(g));
        }
        for (Series<Number, Number> series : getData()) {
            if (styleOf(series).markers() && !series.getData().isEmpty()) {
                Path bars = errorBars(series);
                if (bars != null) {
                    nodes.add(bars);
                }
                nodes.add(markers(series));
            }
        }
        decorations.getChildren().setAll(nodes);
        decorations.toFront();
        placeAnnotation();
    }

    private double px(double x) {
        return getXAxis().getDisplayPosition(x);
    }

    private double py(double y) {
        return getYAxis().getDisplayPosition(y);
    }

    private Line guideLine(GuideLine g) {
        Line line = new Line(px(g.x1()), py(g.y1()), px(g.x2()), py(g.y2()));
        line.setStroke(g.color());
        line.setStrokeWidth(1.5);
        if (g.dashed()) {
            line.getStrokeDashArray().setAll(7.0, 5.0);
        }
        line.getStyleClass().add("kiseki-guide-line");
        return line;
    }

    private Path markers(Series<Number, Number> series) {
        Style style = styleOf(series);
        Color color = colorOf(series);
        Path path = new Path();
        path.getStyleClass().add("kiseki-markers");
        ObservableList<PathElement> elements = path.getElements();
        double r = style == Style.CIRCLES ? MARKER_RADIUS : MARKER_RADIUS + 0.5;
        for (Data<Number, Number> d : series.getData()) {
            double x = px(d.getXValue().doubleValue());
            double y = py(d.getYValue().doubleValue());
            switch (style) {
                case CIRCLES -> elements.addAll(new MoveTo(x + r, y), new ArcTo(r, r, 0, x - r, y, false, true),
                        new ArcTo(r, r, 0, x + r, y, false, true), new ClosePath());
                case HOLLOW_SQUARES -> elements.addAll(new MoveTo(x - r, y - r), new LineTo(x + r, y - r),
                        new LineTo(x + r, y + r), new LineTo(x - r, y + r), new ClosePath());
                default -> {
                    double d2 = r * 1.5;
                    elements.addAll(new MoveTo(x, y - d2), new LineTo(x + d2, y), new LineTo(x, y + d2),
                            new LineTo(x - d2, y), new ClosePath());
                }
            }
        }
        if (style == Style.CIRCLES) {
            path.setFill(color);
            path.setStroke(Color.WHITE);
            path.setStrokeWidth(0.75);
        } else {
            path.setFill(Color.WHITE);
            path.setStroke(color);
            path.setStrokeWidth(1.75);
        }
        return path;
    }

    private Path errorBars(Series<Number, Number> series) {
        Path path = new Path();
        for (Data<Number, Number> d : series.getData()) {
            if (!(d.getExtraValue() instanceof double[] range)) {
                continue;
            }
            double x = px(d.getXValue().doubleValue());
            double y = py(d.getYValue().doubleValue());
            double top = barEnd(range[1], y, 0);
            double bottom = barEnd(range[0], y, getYAxis().getHeight());
            if (top == y && bottom == y) {
                continue;
            }
            path.getElements().addAll(new MoveTo(x, top), new LineTo(x, bottom),
                    new MoveTo(x - ERROR_CAP_HALF_WIDTH, top), new LineTo(x + ERROR_CAP_HALF_WIDTH, top),
                    new MoveTo(x - ERROR_CAP_HALF_WIDTH, bottom), new LineTo(x + ERROR_CAP_HALF_WIDTH, bottom));
        }
        if (path.getElements().isEmpty()) {
            return null;
        }
        path.setStroke(colorOf(series));
        path.setStrokeWidth(1.25);
        path.getStyleClass().add("kiseki-error-bars");
        return path;
    }

    /** Where an error bar ends: at the value, off the plot edge when it cannot be drawn, nowhere when NaN. */
    private double barEnd(double value, double y, double plotEdge) {
        if (Double.isNaN(value)) {
            return y;
        }
        if (Double.isInfinite(value) || !plottable(1, value)) {
            return plotEdge;
        }
        return py(value);
    }

    /** Whether series without points are left out of the legend (for optional elements such as a second fit). */
    public void setHideEmptySeriesInLegend(boolean hide) {
        hideEmptyInLegend = hide;
        styleLegend();
    }

    @Override
    protected void updateLegend() {
        super.updateLegend();
        styleLegend();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        styleLegend(); // series colours are only known once the series are displayed
    }

    /** Legend symbols that show how each series is drawn (a line, a dashed line or its marker). */
    private void styleLegend() {
        if (!(getLegend() instanceof Parent legend)) {
            return;
        }
        int seriesIndex = 0;
        for (Node item : legend.getChildrenUnmodifiable()) {
            if (!(item instanceof Label label) || seriesIndex >= getData().size()) {
                continue;
            }
            Series<Number, Number> series = getData().get(seriesIndex++);
            if (label.getGraphic() != null) {
                label.getGraphic().setStyle(legendSymbolStyle(styleOf(series), colorOf(series)));
            }
            boolean shown = !hideEmptyInLegend || !series.getData().isEmpty();
            label.setVisible(shown);
            label.setManaged(shown);
        }
    }

    static String legendSymbolStyle(Style style, Color color) {
        String c = hex(color);
        return switch (style) {
            case LINE -> "-fx-background-color: " + c + "; -fx-background-insets: 0; -fx-background-radius: 0;"
                    + " -fx-padding: 1.5 9 1.5 9;";
            case DASHED -> "-fx-background-color: " + c + "; -fx-background-insets: 0; -fx-background-radius: 0;"
                    + " -fx-padding: 1.5 9 1.5 9; -fx-shape: \"M0,0 H6 V2 H0 Z M10,0 H16 V2 H10 Z\";";
            case CIRCLES -> "-fx-background-color: " + c + "; -fx-background-insets: 0; -fx-background-radius: 5;"
                    + " -fx-padding: 4.5;";
            case HOLLOW_SQUARES -> "-fx-background-color: " + c + ", white; -fx-background-insets: 0, 2;"
                    + " -fx-background-radius: 0; -fx-padding: 4.5;";
            case HOLLOW_DIAMONDS -> "-fx-background-color: " + c + ", white; -fx-background-insets: 0, 2.5;"
                    + " -fx-background-radius: 0; -fx-padding: 6 5 6 5; -fx-shape: \"M5,0 L10,9 L5,18 L0,9 Z\";";
        };
    }

    static String hex(Color c) {
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255),
                Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    /** Puts the text box in the top-right corner of the plot area (the axes are already placed). */
    private void placeAnnotation() {
        if (!annotation.isVisible()) {
            return;
        }
        annotation.autosize();
        double margin = 8;
        double right = getXAxis().getLayoutX() + getXAxis().getWidth();
        double top = getYAxis().getLayoutY();
        annotation.relocate(Math.round(right - annotation.getWidth() - margin), Math.round(top + margin));
    }

    /** The plot area (inside the axes) in this chart's coordinates; empty before the first layout. */
    public Bounds plotAreaBounds() {
        Node content = getXAxis().getParent();
        if (content == null) {
            return new BoundingBox(0, 0, 0, 0);
        }
        Bounds inContent = new BoundingBox(getXAxis().getLayoutX(), getYAxis().getLayoutY(), getXAxis().getWidth(),
                getYAxis().getHeight());
        return sceneToLocal(content.localToScene(inContent));
    }

    /** The text box of {@link #setAnnotation}, for tests and styling. */
    Label annotationLabel() {
        return annotation;
    }
}
