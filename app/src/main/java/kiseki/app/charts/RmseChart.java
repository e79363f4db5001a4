package kiseki.app.charts;

import javafx.scene.chart.NumberAxis;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import kiseki.train.EpochRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ResourceBundle;

/**
 * Training progress: RMSE against epoch on a logarithmic scale, energy (meV/atom) on the left and force (eV/Å) on
 * the right, each with a training and a validation curve. {@link #addEpoch} is cheap enough to call on the FX thread
 * for every epoch of a long run: each curve keeps at most {@code maxPointsPerCurve} points on screen (evenly thinned,
 * first and latest always shown), while the full history is kept for {@link #exportCsv}. Values that a log scale
 * cannot show (NaN when there is no validation set, zero) are left out of the curves.
 */
public final class RmseChart extends GridPane {

    /** Visible texts, all supplied by the caller (from the app's resource bundle). Titles may be empty. */
    public record Labels(String energyTitle, String forceTitle, String epochAxis, String energyAxis, String forceAxis,
            String train, String valid) {

        /**
         * Reads keys {@code prefix.energyTitle}, {@code .forceTitle}, {@code .epochAxis}, {@code .energyAxis},
         * {@code .forceAxis}, {@code .train}, {@code .valid}.
         */
        public static Labels fromBundle(ResourceBundle bundle, String prefix) {
            return new Labels(bundle.getString(prefix + ".energyTitle"), bundle.getString(prefix + ".forceTitle"),
                    bundle.getString(prefix + ".epochAxis"), bundle.getString(prefix + ".energyAxis"),
                    bundle.getString(prefix + ".forceAxis"), bundle.getString(prefix + ".train"),
                    bundle.getString(prefix + ".valid"));
        }
    }

    public static final int DEFAULT_MAX_POINTS = 1000;

    private final Labels labels;
    private final PlotChart energy;
    private final PlotChart force;
    private final LiveSeries energyTrain;
    private final LiveSeries energyValid;
    private final LiveSeries forceTrain;
    private final LiveSeries forceValid;
    // full history for export: epoch, eTrain, eValid, fTrain, fValid
    private double[][] history = new double[5][256];
    private int epochs;

    public RmseChart(Labels labels) {
        this(labels, DEFAULT_MAX_POINTS);
    }

    public RmseChart(Labels labels, int maxPointsPerCurve) {
        this.labels = labels;
        getStyleClass().add("kiseki-rmse-chart");
        energy = panel(labels.energyTitle(), labels.energyAxis());
        force = panel(labels.forceTitle(), labels.forceAxis());
        energyTrain = new LiveSeries(energy.addSeries(labels.train(), PlotChart.Style.LINE), maxPointsPerCurve);
        energyValid = new LiveSeries(energy.addSeries(labels.valid(), PlotChart.Style.LINE), maxPointsPerCurve);
        forceTrain = new LiveSeries(force.addSeries(labels.train(), PlotChart.Style.LINE), maxPointsPerCurve);
        forceValid = new LiveSeries(force.addSeries(labels.valid(), PlotChart.Style.LINE), maxPointsPerCurve);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        RowConstraints fill = new RowConstraints();
        fill.setVgrow(Priority.ALWAYS);
        getColumnConstraints().addAll(half, half);
        getRowConstraints().add(fill);
        add(energy, 0, 0);
        add(force, 1, 0);
        setStyle("-fx-background-color: white;");
    }

    private PlotChart panel(String title, String yLabel) {
        NumberAxis epochAxis = new NumberAxis();
        epochAxis.setForceZeroInRange(false);
        // epochs are whole numbers: no 0.75, 1.25 … ticks on short runs
        epochAxis.setMinorTickVisible(false);
        epochAxis.setTickLabelFormatter(new javafx.util.StringConverter<Number>() {
            @Override
            public String toString(Number value) {
                double v = value.doubleValue();
                return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : "";
            }

            @Override
            public Number fromString(String text) {
                return Double.valueOf(text);
            }
        });
        PlotChart chart = new PlotChart(title, epochAxis, labels.epochAxis(), new LogAxis(yLabel), yLabel);
        chart.setMinSize(200, 150);
        chart.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        return chart;
    }

    /**
     * Adds the errors after one epoch: energies in meV/atom, forces in eV/Å; NaN where there is no value (no
     * validation set). Call on the FX thread.
     */
    public void addEpoch(int epoch, double eTrain, double eValid, double fTrain, double fValid) {
        remember(epoch, eTrain, eValid, fTrain, fValid);
        feed(energyTrain, energy, epoch, eTrain);
        feed(energyValid, energy, epoch, eValid);
        feed(forceTrain, force, epoch, fTrain);
        feed(forceValid, force, epoch, fValid);
    }

    /** Adds one line of the trainer's log. */
    public void add(EpochRecord record) {
        addEpoch(record.epoch(), record.trainRmseEMevAtom(), record.validRmseEMevAtom(), record.trainRmseFEvA(),
                record.validRmseFEvA());
    }

    /** Replaces everything shown by a finished (or resumed) training log. */
    public void setAll(List<EpochRecord> records) {
        clear();
        for (EpochRecord r : records) {
            add(r);
        }
    }

    public void clear() {
        epochs = 0;
        energyTrain.clear();
        energyValid.clear();
        forceTrain.clear();
        forceValid.clear();
    }

    private static void feed(LiveSeries live, PlotChart chart, int epoch, double value) {
        if (chart.plottable(epoch, value)) {
            live.append(epoch, value);
        }
    }

    private void remember(int epoch, double eTrain, double eValid, double fTrain, double fValid) {
        if (epochs == history[0].length) {
            for (int c = 0; c < history.length; c++) {
                history[c] = Arrays.copyOf(history[c], epochs * 2);
            }
        }
        double[] row = {epoch, eTrain, eValid, fTrain, fValid};
        for (int c = 0; c < row.length; c++) {
            history[c][epochs] = row[c];
        }
        epochs++;
    }

    /** Number of epochs added since the last {@link #clear()}. */
    public int epochs() {
        return epochs;
    }

    public PlotChart energyChart() {
        return energy;
    }

    public PlotChart forceChart() {
        return force;
    }

    /** Points currently drawn per curve (energy train, energy valid, force train, force valid). */
    public int[] drawnPoints() {
        return new int[] {energyTrain.series().getData().size(), energyValid.series().getData().size(),
            forceTrain.series().getData().size(), forceValid.series().getData().size()};
    }

    /**
     * The full history as four series against epoch, named "energy axis [train]" etc. from the labels (NaN where
     * a value was missing).
     */
    public List<DataSeries> data() {
        double[] epoch = Arrays.copyOf(history[0], epochs);
        String[] names = {ChartExport.columnName(labels.energyAxis(), labels.train()),
            ChartExport.columnName(labels.energyAxis(), labels.valid()),
            ChartExport.columnName(labels.forceAxis(), labels.train()),
            ChartExport.columnName(labels.forceAxis(), labels.valid())};
        List<DataSeries> out = new java.util.ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            out.add(new DataSeries(names[c], epoch, Arrays.copyOf(history[c + 1], epochs)));
        }
        return out;
    }

    /** Writes epoch and the four RMSE columns of the whole history. */
    public void exportCsv(Path target) throws IOException {
        ChartExport.csv(data(), labels.epochAxis(), target);
    }

    /** Saves a picture of both panels. Call on the FX thread. */
    public void exportPng(Path target) throws IOException {
        ChartExport.png(this, target);
    }
}
