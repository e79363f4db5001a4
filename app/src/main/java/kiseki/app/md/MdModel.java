package kiseki.app.md;

import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.app.Background;
import kiseki.app.Workbench;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.jobs.Job;
import kiseki.jobs.JobHandlers;
import kiseki.jobs.JobStore;
import kiseki.jobs.LocalExecutor;
import kiseki.md.MdJobHandler;
import kiseki.md.MdRun;
import kiseki.md.MdSettings;
import kiseki.md.NoseHooverChain;
import kiseki.md.TrajectoryFormat;
import kiseki.potential.Potential;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * State of the MD tab: the run form (potential, structure and supercell, ensemble and thermostat, one or several
 * temperatures, time step, steps, output intervals, seed, threads), the live thermo series of the running batch,
 * the project's finished MD runs and the trajectory player. Holds no JavaFX nodes (tested without a screen).
 *
 * <p>Several temperatures make a batch (e.g. for conductivity): one run per temperature, one after another. Each run
 * is an MD job of the project, as {@code kiseki md --project} makes it ({@link MdSettings}, {@link MdJobHandler}):
 * a folder {@code md-runs/job-NNNN/} holding the start structure, a copy of the potential, {@code thermo.csv},
 * {@code trajectory.extxyz}, {@code restart.json} and {@code job.json} (the settings); a finished run is recorded as
 * an {@link ArtefactKind#MD_RUN} artefact with the structure and potential artefacts as parents.
 */
public final class MdModel {

    /** NVE (no thermostat) or NVT. */
    public enum Ensemble {
        NVE, NVT;

        /** The name {@code kiseki md --ensemble} uses. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The NVT thermostats, with the names {@code kiseki md --thermostat} uses. */
    public enum ThermostatKind {
        NOSE_HOOVER_CHAIN("nhc"), LANGEVIN("langevin"), BUSSI("csvr");

        private final String id;

        ThermostatKind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** The trajectory file of the runs this tab makes (extxyz, which the player reads). */
    public static final String TRAJECTORY_FILE = "trajectory" + TrajectoryFormat.EXTXYZ.extension();
    /** Restart files are written every this many thermo intervals (as {@code kiseki md} does). */
    public static final int RESTART_THERMO_INTERVALS = 10;

    private final Workbench workbench;

    // the form
    private final ObjectProperty<Artefact> potential = new SimpleObjectProperty<>();
    private final BooleanProperty lennardJones = new SimpleBooleanProperty();
    private final DoubleProperty ljEpsilon = new SimpleDoubleProperty(0.0104);
    private final DoubleProperty ljSigma = new SimpleDoubleProperty(3.40);
    private final DoubleProperty ljCutoff = new SimpleDoubleProperty(8.5);
    private final BooleanProperty ljShift = new SimpleBooleanProperty();
    private final ObjectProperty<Artefact> structure = new SimpleObjectProperty<>();
    private final IntegerProperty supercellA = new SimpleIntegerProperty(1);
    private final IntegerProperty supercellB = new SimpleIntegerProperty(1);
    private final IntegerProperty supercellC = new SimpleIntegerProperty(1);
    private final ObjectProperty<Ensemble> ensemble = new SimpleObjectProperty<>(Ensemble.NVT);
    private final ObjectProperty<ThermostatKind> thermostat = new SimpleObjectProperty<>(
            ThermostatKind.NOSE_HOOVER_CHAIN);
    private final DoubleProperty tauFs = new SimpleDoubleProperty(NoseHooverChain.DEFAULT_TAU_FS);
    private final StringProperty temperatures = new SimpleStringProperty("600");
    private final DoubleProperty timestepFs = new SimpleDoubleProperty(1.0);
    private final IntegerProperty steps = new SimpleIntegerProperty(1000);
    private final IntegerProperty thermoEvery = new SimpleIntegerProperty(10);
    private final IntegerProperty trajectoryEvery = new SimpleIntegerProperty(100);
    private final LongProperty seed = new SimpleLongProperty(1);
    private final IntegerProperty threads = new SimpleIntegerProperty(2);

    // choices from the project
    private final ObservableList<Artefact> potentials = FXCollections.observableArrayList();
    private final ObservableList<Artefact> structures = FXCollections.observableArrayList();
    private final ObservableList<Artefact> runs = FXCollections.observableArrayList();

    // the running batch
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Background.Task> task = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<MdRun.ThermoRecord> lastRecord = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LiveRun> live = FXCollections.observableArrayList();
    private final List<RecordListener> recordListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Queue<Object[]> pendingRecords = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private int maxChartPoints = LiveRun.DEFAULT_MAX_POINTS;
    /** The running batch's cancel flag, known as soon as its work starts (before run() has returned). */
    private volatile AtomicBoolean cancelFlag;
    private volatile CurrentJob currentJob;

    // playback
    private final ObjectProperty<Artefact> selectedRun = new SimpleObjectProperty<>();
    private final TrajectoryPlayer player = new TrajectoryPlayer();
    private Artefact playerRun;

    public MdModel(Workbench workbench) {
        this.workbench = workbench;
        status.set(workbench.text("md.status.idle"));
        Observable[] form = {potential, lennardJones, ljEpsilon, ljSigma, ljCutoff, structure, supercellA,
            supercellB, supercellC, ensemble, thermostat, tauFs, temperatures, timestepFs, steps, thermoEvery,
            trajectoryEvery, threads, workbench.projectProperty()};
        for (Observable o : form) {
            o.addListener(x -> problem.set(check()));
        }
        workbench.revisionProperty().addListener(x -> refresh());
        workbench.projectProperty().addListener((o, old, p) -> {
            refresh();
            if (p != null) {
                resumeInterrupted(p);
            }
        });
        refresh();
        problem.set(check());
    }

    /**
     * Continues the runs of the open project that were cancelled: each goes on from the restart file written where
     * it stopped, appends to its thermo table and trajectory, and becomes an MD run artefact when it completes.
     */
    public Background.Task continueCancelled() {
        Project project = workbench.requireProject();
        int requeued = 0;
        if (java.nio.file.Files.isDirectory(MdJobHandler.storeFolder(project))) {
            try (JobStore store = JobStore.open(MdJobHandler.storeFolder(project))) {
                for (Job job : store.jobs()) {
                    if (job.state() == kiseki.jobs.JobState.CANCELLED) {
                        store.requeue(job.id());
                        requeued++;
                    }
                }
            } catch (java.io.IOException e) {
                workbench.error(workbench.text("md.error.resume"), e);
                return null;
            }
        }
        if (requeued == 0) {
            workbench.info(workbench.text("md.log.nothingCancelled"));
            return null;
        }
        return resumeInterrupted(project);
    }

    /**
     * Continues the MD runs of {@code project} that an earlier session left unfinished (the application was closed
     * or killed while they ran): each resumes from its last restart file and appends to its outputs, then becomes
     * an MD run artefact as usual. Runs in the background; the Run button waits until it is done.
     */
    public Background.Task resumeInterrupted(Project project) {
        // every project has an md-runs/ folder: look for jobs in it before starting anything in the background
        boolean anyJob;
        try (var dirs = java.nio.file.Files.list(MdJobHandler.storeFolder(project))) {
            anyJob = dirs.anyMatch(d -> java.nio.file.Files.isRegularFile(d.resolve("job.json")));
        } catch (java.io.IOException e) {
            anyJob = false;
        }
        if (!anyJob) {
            return null;
        }
        running.set(true);
        return workbench.background().run(workbench.text("md.task.resume"), context -> {
            LocalExecutor executor = new LocalExecutor(new JobHandlers().register(new MdJobHandler(project,
                    (r, done, total) -> context.progress(total > 0 ? (double) done / total : -1,
                            workbench.text("md.resume.progress", r.step(), total)))),
                    LocalExecutor.Settings.defaults().withSlots(1));
            int resumed = 0;
            try (JobStore store = JobStore.open(MdJobHandler.storeFolder(project))) {
                kiseki.jobs.Recovery recovery = executor.recover(store);
                for (var entry : recovery.futures().entrySet()) {
                    workbench.info(workbench.text("md.log.resuming", entry.getKey()));
                    Job end = entry.getValue().get();
                    resumed++;
                    workbench.info(workbench.text("md.log.resumed", end.id(), end.state().toString()));
                }
            } finally {
                executor.shutdown();
            }
            return resumed;
        }, n -> {
            running.set(false);
            if (n > 0) {
                workbench.projectChanged();
            }
        }, e -> {
            running.set(false);
            workbench.error(workbench.text("md.error.resume"), e);
        });
    }

    // ------------------------------------------------------------------------------------------------ the form

    /** The trained potential (a POTENTIAL artefact), used unless {@link #lennardJonesProperty()} is set. */
    public ObjectProperty<Artefact> potentialProperty() {
        return potential;
    }

    /** Use Lennard-Jones with the numbers below instead of a potential of the project. */
    public BooleanProperty lennardJonesProperty() {
        return lennardJones;
    }

    public DoubleProperty ljEpsilonProperty() {
        return ljEpsilon;
    }

    public DoubleProperty ljSigmaProperty() {
        return ljSigma;
    }

    public DoubleProperty ljCutoffProperty() {
        return ljCutoff;
    }

    /** Shift Lennard-Jones energies to zero at the cutoff (LAMMPS pair_modify shift yes). */
    public BooleanProperty ljShiftProperty() {
        return ljShift;
    }

    /** The start structure (a STRUCTURE artefact; its first frame). */
    public ObjectProperty<Artefact> structureProperty() {
        return structure;
    }

    /** Repetitions of the structure along a, b, c before the run. */
    public IntegerProperty supercellAProperty() {
        return supercellA;
    }

    public IntegerProperty supercellBProperty() {
        return supercellB;
    }

    public IntegerProperty supercellCProperty() {
        return supercellC;
    }

    public ObjectProperty<Ensemble> ensembleProperty() {
        return ensemble;
    }

    public ObjectProperty<ThermostatKind> thermostatProperty() {
        return thermostat;
    }

    public DoubleProperty tauFsProperty() {
        return tauFs;
    }

    /** One temperature or several ("600, 700, 800"): start and target temperatures (K), one run each. */
    public StringProperty temperaturesProperty() {
        return temperatures;
    }

    public DoubleProperty timestepFsProperty() {
        return timestepFs;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    public IntegerProperty thermoEveryProperty() {
        return thermoEvery;
    }

    public IntegerProperty trajectoryEveryProperty() {
        return trajectoryEvery;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    /** Threads for a trained potential. */
    public IntegerProperty threadsProperty() {
        return threads;
    }

    /** POTENTIAL artefacts of the open project. */
    public ObservableList<Artefact> potentials() {
        return potentials;
    }

    /** STRUCTURE artefacts of the open project. */
    public ObservableList<Artefact> structures() {
        return structures;
    }

    /** MD_RUN artefacts of the open project (finished, cancelled or stopped runs). */
    public ObservableList<Artefact> runs() {
        return runs;
    }

    /** Why the form cannot run now (empty when it can). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    // ------------------------------------------------------------------------------------------ the running batch

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The batch task last started (null before the first). */
    public ReadOnlyObjectProperty<Background.Task> taskProperty() {
        return task.getReadOnlyProperty();
    }

    /** The latest progress line (run, step, T, E). */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The newest thermo record of the running batch. */
    public ReadOnlyObjectProperty<MdRun.ThermoRecord> lastRecordProperty() {
        return lastRecord.getReadOnlyProperty();
    }

    /** Receives each thermo record of the running batch on the UI thread (the live charts). */
    @FunctionalInterface
    public interface RecordListener {
        void record(LiveRun run, MdRun.ThermoRecord record);
    }

    /** Calls {@code listener} with every thermo record of a batch, in order, on the UI thread. */
    public void addRecordListener(RecordListener listener) {
        recordListeners.add(listener);
    }

    /** The live data of each run of the current batch (cleared when a batch starts). */
    public ObservableList<LiveRun> live() {
        return live;
    }

    /** Points per live series at most (default {@value LiveRun#DEFAULT_MAX_POINTS}). */
    public void setMaxChartPoints(int points) {
        this.maxChartPoints = points;
    }

    public TrajectoryPlayer player() {
        return player;
    }

    /** The MD run whose trajectory the player shows (or is loading). */
    public ObjectProperty<Artefact> selectedRunProperty() {
        return selectedRun;
    }

    /** The temperatures of the form, in order. */
    public List<Double> parseTemperatures() {
        String text = temperatures.get() == null ? "" : temperatures.get().strip();
        List<Double> out = new ArrayList<>();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(workbench.text("md.problem.temperatures"));
        }
        for (String part : text.split("[,;\\s]+")) {
            double t;
            try {
                t = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(workbench.text("md.problem.temperature", part));
            }
            boolean nvt = ensemble.get() == Ensemble.NVT;
            if (!Double.isFinite(t) || t < 0 || (nvt && t == 0)) {
                throw new IllegalArgumentException(workbench.text(nvt ? "md.problem.temperatureNvt"
                        : "md.problem.temperature", part));
            }
            out.add(t);
        }
        return out;
    }

    /** What is wrong with the form (a sentence for the user), or "" when a run can start. */
    public String check() {
        if (workbench.project() == null) {
            return workbench.text("error.noProject");
        }
        if (!lennardJones.get() && potential.get() == null) {
            return workbench.text("md.problem.potential");
        }
        if (lennardJones.get() && !(ljEpsilon.get() > 0 && ljSigma.get() > 0 && ljCutoff.get() > ljSigma.get()
                && Double.isFinite(ljEpsilon.get() + ljCutoff.get()))) {
            return workbench.text("md.problem.lj");
        }
        if (structure.get() == null) {
            return workbench.text("md.problem.structure");
        }
        if (supercellA.get() < 1 || supercellB.get() < 1 || supercellC.get() < 1) {
            return workbench.text("md.problem.supercell");
        }
        try {
            parseTemperatures();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!(timestepFs.get() > 0) || !Double.isFinite(timestepFs.get())) {
            return workbench.text("md.problem.timestep");
        }
        if (ensemble.get() == Ensemble.NVT && (thermostat.get() == null || !(tauFs.get() > 0)
                || !Double.isFinite(tauFs.get()))) {
            return workbench.text("md.problem.tau");
        }
        if (steps.get() < 1) {
            return workbench.text("md.problem.steps");
        }
        if (thermoEvery.get() < 1 || trajectoryEvery.get() < 1) {
            return workbench.text("md.problem.interval");
        }
        if (threads.get() < 1) {
            return workbench.text("md.problem.threads");
        }
        return "";
    }

    /** The form's values when Run was pressed. */
    private record Settings(Artefact potential, boolean lennardJones, double ljEpsilon, double ljSigma,
            double ljCutoff, boolean ljShift, Artefact structure, int[] supercell, Ensemble ensemble,
            ThermostatKind thermostat, double tauFs, List<Double> temperatures, double timestepFs, int steps,
            int thermoEvery, int trajectoryEvery, long seed, int threads) {

        String supercellLabel() {
            return supercell[0] + "x" + supercell[1] + "x" + supercell[2];
        }

        boolean repeated() {
            return supercell[0] * supercell[1] * supercell[2] != 1;
        }

        int restartEvery() {
            return (int) Math.min(Integer.MAX_VALUE, (long) thermoEvery * RESTART_THERMO_INTERVALS);
        }
    }

    /**
     * Runs the form's batch in the background: one MD job per temperature in the project's {@code md-runs/}, one
     * after another; each finished run becomes an MD_RUN artefact. A run stopped by a safety check (atoms too
     * close, temperature runaway) fails, is reported in the log, and the batch goes on. Cancelling stops the current
     * run after its step (its job folder keeps what it wrote, restart file included) and skips the remaining
     * temperatures. {@code then} receives the runs stored (on the UI thread).
     *
     * @throws IllegalStateException when the form is not complete ({@link #check()} says why)
     */
    public Background.Task run(Consumer<List<Artefact>> then) {
        String why = check();
        if (!why.isEmpty()) {
            throw new IllegalStateException(why);
        }
        Project project = workbench.requireProject();
        Settings s = new Settings(potential.get(), lennardJones.get(), ljEpsilon.get(), ljSigma.get(),
                ljCutoff.get(), ljShift.get(), structure.get(),
                new int[] {supercellA.get(), supercellB.get(), supercellC.get()}, ensemble.get(), thermostat.get(),
                tauFs.get(), parseTemperatures(), timestepFs.get(), steps.get(), thermoEvery.get(),
                trajectoryEvery.get(), seed.get(), threads.get());
        String list = s.temperatures().stream().map(MdModel::kelvin).reduce((a, b) -> a + ", " + b).orElse("");
        live.clear();
        lastRecord.set(null);
        running.set(true);
        status.set(workbench.text("md.task", list));
        workbench.info(workbench.text("md.log.started", s.temperatures().size(), list, s.steps()));
        Background.Task t = workbench.background().run(workbench.text("md.task", list),
                context -> runBatch(project, s, context), batch -> {
                    running.set(false);
                    String key = batch.cancelled() ? "cancelled" : "done";
                    status.set(workbench.text("md.status." + key, batch.runs().size()));
                    workbench.info(workbench.text("md.log." + key, batch.runs().size()));
                    workbench.projectChanged();
                    then.accept(batch.runs());
                }, e -> {
                    running.set(false);
                    status.set(workbench.text("md.status.failed"));
                    workbench.error(workbench.text("md.error.run"), e);
                    workbench.projectChanged();
                });
        task.set(t);
        return t;
    }

    /** Asks the running batch to stop after the current step. */
    public void cancel() {
        AtomicBoolean flag = cancelFlag;
        if (flag != null) {
            flag.set(true);
        }
        stopCurrentJob();
    }

    /** The job of the batch now running, for cancel (null between jobs). */
    private record CurrentJob(LocalExecutor executor, JobStore store, String id) {
    }

    private void stopCurrentJob() {
        CurrentJob job = currentJob;
        if (job != null) {
            job.executor().cancel(job.store(), job.id());
        }
    }

    /** The runs a batch stored, and whether it was cancelled. */
    private record Batch(List<Artefact> runs, boolean cancelled) {
    }

    /** What the records of one run showed of extrapolation (atoms outside the potential's training range). */
    private static final class Extrapolation {
        long records;
        long extrapolating;
        int maxAtoms;
        long firstStep = -1;

        void add(MdRun.ThermoRecord r) {
            records++;
            if (r.extrapolatingAtoms() > 0) {
                extrapolating++;
                maxAtoms = Math.max(maxAtoms, r.extrapolatingAtoms());
                if (firstStep < 0) {
                    firstStep = r.step();
                }
            }
        }
    }

    private Batch runBatch(Project project, Settings s, Background.Context context) throws Exception {
        cancelFlag = context.cancelFlag();
        Structure start = startStructure(project, s);
        Path potentialFile = s.lennardJones() ? null : potentialFile(project.resolve(s.potential()));
        checkPotential(settings(s, s.temperatures().get(0), potentialFile), start);
        int count = s.temperatures().size();
        List<Artefact> made = new ArrayList<>();
        AtomicReference<LiveRun> liveRun = new AtomicReference<>();
        AtomicReference<Extrapolation> seen = new AtomicReference<>();
        int[] index = {0};
        MdJobHandler handler = new MdJobHandler(project, (r, done, total) -> {
            LiveRun run = liveRun.get();
            seen.get().add(r);
            String line = workbench.text("md.progress", run.label(), index[0] + 1, count, r.step(), s.steps(),
                    String.format(Locale.ROOT, "%.1f", r.temperatureK()),
                    String.format(Locale.ROOT, "%.4f", r.potentialEnergy()));
            context.progress((index[0] + (double) r.step() / s.steps()) / count, line);
            pushLive(run, r, line);
        });
        LocalExecutor executor = new LocalExecutor(new JobHandlers().register(handler),
                LocalExecutor.Settings.defaults().withSlots(1));
        boolean cancelled = false;
        try (JobStore store = JobStore.open(MdJobHandler.storeFolder(project))) {
            // the status bar's Cancel only raises the task's flag: pass it on to the job running
            Thread watcher = Thread.ofVirtual().start(() -> {
                try {
                    while (!context.isCancelled()) {
                        Thread.sleep(100);
                    }
                    while (true) {
                        stopCurrentJob();
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    // the batch ended
                }
            });
            try {
                for (int k = 0; k < count && !context.isCancelled(); k++) {
                    index[0] = k;
                    double targetK = s.temperatures().get(k);
                    String name = runName(s, targetK);
                    Job job = MdJobHandler.create(store, settings(s, targetK, potentialFile), start, sources(s,
                            name, potentialFile));
                    LiveRun run = new LiveRun(workbench.text("md.series", kelvin(targetK)), targetK, maxChartPoints);
                    liveRun.set(run);
                    seen.set(new Extrapolation());
                    workbench.uiExecutor().execute(() -> live.add(run));
                    currentJob = new CurrentJob(executor, store, job.id());
                    if (context.isCancelled()) {
                        stopCurrentJob();
                    }
                    Job end = executor.submit(store, job.id()).get();
                    currentJob = null;
                    String folder = project.dir().relativize(end.dir()).toString().replace('\\', '/');
                    Extrapolation ex = seen.get();
                    if (ex.extrapolating > 0) {
                        workbench.log(Workbench.Level.WARNING, workbench.text("md.log.extrapolating", name,
                                ex.extrapolating, ex.records, ex.maxAtoms, ex.firstStep));
                    }
                    switch (end.state()) {
                        case DONE -> {
                            Artefact a = end.result().get("artefact") instanceof String id
                                    ? project.artefact(id).orElse(null) : null;
                            if (a != null) {
                                made.add(a);
                            }
                            workbench.info(workbench.text("md.log.finished", name, s.steps(), folder));
                        }
                        case CANCELLED -> {
                            cancelled = true;
                            workbench.info(workbench.text("md.log.runCancelled", name, folder));
                        }
                        default -> workbench.log(Workbench.Level.WARNING, workbench.text("md.log.failed", name,
                                end.failure(), folder));
                    }
                    if (cancelled) {
                        break;
                    }
                }
            } finally {
                currentJob = null;
                watcher.interrupt();
                executor.shutdown();
            }
        }
        return new Batch(List.copyOf(made), cancelled || context.isCancelled());
    }

    /** The settings of one run of the batch, as {@code kiseki md} takes them. */
    private static MdSettings settings(Settings s, double targetK, Path potentialFile) {
        String lj = s.lennardJones() ? s.ljEpsilon() + "," + s.ljSigma() + "," + s.ljCutoff()
                + (s.ljShift() ? ",shift" : "") : null;
        return new MdSettings(lj, potentialFile == null ? null : potentialFile.toString(), s.ensemble().id(),
                s.thermostat().id(), s.tauFs(), targetK, s.timestepFs(), s.steps(), s.thermoEvery(),
                s.trajectoryEvery(), TrajectoryFormat.EXTXYZ, s.restartEvery(), s.seed(), s.threads());
    }

    /** Where the run's inputs came from: recorded with the job, and its lineage in the project. */
    private static MdJobHandler.Sources sources(Settings s, String name, Path potentialFile) {
        String structure = s.structure().path() + (s.repeated() ? " (" + s.supercellLabel() + " supercell)" : "");
        return new MdJobHandler.Sources(name, structure, s.structure().id(),
                potentialFile == null ? null : s.potential().path(), s.lennardJones() ? null : s.potential().id());
    }

    /**
     * Loads the potential and evaluates it once on the start structure, so that a potential that cannot be read
     * or does not know the structure's elements fails before any job is made (as {@code kiseki md} does).
     */
    private static void checkPotential(MdSettings settings, Structure start) throws Exception {
        Potential pot = settings.potential(null);
        try {
            pot.compute(start);
        } finally {
            if (pot instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    /** The first frame of the structure artefact, repeated into the supercell. */
    private static Structure startStructure(Project project, Settings s) throws IOException {
        Path file = project.resolve(s.structure());
        Structure first = StructureFormats.forPath(file).orElseThrow(() -> new IOException(file.getFileName()
                + ": unknown structure format (known: " + StructureFormats.names() + ")"))
                .readFirst(file, ReadOptions.DEFAULT).structure();
        return s.repeated() ? Supercells.repeat(first, s.supercell()[0], s.supercell()[1], s.supercell()[2]) : first;
    }

    /** A potential artefact is a model file, or a folder holding one (model.json, or its only .json file). */
    static Path potentialFile(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return path;
        }
        for (String preferred : new String[] {"model.json", "potential.json"}) {
            if (Files.isRegularFile(path.resolve(preferred))) {
                return path.resolve(preferred);
            }
        }
        List<Path> json;
        try (Stream<Path> files = Files.list(path)) {
            json = files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .toList();
        }
        if (json.size() != 1) {
            throw new IOException(path.getFileName() + ": expected one potential file (.json) in the folder, found "
                    + json.size());
        }
        return json.get(0);
    }

    /** e.g. "LGPS_mp-696128-2x2x1-600K". */
    private static String runName(Settings s, double targetK) {
        return s.structure().name() + (s.repeated() ? "-" + s.supercellLabel() : "") + "-" + kelvin(targetK) + "K";
    }

    /** "600" for 600 K, "612.5" for 612.5 K. */
    static String kelvin(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }

    /** Hands a record to the UI thread; records queue up and are drained in one go, so a fast run cannot flood it. */
    private void pushLive(LiveRun series, MdRun.ThermoRecord record, String line) {
        pendingRecords.add(new Object[] {series, record, line});
        if (drainScheduled.compareAndSet(false, true)) {
            workbench.uiExecutor().execute(this::drainLive);
        }
    }

    private void drainLive() {
        drainScheduled.set(false);
        Object[] item;
        Object[] newest = null;
        while ((item = pendingRecords.poll()) != null) {
            LiveRun run = (LiveRun) item[0];
            MdRun.ThermoRecord record = (MdRun.ThermoRecord) item[1];
            run.add(record);
            for (RecordListener l : recordListeners) {
                l.record(run, record);
            }
            newest = item;
        }
        if (newest != null) {
            lastRecord.set((MdRun.ThermoRecord) newest[1]);
            if (running.get()) {
                status.set((String) newest[2]);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- playback

    /** Loads the trajectory of an MD run into the player (in the background). */
    public Background.Task openRun(Artefact run) {
        if (run.kind() != ArtefactKind.MD_RUN) {
            throw new IllegalArgumentException(run.name() + " is not an MD run");
        }
        Path file = trajectoryFile(workbench.requireProject(), run);
        playerRun = run;
        selectedRun.set(run);
        return workbench.background().run(workbench.text("md.task.trajectory", run.name()),
                context -> Trajectory.read(file, Trajectory.DEFAULT_MAX_VALUES, context::isCancelled), t -> {
                    if (playerRun != run) {
                        return; // another run was chosen meanwhile
                    }
                    player.setTrajectory(t);
                    workbench.info(workbench.text("md.log.trajectory", run.name(), t.frameCount(), t.atoms()));
                }, e -> workbench.error(workbench.text("md.error.trajectory", run.name()), e));
    }

    /** The artefact whose trajectory is in the player (or loading). */
    public Artefact playerRun() {
        return playerRun;
    }

    /** The trajectory file of an MD_RUN artefact (for the Analysis tab too): its job result names it. */
    public static Path trajectoryFile(Project project, Artefact run) {
        return project.resolve(run).resolve(resultFile(run, "trajectory", TRAJECTORY_FILE));
    }

    /** The thermo CSV of an MD_RUN artefact. */
    public static Path thermoFile(Project project, Artefact run) {
        return project.resolve(run).resolve(resultFile(run, "thermo", MdJobHandler.THERMO));
    }

    private static String resultFile(Artefact run, String key, String fallback) {
        return run.parameter("result") instanceof Map<?, ?> result && result.get(key) instanceof String name
                ? name : fallback;
    }

    // ------------------------------------------------------------------------------------------------- project

    private void refresh() {
        Project p = workbench.project();
        // the choices before the lists change (a combo box bound to a choice may clear it while its items change)
        Artefact chosenPotential = potential.get();
        Artefact chosenStructure = structure.get();
        Artefact chosenRun = selectedRun.get();
        potentials.setAll(p == null ? List.of() : p.artefacts(ArtefactKind.POTENTIAL));
        structures.setAll(p == null ? List.of() : p.artefacts(ArtefactKind.STRUCTURE));
        runs.setAll(p == null ? List.of() : p.artefacts(ArtefactKind.MD_RUN));
        potential.set(keep(chosenPotential, potentials, true));
        structure.set(keep(chosenStructure, structures, true));
        selectedRun.set(keep(chosenRun, runs, false));
    }

    /** The same artefact in the new list, else (when asked) the newest one, else null. */
    private static Artefact keep(Artefact chosen, List<Artefact> list, boolean newestByDefault) {
        if (chosen != null) {
            for (Artefact a : list) {
                if (a.id().equals(chosen.id())) {
                    return a;
                }
            }
        }
        return newestByDefault && !list.isEmpty() ? list.get(list.size() - 1) : null;
    }
}
