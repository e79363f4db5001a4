package kiseki.app.labelling;

import com.fasterxml.jackson.databind.ObjectMapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.app.Background;
import kiseki.app.Workbench;
import kiseki.dataset.DatasetImport;
import kiseki.dft.KPoints;
import kiseki.dft.Labelling;
import kiseki.dft.PseudoAssignment;
import kiseki.dft.PseudoLibrary;
import kiseki.dft.PwSettings;
import kiseki.dft.Upf;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.jobs.Job;
import kiseki.jobs.JobState;
import kiseki.jobs.JobStore;
import kiseki.jobs.ProgressUpdate;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * State of the Labelling tab: the structure set to label (a STRUCTURE artefact of the open project), the Quantum
 * ESPRESSO settings form (pseudopotential per element, cutoffs, k-points, occupations, parallelism), the job table of
 * the labelling run, and the import of an existing extxyz dataset.
 *
 * <p>A run goes through the engine's {@link Labelling} service exactly as {@code kiseki qe label --project} does: one
 * pw.x job per structure in a persistent job folder {@code jobs/label-<dataset>/} of the project, converged results
 * appended to {@code datasets/<dataset>.extxyz}, both recorded with their provenance (the structure set is the parent
 * of the job batch and of the dataset). Holds no JavaFX nodes (tested without a screen).
 */
public final class LabellingModel {

    /** How the Brillouin zone is sampled. */
    public enum KMode {
        GAMMA, SPACING, MESH
    }

    /** Smearing types offered (pw.x's short names). */
    public static final List<String> SMEARINGS = List.of("mv", "gaussian", "mp", "fd");

    /** Preference key of the pseudopotential folder last chosen. */
    static final String PSEUDO_DIR_KEY = "labelling.pseudoDir";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workbench workbench;
    private final ObservableList<Artefact> structures = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Artefact> structure = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper structureSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<String> elements = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Path> pseudoDir = new ReadOnlyObjectWrapper<>();
    private final ObservableList<PseudoChoice> pseudos = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper cutoffHint = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Double> ecutwfc = new SimpleObjectProperty<>(PwSettings.DEFAULT_ECUTWFC);
    private final ObjectProperty<Double> ecutrho = new SimpleObjectProperty<>();
    private final ObjectProperty<KMode> kMode = new SimpleObjectProperty<>(KMode.SPACING);
    private final ObjectProperty<Double> kSpacing = new SimpleObjectProperty<>(
            PwSettings.DEFAULT_KPOINTS.spacing());
    private final StringProperty kMesh = new SimpleStringProperty("2x2x2");
    private final ObjectProperty<Boolean> smearing = new SimpleObjectProperty<>(
            "smearing".equals(PwSettings.DEFAULTS.occupations()));
    private final StringProperty smearingType = new SimpleStringProperty(PwSettings.DEFAULTS.smearing());
    private final ObjectProperty<Double> degauss = new SimpleObjectProperty<>(PwSettings.DEFAULTS.degauss());
    private final ObjectProperty<Integer> parallelJobs = new SimpleObjectProperty<>(1);
    private final ObjectProperty<Integer> mpiRanks = new SimpleObjectProperty<>(1);
    private final StringProperty datasetName = new SimpleStringProperty("");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObservableList<JobRow> jobs = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Background.Task> task = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper runSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Artefact> dataset = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Artefact> importedDataset = new ReadOnlyObjectWrapper<>();

    /** The structures of the selected artefact and the library, as last loaded (UI thread). */
    private List<Structure> loaded = List.of();
    private Artefact loadedArtefact;
    private PseudoLibrary library;
    /** The last run, for retries (UI thread). */
    private RunSetup lastRun;
    /** The labelling in progress, for cancelling single jobs (any thread). */
    private volatile Labelling labelling;

    public LabellingModel(Workbench workbench) {
        this.workbench = workbench;
        pseudoDir.set(defaultPseudoDir(workbench.preferences().get(PSEUDO_DIR_KEY, null)));
        workbench.revisionProperty().addListener((o, a, b) -> refreshStructures());
        workbench.projectProperty().addListener((o, a, b) -> projectReplaced());
        ecutwfc.addListener((o, a, b) -> validate());
        ecutrho.addListener((o, a, b) -> validate());
        refreshStructures();
    }

