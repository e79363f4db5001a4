package kiseki.app.charts;

import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measurement behind the choice of a canvas for the parity plot: time to build, lay out and render (snapshot) a
 * stock {@link ScatterChart} and a {@link ParityChart} with the same points. Opt-in (-Dkiseki.chartTiming=true); it
 * prints the figures and checks nothing but that both finish.
 */
@EnabledIfSystemProperty(named = "kiseki.chartTiming", matches = "true")
@ExtendWith(ApplicationExtension.class)
class ParityTimingTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.show();
    }

    private double secondsToShow(Supplier<Region> build) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            long start = System.nanoTime();
            Region chart = build.get();
            stage.setScene(new Scene(chart, 600, 600));
            chart.applyCss();
            chart.layout();
            ChartExport.snapshot(chart, 1.0);
            return (System.nanoTime() - start) * 1e-9;
        }).get(600, TimeUnit.SECONDS);
    }

    @Test
    void scatterChartAgainstCanvas() throws Exception {
        for (int n : new int[] {1_000, 1_000, 5_000, 20_000, 100_000, 300_000}) { // the first round warms up
            double[][] p = ChartSamples.parity(n, 1.2, 0.08, n);
            double canvas = secondsToShow(() -> {
                ParityChart c = new ParityChart(ChartSamples.PARITY_LABELS);
                c.setPoints("train", p[0], p[1]);
                return c;
            });
            String scatter = "-";
            if (n <= 20_000) {
                scatter = String.format("%.2f s", secondsToShow(() -> {
                    ScatterChart<Number, Number> c = new ScatterChart<>(new NumberAxis(), new NumberAxis());
                    c.setAnimated(false);
                    XYChart.Series<Number, Number> s = new XYChart.Series<>();
                    List<XYChart.Data<Number, Number>> data = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        data.add(new XYChart.Data<>(p[0][i], p[1][i]));
                    }
                    s.getData().setAll(data);
                    c.getData().add(s);
                    return c;
                }));
            }
            System.out.printf("parity timing: %,9d points  ParityChart %.2f s  ScatterChart %s%n", n, canvas, scatter);
        }
    }
}
