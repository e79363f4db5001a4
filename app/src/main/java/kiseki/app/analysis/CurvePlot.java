package kiseki.app.analysis;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain JavaFX line chart that shows a view-model's {@link Curve}s: lines without markers, point series as markers
 * without a line. Kept small so that the charts of {@code kiseki.app.charts} can replace it.
 */
final class CurvePlot {

    private CurvePlot() {
    }

    /**
     * @param markers whether any curve may be drawn as markers (false draws no symbols at all, cheaper for long
     *                curves)
     */
    static LineChart<Number, Number> create(String id, String xLabel, String yLabel, ObservableList<Curve> curves,
            boolean markers) {
        NumberAxis x = new NumberAxis();
        x.setLabel(xLabel);
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(yLabel);
        y.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(markers);
        chart.setMinSize(200, 160);
        show(chart, curves);
        curves.addListener((ListChangeListener<Curve>) c -> show(chart, curves));
        return chart;
    }

    private static void show(LineChart<Number, Number> chart, List<Curve> curves) {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        for (Curve c : curves) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(c.name());
            for (int i = 0; i < c.size(); i++) {
                if (Double.isFinite(c.x()[i]) && Double.isFinite(c.y()[i])) {
                    XYChart.Data<Number, Number> d = new XYChart.Data<>(c.x()[i], c.y()[i]);
                    if (!c.points() && chart.getCreateSymbols()) {
                        d.setNode(hiddenSymbol());
                    }
                    series.getData().add(d);
                }
            }
            all.add(series);
        }
        chart.getData().setAll(all);
        for (int k = 0; k < all.size(); k++) {
            Node line = all.get(k).getNode();
            if (line != null && curves.get(k).points()) {
                line.setStyle("-fx-stroke: transparent;");
            }
        }
    }

    private static Node hiddenSymbol() {
        Region r = new Region();
        r.setVisible(false);
        r.setManaged(false);
        return r;
    }
}