    // ------------------------------------------------------------------------------------------------ properties

    /** The project's structure artefacts (refreshed whenever the project changes). */
    public ObservableList<Artefact> structures() {
        return structures;
    }

    /** The structure set to label. */
    public ReadOnlyObjectProperty<Artefact> structureProperty() {
        return structure.getReadOnlyProperty();
    }

    /** "5 structures, 200 atoms, Li Ge P S" for the structure set loaded. */
    public ReadOnlyStringProperty structureSummaryProperty() {
        return structureSummary.getReadOnlyProperty();
    }

    /** Elements of the structure set, in order of first appearance. */
    public ObservableList<String> elements() {
        return elements;
    }

    /** Number of structures loaded from the selected artefact. */
    public int structureCount() {
        return loaded.size();
    }

    /** The folder of UPF files the pseudopotentials are chosen from (null when none is known). */
    public ReadOnlyObjectProperty<Path> pseudoDirProperty() {
        return pseudoDir.getReadOnlyProperty();
    }

    /** One entry per element of the structure set. */
    public ObservableList<PseudoChoice> pseudos() {
        return pseudos;
    }

    /** What the chosen pseudopotentials suggest for the cutoffs. */
    public ReadOnlyStringProperty cutoffHintProperty() {
        return cutoffHint.getReadOnlyProperty();
    }

    /** Wave-function cutoff (Ry). */
    public ObjectProperty<Double> ecutwfcProperty() {
        return ecutwfc;
    }

    /** Charge-density cutoff (Ry); null = 4 × ecutwfc (norm-conserving) or 8 × (ultrasoft, PAW). */
    public ObjectProperty<Double> ecutrhoProperty() {
        return ecutrho;
    }

    public ObjectProperty<KMode> kModeProperty() {
        return kMode;
    }

    /** k-point spacing (Å⁻¹, 2π included) with {@link KMode#SPACING}. */
    public ObjectProperty<Double> kSpacingProperty() {
        return kSpacing;
    }

    /** Monkhorst–Pack mesh ("2x2x2") with {@link KMode#MESH}. */
    public StringProperty kMeshProperty() {
        return kMesh;
    }

    /** Smeared occupations (true, the default for displaced structures) or fixed ones (strict insulators). */
    public ObjectProperty<Boolean> smearingProperty() {
        return smearing;
    }

    /** One of {@link #SMEARINGS}. */
    public StringProperty smearingTypeProperty() {
        return smearingType;
    }

    /** Smearing width (Ry). */
    public ObjectProperty<Double> degaussProperty() {
        return degauss;
    }

    /** pw.x runs at a time. */
    public ObjectProperty<Integer> parallelJobsProperty() {
        return parallelJobs;
    }

    /** MPI processes per pw.x run (1 = no MPI launcher). */
    public ObjectProperty<Integer> mpiRanksProperty() {
        return mpiRanks;
    }

    /** Name of the dataset made (datasets/&lt;name&gt;.extxyz); an existing labelling of that name is resumed. */
    public StringProperty datasetNameProperty() {
        return datasetName;
    }

    /** What stops a run (missing pseudopotentials, mixed functionals, …), one sentence each. */
    public ObservableList<String> problems() {
        return problems;
    }

    /** What deserves a look but does not stop a run (cutoffs below the files' suggestions). */
    public ObservableList<String> warnings() {
        return warnings;
    }

