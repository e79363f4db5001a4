package kiseki.app.charts;

import javafx.scene.chart.XYChart;

import java.util.ArrayList;
import java.util.List;

/** A chart series fed point by point, mirroring a {@link DecimatingSeries} with as few node changes as possible. */
final class LiveSeries {

    private final DecimatingSeries buffer;
    private final XYChart.Series<Number, Number> series;

    LiveSeries(XYChart.Series<Number, Number> series, int maxPoints) {
        this.series = series;
        this.buffer = new DecimatingSeries(maxPoints);
    }

    XYChart.Series<Number, Number> series() {
        return series;
    }

    DecimatingSeries buffer() {
        return buffer;
    }

    void append(double x, double y) {
        switch (buffer.append(x, y)) {
            case APPENDED -> series.getData().add(new XYChart.Data<>(x, y));
            case REPLACED_LAST -> {
                XYChart.Data<Number, Number> last = series.getData().get(series.getData().size() - 1);
                last.setXValue(x);
                last.setYValue(y);
            }
            case COMPACTED -> resync();
        }
    }

    void clear() {
        buffer.clear();
        series.getData().clear();
    }

    private void resync() {
        List<XYChart.Data<Number, Number>> points = new ArrayList<>(buffer.size());
        for (int i = 0; i < buffer.size(); i++) {
            points.add(new XYChart.Data<>(buffer.x(i), buffer.y(i)));
        }
        series.getData().setAll(points);
    }
}
