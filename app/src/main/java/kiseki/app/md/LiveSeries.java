package kiseki.app.md;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.md.MdRun;

import java.util.ArrayList;
import java.util.List;

/**
 * The thermo records of one MD run as the live charts see them, with a bounded number of points: when the list
 * would grow past {@code maxPoints}, every other point is dropped and from then on only every second record is
 * kept (the stride doubles), so a run of any length keeps its whole shape in at most {@code maxPoints} points.
 * Changed on the UI thread only.
 */
public final class LiveSeries {

    /** Points per series the charts are given at most. */
    public static final int DEFAULT_MAX_POINTS = 500;

    private final String label;
    private final double targetK;
    private final int maxPoints;
    private final ObservableList<MdRun.ThermoRecord> points = FXCollections.observableArrayList();
    private long stride = 1;
    private long received;

    public LiveSeries(String label, double targetK, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a live series needs room for at least 2 points, got " + maxPoints);
        }
        this.label = label;
        this.targetK = targetK;
        this.maxPoints = maxPoints;
    }

    /** The legend text, e.g. "600 K". */
    public String label() {
        return label;
    }

    /** The run's target temperature (K). */
    public double targetK() {
        return targetK;
    }

    /** The points to plot (at most {@code maxPoints}). */
    public ObservableList<MdRun.ThermoRecord> points() {
        return points;
    }

    /** How many records arrived (plotted or not). */
    public long received() {
        return received;
    }

    /** Every how many records one is plotted now. */
    public long stride() {
        return stride;
    }

    public void add(MdRun.ThermoRecord record) {
        long index = received++;
        if (index % stride != 0) {
            return;
        }
        if (points.size() < maxPoints) {
            points.add(record);
            return;
        }
        // full: keep the even-numbered points (records 0, 2·stride, 4·stride, …) and plot half as often
        List<MdRun.ThermoRecord> kept = new ArrayList<>(maxPoints / 2 + 1);
        for (int i = 0; i < points.size(); i += 2) {
            kept.add(points.get(i));
        }
        stride *= 2;
        if (index % stride == 0) {
            kept.add(record);
        }
        points.setAll(kept);
    }
}