    /** One row per structure of the run. */
    public ObservableList<JobRow> jobs() {
        return jobs;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The labelling task in progress (progress, message, cancel), null when none. */
    public ReadOnlyObjectProperty<Background.Task> taskProperty() {
        return task.getReadOnlyProperty();
    }

    /** How the last run ended. */
    public ReadOnlyStringProperty runSummaryProperty() {
        return runSummary.getReadOnlyProperty();
    }

    /** The dataset artefact the last run made or added to. */
    public ReadOnlyObjectProperty<Artefact> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** The dataset artefact imported last. */
    public ReadOnlyObjectProperty<Artefact> importedDatasetProperty() {
        return importedDataset.getReadOnlyProperty();
    }

    /** The pw.x program, from Preferences. */
    public String pwCommand() {
        return workbench.preferences().pwCommand();
    }

    /** The MPI launcher, from Preferences (split at spaces: "mpirun --oversubscribe"). */
    public String mpirunCommand() {
        return workbench.preferences().mpirunCommand();
    }

    // ------------------------------------------------------------------------------------------------ the form

    private void refreshStructures() {
        Project p = workbench.project();
        List<Artefact> list = p == null ? List.of() : p.artefacts(ArtefactKind.STRUCTURE);
        if (!list.equals(structures)) {
            structures.setAll(list);
        }
    }

    private void projectReplaced() {
        refreshStructures();
        Project opened = workbench.project();
        if (opened != null) {
            reportInterruptedBatches(opened);
        }
        if (!running.get()) {
            structure.set(null);
            loaded = List.of();
            loadedArtefact = null;
            elements.clear();
            structureSummary.set("");
            jobs.clear();
            lastRun = null;
            runSummary.set("");
            rebuildPseudos();
        }
    }

    /**
     * Looks for labelling batches (jobs/label-*) that an earlier session left unfinished — pw.x runs queued or running
     * when Kiseki was closed — and says in the log how to continue them: choosing the same structure set and pressing
     * Run Labelling resumes the batch (finished results are kept, nothing is computed twice).
     */
    public Background.Task reportInterruptedBatches(Project project) {
        Path jobsDir = project.dir().resolve(ArtefactKind.JOB.folder());
        boolean anyBatch;
        try (var dirs = Files.list(jobsDir)) {
            anyBatch = dirs.anyMatch(d -> d.getFileName().toString().startsWith("label-") && Files.isDirectory(d));
        } catch (IOException e) {
            anyBatch = false;
        }
        if (!anyBatch) {
            return null;
        }
        return workbench.background().submit(workbench.text("labelling.task.scan"), () -> {
            List<String> found = new ArrayList<>();
            try (var dirs = Files.list(jobsDir)) {
                for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("label-")
                        && Files.isDirectory(d)).sorted().toList()) {
                    int unfinished = 0;
                    int total = 0;
                    try (JobStore store = JobStore.open(dir)) {
                        for (kiseki.jobs.Job job : store.jobs()) {
                            total++;
                            if (job.state() == kiseki.jobs.JobState.QUEUED
                                    || job.state() == kiseki.jobs.JobState.RUNNING) {
                                unfinished++;
                            }
                        }
                    } catch (IOException e) {
                        continue; // a batch another process holds open is being worked on: nothing to report
                    }
                    if (unfinished > 0) {
                        found.add(workbench.text("labelling.log.interrupted", dir.getFileName(), unfinished, total));
                    }
                }
            }
            return found;
        }, lines -> lines.forEach(line -> workbench.log(Workbench.Level.WARNING, line)),
                e -> workbench.error(workbench.text("labelling.task.scan"), e));
    }

    /** Selects a structure set of the project and reads it (elements, count); the pseudopotentials follow. */
    public Background.Task select(Artefact artefact) {
        if (artefact.kind() != ArtefactKind.STRUCTURE) {
            throw new IllegalArgumentException(artefact.name() + " is a " + artefact.kind() + ", not a structure");
        }
        structure.set(artefact);
        return load();
    }

    /** Chooses the folder of UPF files and scans it. */
    public Background.Task setPseudoDir(Path dir) {
        pseudoDir.set(dir == null ? null : dir.toAbsolutePath().normalize());
        if (dir != null) {
            workbench.preferences().put(PSEUDO_DIR_KEY, pseudoDir.get().toString());
            workbench.preferences().flush();
        }
        return load();
    }

    private record Loaded(Artefact artefact, Path pseudoDir, List<Structure> structures, PseudoLibrary library) {
    }

    private Background.Task load() {
        Artefact a = structure.get();
        Path dir = pseudoDir.get();
        Project p = workbench.project();
        String what = a == null ? String.valueOf(dir) : a.name();
        return workbench.background().submit(workbench.text("labelling.task.load", what), () -> {
            List<Structure> list = a == null || p == null ? List.of() : readStructures(p.resolve(a));
            PseudoLibrary lib = dir == null ? null : PseudoLibrary.scan(List.of(dir));
            return new Loaded(a, dir, list, lib);
        }, this::loaded, t -> workbench.error(workbench.text("labelling.error.load", what), t));
    }

    private static List<Structure> readStructures(Path file) throws Exception {
        List<Frame> frames = StructureFormats.resolve(file, null).readAll(file, ReadOptions.DEFAULT);
        return frames.stream().map(Frame::structure).toList();
    }

    private void loaded(Loaded l) {
        if (!Objects.equals(l.artefact, structure.get()) || !Objects.equals(l.pseudoDir, pseudoDir.get())) {
            return; // the user chose something else meanwhile; that load reports itself
        }
        boolean newSet = !Objects.equals(loadedArtefact, l.artefact);
        loaded = l.structures;
        loadedArtefact = l.artefact;
        library = l.library;
        if (l.library != null) {
            for (String problem : l.library.problems()) {
                workbench.log(Workbench.Level.WARNING, problem);
            }
        }
        LinkedHashSet<String> symbols = new LinkedHashSet<>();
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        for (Structure s : loaded) {
            for (int i = 0; i < s.size(); i++) {
                symbols.add(s.element(i).symbol());
            }
            fewest = Math.min(fewest, s.size());
            most = Math.max(most, s.size());
        }
        elements.setAll(symbols);
        structureSummary.set(loaded.isEmpty() ? "" : workbench.text("labelling.structureSummary", loaded.size(),
                fewest == most ? Integer.toString(most) : fewest + "–" + most, String.join(" ", symbols)));
        if (newSet && !running.get()) {
            // the table and the retries belong to the set labelled last
            jobs.clear();
            lastRun = null;
            runSummary.set("");
            datasetName.set(l.artefact == null ? "" : freeDatasetName(l.artefact.name() + "-dft"));
        }
        rebuildPseudos();
    }

    private void rebuildPseudos() {
        List<PseudoChoice> list = new ArrayList<>();
        PseudoAssignment auto = library == null ? null : PseudoAssignment.choose(library, elements);
        for (String el : elements) {
            List<Upf> candidates = library == null ? List.of() : library.forElement(el);
            PseudoChoice c = new PseudoChoice(el, candidates, auto == null ? null : auto.get(el).orElse(null));
            c.chosenProperty().addListener((o, a, b) -> {
                suggestCutoffs();
                validate();
            });
            list.add(c);
        }
        pseudos.setAll(list);
        suggestCutoffs();
        validate();
    }

    /** The assignment the form describes (elements without a file are missing). */
    PseudoAssignment assignment() {
        PseudoLibrary lib = library != null ? library : new PseudoLibrary(List.of(), List.of(), List.of());
        PseudoAssignment a = PseudoAssignment.choose(new PseudoLibrary(lib.dirs(), List.of(), List.of()), elements);
        for (PseudoChoice c : pseudos) {
            if (c.chosen() != null) {
                a = a.with(c.element(), c.chosen());
            }
        }
        return a;
    }

    /** Sets the cutoffs the chosen files suggest (largest over the elements); leaves them when none suggests any. */
    private void suggestCutoffs() {
        if (pseudos.isEmpty()) {
            cutoffHint.set("");
            return;
        }
        PseudoAssignment a = assignment();
        OptionalDouble wfc = a.suggestedEcutwfc();
        OptionalDouble rho = a.suggestedEcutrho();
        if (wfc.isEmpty()) {
            cutoffHint.set(workbench.text("labelling.cutoff.noHint"));
            return;
        }
        ecutwfc.set(wfc.getAsDouble());
        // pw.x needs ecutrho >= 4 × ecutwfc; files may suggest less (pslibrary's Li: 103 and 410 Ry)
        ecutrho.set(rho.isPresent() ? Math.max(rho.getAsDouble(), 4 * wfc.getAsDouble()) : null);
        cutoffHint.set(rho.isPresent()
                ? workbench.text("labelling.cutoff.hint", trim(wfc.getAsDouble()), trim(rho.getAsDouble()))
                : workbench.text("labelling.cutoff.hintWfc", trim(wfc.getAsDouble())));
    }

    private void validate() {
        List<String> p = new ArrayList<>();
        List<String> w = new ArrayList<>();
        if (!elements.isEmpty()) {
            if (pseudoDir.get() == null) {
                p.add(workbench.text("labelling.problem.noPseudoDir"));
            }
            PseudoAssignment a = assignment();
            p.addAll(a.problems());
            Double wfc = ecutwfc.get();
            if (wfc != null && wfc > 0) {
                w.addAll(a.cutoffWarnings(wfc, ecutrho.get() != null ? ecutrho.get()
                        : (a.anyAugmented() ? 8 : 4) * wfc));
            }
        }
        problems.setAll(p);
        warnings.setAll(w);
    }

    /** A snapshot of the form, taken on the UI thread and turned into settings on the worker. */
    private record Form(Double ecutwfc, Double ecutrho, KMode kMode, Double kSpacing, String kMesh, boolean smearing,
            String smearingType, Double degauss, Integer jobs, Integer mpi, String datasetName) {
    }

    private Form form() {
        return new Form(ecutwfc.get(), ecutrho.get(), kMode.get(), kSpacing.get(), kMesh.get(),
                Boolean.TRUE.equals(smearing.get()), smearingType.get(), degauss.get(), parallelJobs.get(),
                mpiRanks.get(), datasetName.get());
    }

    /** The pw.x settings the form describes. */
    public PwSettings settings() {
        return settings(form());
    }

    private PwSettings settings(Form f) {
        if (f.ecutwfc == null) {
            throw new IllegalArgumentException(workbench.text("labelling.problem.noEcutwfc"));
        }
        KPoints k = switch (f.kMode == null ? KMode.SPACING : f.kMode) {
            case GAMMA -> KPoints.gamma();
            case SPACING -> {
                if (f.kSpacing == null) {
                    throw new IllegalArgumentException(workbench.text("labelling.problem.noSpacing"));
                }
                yield KPoints.spacing(f.kSpacing);
            }
            case MESH -> {
                int[] n = Supercells.parseSize(f.kMesh == null ? "" : f.kMesh);
                yield KPoints.mesh(n[0], n[1], n[2]);
            }
        };
        PwSettings s = PwSettings.DEFAULTS.withCutoffs(f.ecutwfc, f.ecutrho).withKpoints(k);
        if (f.smearing) {
            if (f.degauss == null) {
                throw new IllegalArgumentException(workbench.text("labelling.problem.noDegauss"));
            }
            s = s.withSmearing(f.smearingType == null ? "mv" : f.smearingType, f.degauss);
        } else {
            s = s.withFixedOccupations();
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------ running

    /** Everything a run needs, fixed when it starts (a retry reuses it). */
    private record RunSetup(Artefact structure, List<Structure> structures, PwSettings settings,
            PseudoAssignment pseudos, String stem, int jobs, int mpi, String pw, List<String> mpirun) {
    }

    /** How a run ended. */
    private record Outcome(Labelling.Summary summary, Artefact dataset, boolean datasetIsNew) {
    }

    /**
     * Labels every structure of the selected set with pw.x (off the UI thread): the job table follows the jobs, the
     * results go into the dataset named in the form, recorded in the project with the structure set as parent.
     * {@code then} receives the dataset artefact (null when no structure converged).
     */
    public Background.Task run(Consumer<Artefact> then) {
        Artefact a = structure.get();
        List<Structure> list = loaded;
        Form f = form();
        PseudoAssignment pseudoAssignment = assignment();
        String pw = pwCommand();
        List<String> mpirun = Arrays.stream(mpirunCommand().strip().split("\\s+")).filter(s -> !s.isEmpty())
                .toList();
        return start(workbench.text("labelling.task.run", a == null ? "" : a.name()), () -> {
            workbench.requireProject();
            if (a == null || list.isEmpty()) {
                throw new IllegalStateException(workbench.text("labelling.problem.noStructure"));
            }
            if (!pseudoAssignment.isUsable()) {
                throw new IllegalArgumentException(String.join("; ", pseudoAssignment.problems()));
            }
            PwSettings s = settings(f);
            int jobsAtOnce = f.jobs == null ? 1 : f.jobs;
            int ranks = f.mpi == null ? 1 : f.mpi;
            String stem = fileStem(f.datasetName);
            if (stem.isEmpty()) {
                throw new IllegalArgumentException(workbench.text("labelling.problem.noDatasetName"));
            }
            requireProgram(pw);
            if (ranks > 1) {
                requireProgram(mpirun.isEmpty() ? "mpirun" : mpirun.get(0));
            }
            return new RunSetup(a, list, s, pseudoAssignment, stem, jobsAtOnce, ranks, pw, mpirun);
        }, null, then);
    }

    /** Runs a failed or cancelled job again (the labelling resumes: other cancelled jobs run again too). */
    public Background.Task retry(JobRow row, Consumer<Artefact> then) {
        RunSetup setup = lastRun;
        if (!canRetry(row)) {
            throw new IllegalStateException(workbench.text("labelling.problem.cannotRetry", row.index() + 1));
        }
        return start(workbench.text("labelling.task.retry", row.index() + 1, row.jobId()), () -> setup, row.jobId(),
                then);
    }

    /** Whether {@link #retry} applies to the row now. */
    public boolean canRetry(JobRow row) {
        return !running.get() && lastRun != null && jobs.contains(row) && !row.jobId().isEmpty()
                && (row.state() == JobRow.State.FAILED || row.state() == JobRow.State.CANCELLED);
    }

    /** Stops the whole run: queued jobs are cancelled, running pw.x processes killed. */
    public void cancel() {
        Background.Task t = task.get();
        if (t != null) {
            t.cancel();
        }
        Labelling l = labelling;
        if (l != null) {
            l.cancel();
        }
    }

    /** Stops one job of the run (queued: it never starts; running: its pw.x is killed); the others go on. */
    public boolean cancel(JobRow row) {
        Labelling l = labelling;
        return l != null && !row.jobId().isEmpty() && l.cancel(row.jobId());
    }

    private interface SetupSource {
        RunSetup get() throws Exception;
    }

    private Background.Task start(String name, SetupSource setupSource, String retryJob, Consumer<Artefact> then) {
        if (running.get()) {
            throw new IllegalStateException(workbench.text("labelling.problem.running"));
        }
        running.set(true);
        runSummary.set("");
        Project project = workbench.project();
        Background.Task t = workbench.background().run(name, context -> {
            RunSetup setup = setupSource.get();
            workbench.uiExecutor().execute(() -> {
                lastRun = setup;
                if (jobs.size() != setup.structures.size() || retryJob == null) {
                    List<JobRow> rows = new ArrayList<>();
                    for (int i = 0; i < setup.structures.size(); i++) {
                        rows.add(new JobRow(i));
                    }
                    jobs.setAll(rows);
                }
            });
            return label(project, setup, retryJob, context);
        }, outcome -> {
            running.set(false);
            task.set(null);
            finished(outcome);
            then.accept(outcome.dataset);
        }, e -> {
            running.set(false);
            task.set(null);
            if (e instanceof java.util.concurrent.CancellationException) {
                workbench.info(workbench.text("labelling.log.cancelled"));
            } else {
                workbench.error(workbench.text("labelling.error.run"), e);
            }
        });
        if (running.get()) {
            task.set(t); // (a headless test's direct executor may already have finished it)
        }
        return t;
    }

    private Outcome label(Project project, RunSetup setup, String retryJob, Background.Context context)
            throws Exception {
        Path datasetFile = project.dir().resolve(ArtefactKind.DATASET.folder()).resolve(setup.stem + ".extxyz");
        Path workDir = project.dir().resolve(ArtefactKind.JOB.folder()).resolve("label-" + setup.stem);
        String datasetRel = relative(project, datasetFile);
        String workRel = relative(project, workDir);
        Artefact existingDataset = find(project, datasetRel);
        Artefact existingJob = find(project, workRel);
        if (existingDataset != null && existingJob == null) {
            throw new IllegalArgumentException(workbench.text("labelling.problem.datasetTaken", setup.stem));
        }
        boolean resuming = Files.isDirectory(workDir.resolve("job-0001"));
        if (retryJob != null) {
            try (JobStore store = JobStore.open(workDir)) {
                Job job = store.get(retryJob);
                if (job.state() == JobState.FAILED) {
                    store.requeue(retryJob); // the labelling itself requeues cancelled jobs
                }
            }
        }
        int total = setup.structures.size();
        workbench.info(workbench.text(resuming ? "labelling.log.resuming" : "labelling.log.starting", total,
                setup.structure.name(), trim(setup.settings.ecutwfc()), setup.settings.kpoints().describe(),
                setup.jobs, relative(project, workDir)));
        Labelling.Request request = new Labelling.Request(setup.structures, setup.structure.name(), setup.settings,
                setup.pseudos, workDir, datasetFile, setup.jobs, setup.mpi, setup.pw, setup.mpirun, null);
        Labelling l = new Labelling(request);
        Map<String, JobState> states = new ConcurrentHashMap<>();
        context.progress(0, workbench.text("labelling.progress", 0, total));
        Labelling.Listener listener = new Labelling.Listener() {
            @Override
            public void ready(List<Job> all) {
                for (Job job : all) {
                    states.put(job.id(), job.state());
                    ui(job, row -> row.update(job));
                }
            }

            @Override
            public void jobChanged(Job job) {
                states.put(job.id(), job.state());
                ui(job, row -> row.update(job));
                report(job.id() + ": " + job.state().jsonName());
            }

            @Override
            public void progress(Job job, ProgressUpdate update) {
                ui(job, row -> row.progress(update));
                report(job.id() + ": " + update.text());
            }

            @Override
            public void collected(Job job, Frame frame) {
                double e = frame.energy();
                ui(job, row -> row.collected(e));
            }

            private void report(String latest) {
                long done = states.values().stream().filter(JobState::isFinal).count();
                context.progress((double) done / total, workbench.text("labelling.progress", done, total) + " — "
                        + latest);
            }
        };
        labelling = l;
        // the status bar's Cancel only raises the task's flag: pass it on to the labelling
        Thread watcher = Thread.ofVirtual().start(() -> {
            try {
                while (!context.isCancelled()) {
                    Thread.sleep(200);
                }
                l.cancel();
            } catch (InterruptedException e) {
                // the run ended
            }
        });
        Labelling.Summary summary;
        try {
            summary = l.run(listener);
        } finally {
            labelling = null;
            watcher.interrupt();
        }
        return record(project, setup, summary, existingJob, existingDataset);
    }

    /** Hands a change to the row of the job's structure (by the index each job records), on the UI thread. */
    private void ui(Job job, Consumer<JobRow> change) {
        if (!(job.parameters().get("index") instanceof Number n)) {
            return;
        }
        int index = n.intValue();
        workbench.uiExecutor().execute(() -> {
            if (index >= 0 && index < jobs.size()) {
                change.accept(jobs.get(index));
            }
        });
    }

    /** Records the job batch and the dataset in the project, as {@code kiseki qe label --project} does. */
    private Outcome record(Project project, RunSetup setup, Labelling.Summary summary, Artefact job, Artefact data)
            throws IOException {
        String hash = Labelling.settingsHash(setup.settings, setup.pseudos);
        if (job == null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("program", "pw.x");
            params.put("structures", setup.structure.name());
            params.put("count", setup.structures.size());
            params.put("settings_hash", hash);
            params.put("settings", JSON.readValue(setup.settings.withPseudopotentials(setup.pseudos).toJson(),
                    Map.class));
            params.put("parallel_jobs", setup.jobs);
            params.put("mpi_ranks", setup.mpi);
            job = project.register(ArtefactKind.JOB, relative(project, summary.workDir()),
                    workbench.text("labelling.jobName", setup.structure.name()), params,
                    List.of(setup.structure.id()));
        }
        boolean isNew = false;
        if (data == null && summary.framesInDataset() > 0) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("frames", summary.framesInDataset());
            params.put("labelled_with", "pw.x");
            params.put("settings_hash", hash);
            params.put("structures", setup.structure.name());
            data = project.register(ArtefactKind.DATASET, relative(project, summary.dataset()), setup.stem, params,
                    List.of(setup.structure.id(), job.id()));
            isNew = true;
        }
        return new Outcome(summary, data, isNew);
    }

    private void finished(Outcome o) {
        Labelling.Summary s = o.summary;
        String text = workbench.text("labelling.summary", s.converged(), s.total(), s.failed(), s.cancelled(),
                s.framesAdded(), s.framesInDataset(), String.format(Locale.ROOT, "%.1f", s.seconds()));
        runSummary.set(text);
        workbench.info(text);
        s.failures().forEach((id, reason) -> workbench.log(Workbench.Level.WARNING,
                workbench.text("labelling.log.failed", id, reason)));
        if (o.dataset != null) {
            dataset.set(o.dataset);
            workbench.info(workbench.text(o.datasetIsNew ? "labelling.log.datasetMade" : "labelling.log.datasetGrew",
                    o.dataset.name(), s.framesInDataset()));
        }
        workbench.projectChanged();
        if (s.pending() == 0 && s.failed() == 0 && s.cancelled() == 0 && structure.get() != null) {
            // all done: the next run makes a new dataset rather than resuming this one
            datasetName.set(freeDatasetName(structure.get().name() + "-dft"));
        }
    }

    // ------------------------------------------------------------------------------------------------ import

    /**
     * Imports an existing extxyz dataset into the project: every frame is checked first (a finite energy and forces),
     * then the file is copied to datasets/ and recorded; frames, atoms and elements are reported in the log, and any
     * problem with its file and line.
     */
    public Background.Task importDataset(Path file, Consumer<Artefact> then) {
        return workbench.background().submit(workbench.text("labelling.task.importDataset", file.getFileName()),
                () -> DatasetImport.importInto(workbench.requireProject(), file, null), a -> {
                    importedDataset.set(a);
                    Object els = a.parameter("elements");
                    workbench.info(workbench.text("labelling.log.importedDataset", file.getFileName(),
                            a.parameter("frames"), a.parameter("atoms"),
                            els instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf)
                                    .toList()) : String.valueOf(els)));
                    workbench.projectChanged();
                    then.accept(a);
                }, t -> workbench.error(workbench.text("labelling.error.importDataset", file.getFileName()), t));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The folder remembered in Preferences, else the shared pseudopotentials beside the Kiseki folder. */
    static Path defaultPseudoDir(String remembered) {
        if (remembered != null && Files.isDirectory(Path.of(remembered))) {
            return Path.of(remembered).toAbsolutePath().normalize();
        }
        for (String candidate : List.of("../shared/pseudo", "../../shared/pseudo")) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** {@code base}, or base-2, base-3 … when datasets/ or jobs/ already hold that name. */
    private String freeDatasetName(String base) {
        Project p = workbench.project();
        String stem = fileStem(base);
        if (p == null || stem.isEmpty()) {
            return stem;
        }
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? stem : stem + "-" + n;
            if (!Files.exists(p.dir().resolve(ArtefactKind.DATASET.folder()).resolve(candidate + ".extxyz"))
                    && !Files.exists(p.dir().resolve(ArtefactKind.JOB.folder()).resolve("label-" + candidate))) {
                return candidate;
            }
        }
    }

    /** A file-name-safe form of a dataset name. */
    static String fileStem(String name) {
        if (name == null) {
            return "";
        }
        String s = name.strip().replaceAll("\\.extxyz$", "").replaceAll("[^A-Za-z0-9._-]+", "-")
                .replaceAll("^[.-]+", "");
        return s.length() > 80 ? s.substring(0, 80) : s;
    }

    /** Fails with a message naming the program and Preferences when it cannot be found. */
    private void requireProgram(String command) {
        if (!programExists(command)) {
            throw new IllegalStateException(workbench.text("labelling.problem.noProgram", command));
        }
    }

    static boolean programExists(String command) {
        if (command == null || command.isBlank()) {
            return false;
        }
        if (command.contains("/") || command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }

    /** The artefact recorded at a project path, or null. */
    private static Artefact find(Project project, String relative) {
        return project.artefacts().stream().filter(a -> a.path().equals(relative)).findFirst().orElse(null);
    }

    private static String relative(Project project, Path p) {
        return project.dir().relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
