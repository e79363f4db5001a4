package kiseki.md;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import kiseki.structure.Frame;

/**
 * Runs an MD simulation: N steps of a {@link VelocityVerlet} integrator, a thermo record every K steps (kept in
 * memory, streamed to a CSV file when one is given, passed to a progress callback), optional trajectory frames
 * (unwrapped positions and velocities; extxyz or LAMMPS dump, see {@link TrajectoryFormat}), a cancel flag, and
 * safety stops with a clear message when two atoms come closer than a threshold, an energy becomes NaN or the
 * temperature runs away. With a potential that knows its training range
 * ({@link kiseki.potential.ExtrapolationAware}) every step is checked for extrapolation: records and frames carry the
 * count, the result a summary.
 */
public final class MdRun {

    /** Default closest allowed approach of two atoms (Å). */
    public static final double DEFAULT_MIN_DISTANCE = 0.5;
    /** Runaway limit when no target temperature is known (K). */
    public static final double DEFAULT_RUNAWAY_K = 1e5;

    public static final String CSV_HEADER =
            "step,time_ps,temperature_K,potential_energy_eV,kinetic_energy_eV,total_energy_eV,conserved_eV,pressure_bar,"
            + "extrapolating_atoms";

    /**
     * One line of thermodynamic output; pressure is NaN for a non-periodic structure; {@code extrapolatingAtoms}
     * is the number of atoms outside the potential's training range, −1 when the potential cannot tell.
     */
    public record ThermoRecord(long step, double timePs, double temperatureK, double potentialEnergy,
            double kineticEnergy, double totalEnergy, double conservedEnergy, double pressureBar,
            int extrapolatingAtoms) {

        /** A record without an extrapolation count. */
        public ThermoRecord(long step, double timePs, double temperatureK, double potentialEnergy,
                double kineticEnergy, double totalEnergy, double conservedEnergy, double pressureBar) {
            this(step, timePs, temperatureK, potentialEnergy, kineticEnergy, totalEnergy, conservedEnergy,
                    pressureBar, -1);
        }

        String csv() {
            return String.format(Locale.ROOT, "%d,%.6f,%.4f,%.8f,%.8f,%.8f,%.8f,%s,%s", step, timePs, temperatureK,
                    potentialEnergy, kineticEnergy, totalEnergy, conservedEnergy,
                    Double.isNaN(pressureBar) ? "" : String.format(Locale.ROOT, "%.3f", pressureBar),
                    extrapolatingAtoms < 0 ? "" : Integer.toString(extrapolatingAtoms));
        }
    }

    public enum Outcome {
        COMPLETED, CANCELLED, STOPPED
    }

    /**
     * How a run ended; {@code message} explains a stop in words a scientist understands; {@code extrapolation} is
     * null for a potential without a notion of training range ({@link kiseki.potential.ExtrapolationAware}).
     */
    public record Result(Outcome outcome, String message, long stepsDone, List<ThermoRecord> thermo,
            ExtrapolationSummary extrapolation) {
    }

    /** Called after each thermo record (on the running thread). */
    public interface Progress {
        void report(ThermoRecord record, long stepsDone, long stepsTotal);
    }

    private final VelocityVerlet integrator;
    private int thermoEvery = 100;
    private Path thermoCsv;
    private Path trajectory;
    private TrajectoryFormat trajectoryFormat;
    private int trajectoryEvery;
    private Path restartFile;
    private int restartEvery;
    private boolean appendOutputs;
    private Progress progress;
    private AtomicBoolean cancel = new AtomicBoolean();
    private double minDistance = DEFAULT_MIN_DISTANCE;
    private double runawayK = Double.NaN;

    public MdRun(VelocityVerlet integrator) {
        this.integrator = integrator;
    }

