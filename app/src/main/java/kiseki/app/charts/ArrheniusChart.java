package kiseki.app.charts;

import javafx.scene.chart.NumberAxis;
import kiseki.analysis.Arrhenius;

import java.io.IOException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Arrhenius plot: log10 σ against 1000/T for the simulated conductivities (with error bars when given), the fitted
 * line of {@link Arrhenius} (ln σT linear in 1/T) extended to the extrapolation temperature, optionally its quadratic
 * alternative, the extrapolated σ marked (at 298.15 K unless {@link #setExtrapolationTemperature} chooses another
 * temperature), optional experimental points, and a text box with Ea ± its standard error and the extrapolated σ.
 * All visible text comes from {@link Labels}.
 */
public final class ArrheniusChart extends PlotChart {

    /** The temperature the extrapolation is reported at unless another is chosen (K). */
    public static final double ROOM_TEMPERATURE_K = 298.15;
    private static final int FIT_SAMPLES = 80;

    /**
     * Visible texts, supplied by the caller. {@code activationEnergyPattern} is a {@link MessageFormat} pattern with
     * {0} = Ea and {1} = its standard error (eV, 3 decimals; "—" when unknown), e.g. "Ea = {0} ± {1} eV";
     * {@code roomSigmaPattern} has {0} = the extrapolated σ in S/cm (3 significant digits) and {1} = the
     * extrapolation temperature in K, e.g. "σ({1} K) = {0} S/cm". {@code extrapolated} (the legend entry of the
     * extrapolated point) is a pattern too, with {0} = that temperature, e.g. "σ({0} K)". Labels that always
     * extrapolate to 298.15 K may write the temperature out instead ("σ(298.15 K) = {0} S/cm").
     */
    public record Labels(String title, String xAxis, String yAxis, String data, String linearFit,
            String quadraticFit, String extrapolated, String activationEnergyPattern, String roomSigmaPattern) {

        /**
         * Reads keys {@code prefix.title}, {@code .xAxis}, {@code .yAxis}, {@code .data}, {@code .linearFit},
         * {@code .quadraticFit}, {@code .extrapolated}, {@code .activationEnergyPattern}, {@code .roomSigmaPattern}.
         */
        public static Labels fromBundle(ResourceBundle bundle, String prefix) {
            return new Labels(bundle.getString(prefix + ".title"), bundle.getString(prefix + ".xAxis"),
                    bundle.getString(prefix + ".yAxis"), bundle.getString(prefix + ".data"),
                    bundle.getString(prefix + ".linearFit"), bundle.getString(prefix + ".quadraticFit"),
                    bundle.getString(prefix + ".extrapolated"), bundle.getString(prefix + ".activationEnergyPattern"),
                    bundle.getString(prefix + ".roomSigmaPattern"));
        }
    }

    private final Labels labels;
    private final NumberAxis xAxis;
    private final NumberAxis yAxis;
    private final Series<Number, Number> dataSeries;
    private final Series<Number, Number> linearSeries;
    private final Series<Number, Number> quadraticSeries;
    private final Series<Number, Number> roomSeries;
    private final Series<Number, Number> experimentSeries;

    private double[] kelvin = new double[0];
    private double[] sigma = new double[0];
    private double[] sigmaError;
    private Arrhenius fit;
    private boolean showQuadratic;
    private double extrapolationK = ROOM_TEMPERATURE_K;
    private String experimentName;
    private double[] experimentKelvin = new double[0];
    private double[] experimentSigma = new double[0];

    public ArrheniusChart(Labels labels) {
        this(labels, new NumberAxis(), new NumberAxis());
    }

    private ArrheniusChart(Labels labels, NumberAxis xAxis, NumberAxis yAxis) {
        super(labels.title(), xAxis, labels.xAxis(), yAxis, labels.yAxis());
        this.labels = labels;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
        // fixed order gives every element a fixed colour
        dataSeries = addSeries(labels.data(), Style.CIRCLES);
        linearSeries = addSeries(labels.linearFit(), Style.LINE);
        quadraticSeries = addSeries(labels.quadraticFit(), Style.DASHED);
        roomSeries = addSeries(extrapolatedName(), Style.HOLLOW_DIAMONDS);
        experimentSeries = addSeries("", Style.HOLLOW_SQUARES);
        setHideEmptySeriesInLegend(true);
        refresh();
    }

    /**
     * Shows simulated conductivities σ(T) (S/cm) with optional absolute standard errors (S/cm, null for none) and
     * fits them. Returns the fit, or null with fewer than two temperatures (then only the points are drawn).
     *
     * @throws IllegalArgumentException for non-positive or non-finite temperatures or conductivities
     */
    public Arrhenius setData(double[] kelvin, double[] sigmaSPerCm, double[] sigmaErrorSPerCm) {
        if (kelvin.length != sigmaSPerCm.length
                || (sigmaErrorSPerCm != null && sigmaErrorSPerCm.length != kelvin.length)) {
            throw new IllegalArgumentException("temperatures, conductivities and errors differ in length");
        }
        for (int i = 0; i < kelvin.length; i++) {
            if (!(kelvin[i] > 0) || !(sigmaSPerCm[i] > 0) || !Double.isFinite(kelvin[i])
                    || !Double.isFinite(sigmaSPerCm[i])) {
                throw new IllegalArgumentException("T = " + kelvin[i] + " K and sigma = " + sigmaSPerCm[i]
                        + " S/cm must both be positive and finite");
            }
        }
        this.fit = kelvin.length >= 2 ? new Arrhenius(kelvin, sigmaSPerCm) : null;
        this.kelvin = kelvin.clone();
        this.sigma = sigmaSPerCm.clone();
        this.sigmaError = sigmaErrorSPerCm == null ? null : sigmaErrorSPerCm.clone();
        refresh();
        return fit;
    }

    /** Whether the quadratic fit of log10 σ in 1000/T is drawn too (needs at least 3 temperatures). */
    public void setShowQuadratic(boolean show) {
        this.showQuadratic = show;
        refresh();
    }

    /** Experimental conductivities to compare with (S/cm), drawn as hollow squares; a null name removes them. */
    public void setExperimental(String name, double[] kelvin, double[] sigmaSPerCm) {
        if (name == null) {
            experimentName = null;
            experimentKelvin = new double[0];
            experimentSigma = new double[0];
        } else {
            if (kelvin.length != sigmaSPerCm.length) {
                throw new IllegalArgumentException("experimental temperatures and conductivities differ in length");
            }
            experimentName = name;
            experimentKelvin = kelvin.clone();
            experimentSigma = sigmaSPerCm.clone();
        }
        refresh();
    }

    /**
     * The temperature (K) the fit is extrapolated to: the marked point, the text box and the reach of the fit lines.
     * 298.15 K until set.
     *
     * @throws IllegalArgumentException for a temperature that is not positive and finite
     */
    public void setExtrapolationTemperature(double kelvin) {
        if (!(kelvin > 0) || !Double.isFinite(kelvin)) {
            throw new IllegalArgumentException("the extrapolation temperature must be positive, got " + kelvin + " K");
        }
        this.extrapolationK = kelvin;
        refresh();
    }

    public double getExtrapolationTemperature() {
        return extrapolationK;
    }

    /** The extrapolation temperature as shown in the labels: up to 5 significant digits (298.15, 350, 1000). */
    private String extrapolationText() {
        return ChartFormat.significant(extrapolationK, 5);
    }

    private String extrapolatedName() {
        return MessageFormat.format(labels.extrapolated(), extrapolationText());
    }

    /** The current fit (null with fewer than two temperatures). */
    public Arrhenius fit() {
        return fit;
    }

    private static double x(double kelvin) {
        return 1000.0 / kelvin;
    }

    private static double[] log10(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] > 0 ? Math.log10(values[i]) : Double.NaN;
        }
        return out;
    }

    private static double[] inverseThousand(double[] kelvin) {
        double[] out = new double[kelvin.length];
        for (int i = 0; i < kelvin.length; i++) {
            out[i] = x(kelvin[i]);
        }
        return out;
    }

    private boolean quadraticShown() {
        return showQuadratic && fit != null && fit.hasQuadratic();
    }

    /** The x-range of the fit lines: over the data and out to the extrapolation temperature, whichever side. */
    private double[] fitXs() {
        double lo = x(extrapolationK);
        double hi = x(extrapolationK);
        for (double t : kelvin) {
            lo = Math.min(lo, x(t));
            hi = Math.max(hi, x(t));
        }
        double[] xs = new double[FIT_SAMPLES];
        for (int i = 0; i < FIT_SAMPLES; i++) {
            xs[i] = lo + (hi - lo) * i / (FIT_SAMPLES - 1);
        }
        return xs;
    }

    private void refresh() {
        double[] xs = inverseThousand(kelvin);
        double[] ys = log10(sigma);
        double[] low = null;
        double[] high = null;
        if (sigmaError != null) {
            low = new double[kelvin.length];
            high = new double[kelvin.length];
            for (int i = 0; i < kelvin.length; i++) {
                double e = Math.abs(sigmaError[i]);
                // a lower end at or below zero has no logarithm: the bar then runs off the bottom of the plot;
                // an unknown (NaN) error draws no bar
                low[i] = Double.isNaN(e) ? Double.NaN
                        : sigma[i] - e > 0 ? Math.log10(sigma[i] - e) : Double.NEGATIVE_INFINITY;
                high[i] = Math.log10(sigma[i] + e);
            }
        }
        setPoints(dataSeries, xs, ys, low, high);

        double[] lineX = new double[0];
        double[] lineY = new double[0];
        double[] quadY = new double[0];
        double[] roomX = new double[0];
        double[] roomY = new double[0];
        if (fit != null) {
            lineX = fitXs();
            lineY = new double[lineX.length];
            quadY = new double[quadraticShown() ? lineX.length : 0];
            for (int i = 0; i < lineX.length; i++) {
                double t = 1000.0 / lineX[i];
                lineY[i] = Math.log10(fit.sigmaLinear(t));
                if (quadY.length > 0) {
                    quadY[i] = Math.log10(fit.sigmaQuadratic(t));
                }
            }
            roomX = new double[] {x(extrapolationK)};
            roomY = new double[] {Math.log10(fit.sigmaLinear(extrapolationK))};
        }
        setPoints(linearSeries, lineX, lineY);
        setPoints(quadraticSeries, quadY.length > 0 ? lineX : new double[0], quadY);
        setPoints(roomSeries, roomX, roomY);
        roomSeries.setName(extrapolatedName());
        experimentSeries.setName(experimentName == null ? "" : experimentName);
        setPoints(experimentSeries, inverseThousand(experimentKelvin), log10(experimentSigma));

        rescale(xs, ys, low, high, lineX, lineY, quadY, roomY);
        setAnnotation(fit == null ? null : annotationText());
    }

    private void rescale(double[] xs, double[] ys, double[] low, double[] high, double[] lineX, double[] lineY,
            double[] quadY, double[] roomY) {
        Extent x = new Extent();
        Extent y = new Extent();
        x.add(xs);
        x.add(lineX);
        x.add(inverseThousand(experimentKelvin));
        y.add(ys);
        y.add(high);
        y.add(low);
        y.add(lineY);
        y.add(quadY);
        y.add(roomY);
        y.add(log10(experimentSigma));
        NiceScale sx = x.empty() ? NiceScale.of(1, 3.5, 0, 6) : NiceScale.of(x.min, x.max, 0.04, 7);
        NiceScale sy = y.empty() ? NiceScale.of(-4, 0, 0, 6) : NiceScale.of(y.min, y.max, 0.06, 7);
        fixRange(xAxis, sx);
        fixRange(yAxis, sy);
    }

    /** Running min/max over finite values. */
    private static final class Extent {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double[] values) {
            if (values == null) {
                return;
            }
            for (double v : values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }

        boolean empty() {
            return !(min <= max);
        }
    }

    /** The two lines of the text box: Ea ± error, σ at the extrapolation temperature. */
    public String annotationText() {
        if (fit == null) {
            return "";
        }
        String ea = String.format(Locale.ROOT, "%.3f", fit.activationEnergyEv());
        double err = fit.activationEnergyErrorEv();
        String eaErr = Double.isFinite(err) ? String.format(Locale.ROOT, "%.3f", err) : "—";
        String room = ChartFormat.significant(fit.sigmaLinear(extrapolationK), 3);
        return MessageFormat.format(labels.activationEnergyPattern(), ea, eaErr) + "\n"
                + MessageFormat.format(labels.roomSigmaPattern(), room, extrapolationText());
    }

    /**
     * The numbers behind the chart against 1000/T: log10 σ of the data (and of σ ± error), of the linear and
     * quadratic fits, of the extrapolated point and of the experiment.
     */
    public List<DataSeries> data() {
        List<DataSeries> out = new ArrayList<>();
        out.add(seriesData(dataSeries, labels.data()));
        if (sigmaError != null) {
            double[] xs = inverseThousand(kelvin);
            double[] lo = new double[kelvin.length];
            double[] hi = new double[kelvin.length];
            for (int i = 0; i < kelvin.length; i++) {
                double e = Math.abs(sigmaError[i]);
                lo[i] = sigma[i] - e > 0 ? Math.log10(sigma[i] - e) : Double.NaN;
                hi[i] = Math.log10(sigma[i] + e);
            }
            out.add(new DataSeries(labels.data() + " [−]", xs, lo));
            out.add(new DataSeries(labels.data() + " [+]", xs, hi));
        }
        out.add(seriesData(linearSeries, labels.linearFit()));
        if (quadraticShown()) {
            out.add(seriesData(quadraticSeries, labels.quadraticFit()));
        }
        out.add(seriesData(roomSeries, extrapolatedName()));
        if (experimentName != null) {
            out.add(seriesData(experimentSeries, experimentName));
        }
        return out;
    }

    private static DataSeries seriesData(Series<Number, Number> series, String name) {
        int n = series.getData().size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = series.getData().get(i).getXValue().doubleValue();
            ys[i] = series.getData().get(i).getYValue().doubleValue();
        }
        return new DataSeries(name, xs, ys);
    }

    /** Writes 1000/T and the log10 σ columns of {@link #data()}, joined on 1000/T. */
    public void exportCsv(Path target) throws IOException {
        ChartExport.csv(data(), labels.xAxis(), target);
    }

    /** Saves a picture of the chart. Call on the FX thread. */
    public void exportPng(Path target) throws IOException {
        ChartExport.png(this, target);
    }
}
