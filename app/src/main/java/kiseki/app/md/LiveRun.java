package kiseki.app.md;

import kiseki.app.charts.DecimatingSeries;
import kiseki.md.MdRun;

/**
 * The live data of one run of a batch as the charts see it: temperature and potential energy over time (ps), each
 * kept in a bounded {@link DecimatingSeries} (evenly thinned over the whole run, first and latest point always kept),
 * so a run of any length costs at most {@code maxPoints} points. Changed on the UI thread only.
 */
public final class LiveRun {

    /** Points per series kept at most. */
    public static final int DEFAULT_MAX_POINTS = 1000;

    private final String label;
    private final double targetK;
    private final DecimatingSeries temperature;
    private final DecimatingSeries energy;
    private MdRun.ThermoRecord last;

    public LiveRun(String label, double targetK, int maxPoints) {
        this.label = label;
        this.targetK = targetK;
        this.temperature = new DecimatingSeries(maxPoints);
        this.energy = new DecimatingSeries(maxPoints);
    }

    /** The legend text, e.g. "600 K". */
    public String label() {
        return label;
    }

    /** The run's target (or start) temperature (K). */
    public double targetK() {
        return targetK;
    }

    /** Temperature (K) over time (ps). */
    public DecimatingSeries temperature() {
        return temperature;
    }

    /** Potential energy (eV) over time (ps). */
    public DecimatingSeries energy() {
        return energy;
    }

    /** How many thermo records arrived. */
    public long received() {
        return temperature.appended();
    }

    /** The newest record (null before the first). */
    public MdRun.ThermoRecord last() {
        return last;
    }

    public void add(MdRun.ThermoRecord record) {
        temperature.append(record.timePs(), record.temperatureK());
        energy.append(record.timePs(), record.potentialEnergy());
        last = record;
    }
}
