package kiseki.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times of trajectory frames, read from each frame's info, and the frame spacing the MSD needs. A frame's time is its
 * {@code time_fs} (fs), {@code time_ps} (ps), {@code time}/{@code Time} (unit given by the caller), or a LAMMPS
 * {@code timestep} number times the MD step. Frames must be equally spaced.
 */
public final class FrameTimes {

    private final Double timestepFs;
    private final String timeUnit;
    private final String hint;
    private final List<Double> times = new ArrayList<>();

    /**
     * @param timestepFs MD step (fs) that turns a frame's {@code timestep} number into a time; null if unknown
     * @param timeUnit   "fs" or "ps", the unit of a frame's {@code time}/{@code Time} value; null if unknown
     * @param hint       how the user can give the spacing instead, appended to the message when a frame has no
     *                   usable time (e.g. "give the frame spacing with --dt-fs")
     */
    public FrameTimes(Double timestepFs, String timeUnit, String hint) {
        this.timestepFs = timestepFs;
        this.timeUnit = timeUnit;
        this.hint = hint;
    }

    /** Reads the time of the next frame from its info. */
    public void add(Map<String, String> info) {
        times.add(timeOf(info, times.size()));
    }

    public int count() {
        return times.size();
    }

    /** The common spacing of the frames (fs); fails when fewer than 2 frames were added or spacings differ. */
    public double spacingFs() {
        if (times.size() < 2) {
            throw new IllegalArgumentException("the frame spacing needs at least 2 frames, got " + times.size());
        }
        double dt = times.get(1) - times.get(0);
        for (int i = 2; i < times.size(); i++) {
            double step = times.get(i) - times.get(i - 1);
            if (Math.abs(step - dt) > 1e-6 * Math.abs(dt) + 1e-9) {
                throw new IllegalArgumentException("frames are not equally spaced in time: frame " + (i + 1)
                        + " comes " + step + " fs after the previous one, the first spacing is " + dt + " fs");
            }
        }
        return dt;
    }

    private double timeOf(Map<String, String> info, int index) {
        String v;
        if ((v = info.get("time_fs")) != null) {
            return number(v, "time_fs", index);
        }
        if ((v = info.get("time_ps")) != null) {
            return 1000 * number(v, "time_ps", index);
        }
        String key = info.containsKey("time") ? "time" : info.containsKey("Time") ? "Time" : null;
        if (key != null) {
            String unit = timeUnit != null ? timeUnit : lammpsTimeUnit(info.get("lammps.units"));
            if (unit == null) {
                throw new IllegalArgumentException("frame " + (index + 1) + " has '" + key + "' without a unit; "
                        + hint);
            }
            double scale = switch (unit.toLowerCase(Locale.ROOT)) {
                case "fs" -> 1;
                case "ps" -> 1000;
                default -> throw new IllegalArgumentException("the time unit must be fs or ps, got " + unit);
            };
            return scale * number(info.get(key), key, index);
        }
        if ((v = info.get("timestep")) != null && timestepFs != null) {
            return timestepFs * number(v, "timestep", index);
        }
        throw new IllegalArgumentException("frame " + (index + 1) + " carries no time (time_fs, time_ps, "
                + "time/Time, or timestep with the MD step); " + hint);
    }

    private static double number(String text, String key, int index) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("frame " + (index + 1) + ": " + key + " '" + text
                    + "' is not a number");
        }
    }

    /** The time unit of a LAMMPS dump's ITEM: TIME from its ITEM: UNITS style (metal: ps, real: fs), or null. */
    private static String lammpsTimeUnit(String units) {
        if (units == null) {
            return null;
        }
        return switch (units.strip()) {
            case "metal" -> "ps";
            case "real" -> "fs";
            default -> null;
        };
    }
}
