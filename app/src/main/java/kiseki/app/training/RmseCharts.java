package kiseki.app.training;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;
import kiseki.app.Workbench;

import java.util.Locale;

/**
 * The two error-per-epoch charts (energy RMSE in meV/atom, force RMSE in eV/Å; training and validation) on log
 * scales. JavaFX has no log axis, so the values are plotted as log10 on a linear axis whose tick labels show 10^y.
 * Same entry point as the shared {@code RmseChart} ({@link #addEpoch}), so the tab can switch to it.
 */
final class RmseCharts {

    private final LineChart<Number, Number> energy;
    private final LineChart<Number, Number> force;
    private final XYChart.Series<Number, Number> energyTrain = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> energyValid = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> forceTrain = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> forceValid = new XYChart.Series<>();

    RmseCharts(Workbench workbench) {
        energy = chart(workbench, "training.chart.energy", energyTrain, energyValid);
        energy.setId("training-rmse-energy-chart");
        force = chart(workbench, "training.chart.force", forceTrain, forceValid);
        force.setId("training-rmse-force-chart");
    }

    LineChart<Number, Number> energyChart() {
        return energy;
    }

    LineChart<Number, Number> forceChart() {
        return force;
    }

    /** Appends one epoch; values that are not positive and finite (no validation set) are left out. */
    void addEpoch(int epoch, double eTrainMevPerAtom, double eValid, double fTrainEvPerA, double fValid) {
        add(energyTrain, epoch, eTrainMevPerAtom);
        add(energyValid, epoch, eValid);
        add(forceTrain, epoch, fTrainEvPerA);
        add(forceValid, epoch, fValid);
    }

    void clear() {
        for (XYChart.Series<Number, Number> s : java.util.List.of(energyTrain, energyValid, forceTrain, forceValid)) {
            s.getData().clear();
        }
    }

    /** Points of a series (for tests). */
    int points(boolean energyChart, boolean validation) {
        return (energyChart ? validation ? energyValid : energyTrain : validation ? forceValid : forceTrain)
                .getData().size();
    }

    private static void add(XYChart.Series<Number, Number> series, int epoch, double value) {
        if (value > 0 && Double.isFinite(value)) {
            series.getData().add(new XYChart.Data<>(epoch, Math.log10(value)));
        }
    }

    private static LineChart<Number, Number> chart(Workbench workbench, String title,
            XYChart.Series<Number, Number> train, XYChart.Series<Number, Number> valid) {
        NumberAxis x = new NumberAxis();
        x.setLabel(workbench.text("training.chart.epoch"));
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        y.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number log10) {
                return String.format(Locale.ROOT, "%.3g", Math.pow(10, log10.doubleValue()));
            }

            @Override
            public Number fromString(String text) {
                return Math.log10(Double.parseDouble(text));
            }
        });
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle(workbench.text(title));
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        train.setName(workbench.text("training.series.train"));
        valid.setName(workbench.text("training.series.valid"));
        chart.getData().add(train);
        chart.getData().add(valid);
        return chart;
    }
}