    public MdRun thermoEvery(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("thermo interval must be at least 1 step, got " + steps);
        }
        this.thermoEvery = steps;
        return this;
    }

    /** Streams thermo records to this CSV file (created or replaced; the header is written first). */
    public MdRun thermoCsv(Path file) {
        this.thermoCsv = file;
        return this;
    }

    /**
     * Appends a frame (unwrapped positions, velocities, energy) every {@code every} steps, in the format the file
     * name asks for ({@link TrajectoryFormat#forPath}: {@code .lammpstrj} or {@code .dump} = LAMMPS dump, else
     * extxyz).
     */
    public MdRun trajectory(Path file, int every) {
        return trajectory(file, every, TrajectoryFormat.forPath(file));
    }

    /** Appends a frame in {@code format} every {@code every} steps. */
    public MdRun trajectory(Path file, int every, TrajectoryFormat format) {
        if (every < 1) {
            throw new IllegalArgumentException("trajectory interval must be at least 1 step, got " + every);
        }
        this.trajectory = file;
        this.trajectoryFormat = java.util.Objects.requireNonNull(format, "format");
        this.trajectoryEvery = every;
        return this;
    }

    /** Writes a restart file (replaced atomically) every {@code every} steps and at the end of the run. */
    public MdRun restart(Path file, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("restart interval must be at least 1 step, got " + every);
        }
        this.restartFile = file;
        this.restartEvery = every;
        return this;
    }

    /**
     * Continuing a run from a restart file: append to the existing thermo CSV (no header, no record of the
     * starting step, which the earlier run already wrote) and trajectory instead of replacing them.
     */
    public MdRun appendOutputs(boolean append) {
        this.appendOutputs = append;
        return this;
    }

    public MdRun progress(Progress callback) {
        this.progress = callback;
        return this;
    }

    /** Setting the flag stops the run after the current step. */
    public MdRun cancelFlag(AtomicBoolean flag) {
        this.cancel = flag;
        return this;
    }

    public MdRun minimumDistance(double angstrom) {
        this.minDistance = angstrom;
        return this;
    }

    /** Temperature (K) above which the run stops; default 10 × the target (or the start) temperature, else 1e5 K. */
    public MdRun runawayTemperature(double kelvin) {
        this.runawayK = kelvin;
        return this;
    }

    public VelocityVerlet integrator() {
        return integrator;
    }

    /** The thermo record of the current state. */
    public ThermoRecord record() {
        MdState s = integrator.state();
        double pot = integrator.potentialEnergy();
        double kin = s.kineticEnergy();
        return new ThermoRecord(s.step(), s.timeFs() * 1e-3, s.temperature(), pot, kin, pot + kin,
                integrator.conservedEnergy(), integrator.pressureBar(),
                ExtrapolationMonitor.atoms(integrator.potential()));
    }

    /** Runs {@code steps} steps (a record is also taken at the start and the end). */
    public Result run(long steps) throws IOException {
        MdState state = integrator.state();
        double limit = runawayLimit(state);
        List<ThermoRecord> records = new ArrayList<>();
        ExtrapolationMonitor extrapolation = new ExtrapolationMonitor(integrator.potential());
        BufferedWriter csv = null;
        TrajectoryWriter traj = null;
        try {
            boolean append = appendOutputs;
            if (thermoCsv != null) {
                if (append && Files.exists(thermoCsv)) {
                    csv = Files.newBufferedWriter(thermoCsv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                } else {
                    csv = Files.newBufferedWriter(thermoCsv, StandardCharsets.UTF_8);
                    csv.write(CSV_HEADER);
                    csv.write('\n');
                }
            }
            if (trajectory != null) {
                traj = trajectoryFormat.open(trajectory, append);
            }
            extrapolation.observe(state.step());
            String problem = check(state, limit);
            if (problem != null) {
                return new Result(Outcome.STOPPED, problem, 0, records, extrapolation.summary());
            }
            if (!append) {
                emit(records, csv, 0, steps);
                if (traj != null) {
                    traj.append(frame());
                }
            }
            for (long done = 1; done <= steps; done++) {
                integrator.step();
                extrapolation.observe(state.step());
                problem = check(state, limit);
                boolean onGrid = state.step() % thermoEvery == 0;
                if (onGrid) {
                    emit(records, csv, done, steps); // its progress callback may set the cancel flag
                }
                // read once, after that: the record, frame and restart of the step the run stops at agree
                boolean cancelled = cancel.get();
                boolean last = done == steps || problem != null || cancelled;
                if (!onGrid && last) {
                    emit(records, csv, done, steps);
                }
                if (traj != null && (state.step() % trajectoryEvery == 0 || last)) {
                    traj.append(frame());
                }
                if (restartFile != null && (state.step() % restartEvery == 0 || (last && problem == null))) {
                    if (traj != null) {
                        // a resumed run cuts its outputs back to the restart point: nothing before it may be missing
                        traj.flush();
                    }
                    MdRestart.write(restartFile, integrator);
                }
                if (problem != null) {
                    return new Result(Outcome.STOPPED, "stopped at step " + state.step() + ": " + problem, done,
                            records, extrapolation.summary());
                }
                if (cancelled) {
                    return new Result(Outcome.CANCELLED, "cancelled at step " + state.step(), done, records,
                            extrapolation.summary());
                }
            }
            return new Result(Outcome.COMPLETED, "completed " + steps + " steps", steps, records,
                    extrapolation.summary());
        } finally {
            if (csv != null) {
                csv.close();
            }
            if (traj != null) {
                traj.close();
            }
        }
    }

    private double runawayLimit(MdState state) {
        if (Double.isFinite(runawayK)) {
            return runawayK;
        }
        double reference = integrator.thermostat().targetTemperature();
        if (!(reference > 0)) {
            reference = state.temperature();
        }
        return reference > 0 ? 10 * reference : DEFAULT_RUNAWAY_K;
    }

    private String check(MdState state, double limit) {
        double pot = integrator.potentialEnergy();
        if (!Double.isFinite(pot)) {
            return "the potential energy is " + pot + " (the potential failed for this configuration)";
        }
        double t = state.temperature();
        if (!Double.isFinite(t)) {
            return "the kinetic energy is not a number (velocities blew up)";
        }
        if (t > limit) {
            return String.format(Locale.ROOT, "temperature %.1f K exceeds the runaway limit of %.1f K "
                    + "(time step too large or potential unstable?)", t, limit);
        }
        double closest = integrator.minimumDistance();
        if (closest < minDistance) {
            return String.format(Locale.ROOT, "two atoms are %.3f Å apart, closer than the %.3f Å safety limit "
                    + "(atoms collapsed: the potential is probably unphysical here)", closest, minDistance);
        }
        return null;
    }

    private void emit(List<ThermoRecord> records, BufferedWriter csv, long done, long total) throws IOException {
        ThermoRecord r = record();
        records.add(r);
        if (csv != null) {
            csv.write(r.csv());
            csv.write('\n');
            csv.flush();
        }
        if (progress != null) {
            progress.report(r, done, total);
        }
    }

    private Frame frame() {
        MdState s = integrator.state();
        Frame f = new Frame(s.structure().copy());
        f.setVelocities(s.velocities().clone());
        f.setEnergy(integrator.potentialEnergy());
        f.setForces(integrator.result().forces.clone());
        f.info().put("step", Long.toString(s.step()));
        f.info().put("time_fs", Double.toString(s.timeFs()));
        int extrapolating = ExtrapolationMonitor.atoms(integrator.potential());
        if (extrapolating >= 0) {
            f.info().put("extrapolating_atoms", Integer.toString(extrapolating));
        }
        return f;
    }
}
