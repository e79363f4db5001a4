package kiseki.app.training;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
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
import kiseki.nnp.NnpModel;
import kiseki.nnp.SannpWriter;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.train.EpochRecord;
import kiseki.train.Trainer;
import kiseki.train.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * State of the Training tab: the form (the options of {@code kiseki train}, with its defaults), the live errors per
 * epoch, and when training is done the parity data of the validation frames, the fitted pair curves φ(r) of a Δ-NNP
 * and the potential stored in the project (parent: the dataset) with its training log. Trains through the same engine
 * service as the command ({@link TrainingRun}, {@link Trainer}); cancelling keeps the best model so far, as Ctrl-C
 * does. Holds no JavaFX nodes (tested without a screen).
 */
public final class TrainingModel {

    /** What {@link #export} writes. */
    public enum ExportFormat {
        /** Kiseki's own potential file (JSON). */
        KISEKI,
        /** ffield.sannp for LAMMPS pair_style nnp (NeuralMD family), as {@code kiseki export sannp} writes it. */
        SANNP
    }

    /** The choices of the form, as {@code kiseki train} spells them. */
    public static final List<String> MODELS = List.of("delta", "hdnnp");
    public static final List<String> DESCRIPTORS = List.of("chebyshev", "behler");
    public static final List<String> ACTIVATIONS = List.of("twtanh", "tanh", "sigmoid", "silu");
    public static final List<String> OPTIMIZERS = List.of("lbfgs", "adam");

    /** Pair curves are sampled from this distance (Å) to the cutoff, as the command's pair table. */
    static final double CURVE_FROM = 1.0;
    static final double CURVE_STEP = 0.01;

    private final Workbench workbench;

    private final ObservableList<Artefact> datasets = FXCollections.observableArrayList();
    private final ObjectProperty<Artefact> dataset = new SimpleObjectProperty<>();
    private final StringProperty model = new SimpleStringProperty();
    private final StringProperty descriptor = new SimpleStringProperty();
    private final IntegerProperty radial = new SimpleIntegerProperty();
    private final IntegerProperty angular = new SimpleIntegerProperty();
    private final DoubleProperty cutoff = new SimpleDoubleProperty();
    private final ReadOnlyDoubleWrapper pairCutoff = new ReadOnlyDoubleWrapper();
    private final IntegerProperty hiddenLayers = new SimpleIntegerProperty();
    private final IntegerProperty nodes = new SimpleIntegerProperty();
    private final StringProperty activation = new SimpleStringProperty();
    private final StringProperty optimizer = new SimpleStringProperty();
    private final IntegerProperty epochs = new SimpleIntegerProperty();
    private final IntegerProperty energyEpochs = new SimpleIntegerProperty();
    private final DoubleProperty forceWeight = new SimpleDoubleProperty();
    private final DoubleProperty validFraction = new SimpleDoubleProperty();
    private final LongProperty seed = new SimpleLongProperty();
    private final IntegerProperty threads = new SimpleIntegerProperty();
    private final IntegerProperty ensemble = new SimpleIntegerProperty();
    private final IntegerProperty patience = new SimpleIntegerProperty();
    private final DoubleProperty timeLimitMinutes = new SimpleDoubleProperty();
    private final BooleanBinding warmupApplies = optimizer.isEqualTo("lbfgs");

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Background.Task> task = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ObservableList<EpochRecord> records = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TrainingRun.Parity> parity = new ReadOnlyObjectWrapper<>();
    private final ObservableList<TrainingRun.PairCurve> pairCurves = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<NnpModel> trainedModel = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Artefact> potential = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Artefact> trainingLog = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<String> stopReason = new ReadOnlyObjectWrapper<>();

    public TrainingModel(Workbench workbench) {
        this.workbench = workbench;
        pairCutoff.bind(cutoff); // ffield.sannp shifts φ to zero at the NNP cutoff: one cutoff for both
        resetToDefaults();
        status.set(workbench.text("training.status.ready"));
        workbench.revisionProperty().addListener((o, a, b) -> refreshDatasets());
        workbench.projectProperty().addListener((o, a, b) -> refreshDatasets());
        refreshDatasets();
    }

    // ------------------------------------------------------------------------------------------------------ form

    /** Sets every option to the default of {@code kiseki train} (the seed's LGPS setting). */
    public void resetToDefaults() {
        apply(TrainingRun.Options.DEFAULTS);
    }

    /**
     * Small settings for a first look at a dataset in a minute or two: 8 radial and 4 angular Chebyshev functions,
     * one hidden layer of 10 nodes, 5 epochs of which 2 energy-only; the other options keep their defaults.
     */
    public void quickTrial() {
        TrainingRun.Options d = TrainingRun.Options.DEFAULTS;
        apply(new TrainingRun.Options(d.model(), "chebyshev", 8, 4, d.rcut(), 1, 10, d.activation(), "lbfgs", 5, 2,
                d.forceWeight(), d.validFraction(), d.seed(), d.ensemble(), d.patience(), d.timeLimit(), d.threads(),
                d.learningRate(), d.batch(), d.checkpointEvery()));
    }

    private void apply(TrainingRun.Options o) {
        model.set(o.model());
        descriptor.set(o.descriptor());
        radial.set(o.radial());
        angular.set(o.angular());
        cutoff.set(o.rcut());
        hiddenLayers.set(o.layers());
        nodes.set(o.nodes());
        activation.set(o.activation());
        optimizer.set(o.optimizer());
        epochs.set(o.epochs());
        energyEpochs.set(o.energyEpochs());
        forceWeight.set(o.forceWeight());
        validFraction.set(o.validFraction());
        seed.set(o.seed());
        threads.set(o.threads());
        ensemble.set(o.ensemble());
        patience.set(o.patience());
        timeLimitMinutes.set(o.timeLimit() == null ? 0 : o.timeLimit().toSeconds() / 60.0);
    }

    /** Independently trained members (their spread estimates the uncertainty); 1 = a single model. */
    public IntegerProperty ensembleProperty() {
        return ensemble;
    }

    /** Stop after this many epochs without a better validation error; 0 = never. */
    public IntegerProperty patienceProperty() {
        return patience;
    }

    /** Stop after this many minutes, keeping the best model; 0 = no limit. */
    public DoubleProperty timeLimitMinutesProperty() {
        return timeLimitMinutes;
    }

    /**
     * The form as the engine's options; what the form does not show (Adam's learning rate and batch, checkpoints)
     * keeps the command's default; checkpoints are not written, the tab stores the best
     * model when training ends.
     */
    public TrainingRun.Options options() {
        TrainingRun.Options d = TrainingRun.Options.DEFAULTS;
        return new TrainingRun.Options(model.get(), descriptor.get(), radial.get(), angular.get(), cutoff.get(),
                hiddenLayers.get(), nodes.get(), activation.get(), optimizer.get(), epochs.get(), energyEpochs.get(),
                forceWeight.get(), validFraction.get(), seed.get(), Math.max(1, ensemble.get()),
                Math.max(0, patience.get()), timeLimitMinutes.get() > 0
                        ? java.time.Duration.ofMillis(Math.round(timeLimitMinutes.get() * 60_000)) : null,
                threads.get(), d.learningRate(), d.batch(), d.checkpointEvery());
    }

    /** DATASET artefacts of the open project, oldest first (refreshed whenever the project changes). */
    public ObservableList<Artefact> datasets() {
        return datasets;
    }

    /** The dataset to train on. */
    public ObjectProperty<Artefact> datasetProperty() {
        return dataset;
    }

    /** "delta" (Δ-NNP) or "hdnnp". */
    public StringProperty modelProperty() {
        return model;
    }

    /** "chebyshev" or "behler". */
    public StringProperty descriptorProperty() {
        return descriptor;
    }

    public IntegerProperty radialProperty() {
        return radial;
    }

    public IntegerProperty angularProperty() {
        return angular;
    }

    /** Descriptor cutoff (Å). */
    public DoubleProperty cutoffProperty() {
        return cutoff;
    }

    /** Cutoff of the Δ pair term (Å): the descriptor cutoff, where ffield.sannp shifts φ to zero. */
    public ReadOnlyDoubleProperty pairCutoffProperty() {
        return pairCutoff.getReadOnlyProperty();
    }

    public IntegerProperty hiddenLayersProperty() {
        return hiddenLayers;
    }

    /** Nodes per hidden layer. */
    public IntegerProperty nodesProperty() {
        return nodes;
    }

    public StringProperty activationProperty() {
        return activation;
    }

    /** "lbfgs" or "adam". */
    public StringProperty optimizerProperty() {
        return optimizer;
    }

    /** Epochs in all, the energy-only warm-up included. */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** Energy-only warm-up epochs (L-BFGS only). */
    public IntegerProperty energyEpochsProperty() {
        return energyEpochs;
    }

    /** True when the warm-up applies (L-BFGS): the view disables its field otherwise. */
    public BooleanBinding warmupApplies() {
        return warmupApplies;
    }

    /** β in L = L_E + β·L_F. */
    public DoubleProperty forceWeightProperty() {
        return forceWeight;
    }

    public DoubleProperty validFractionProperty() {
        return validFraction;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public IntegerProperty threadsProperty() {
        return threads;
    }

    // ----------------------------------------------------------------------------------------------- run state

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The training task while it runs (null otherwise). */
    public ReadOnlyObjectProperty<Background.Task> taskProperty() {
        return task.getReadOnlyProperty();
    }

    /** One line on what the tab is doing or did. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * The errors after each epoch of the current (or last) run, appended live: energy RMSE in meV/atom and force RMSE
     * in eV/Å on the training and validation frames ({@link EpochRecord}).
     */
    public ObservableList<EpochRecord> records() {
        return records;
    }

    /** Predicted against reference values on the validation frames, once training is done (null before). */
    public ReadOnlyObjectProperty<TrainingRun.Parity> parityProperty() {
        return parity.getReadOnlyProperty();
    }

    /** φ(r) of every element pair of the fitted Δ term (empty for an HDNNP or before training is done). */
    public ObservableList<TrainingRun.PairCurve> pairCurves() {
        return pairCurves;
    }

    /** The model the trainer returned (the best parameters), null before training is done. */
    public ReadOnlyObjectProperty<NnpModel> trainedModelProperty() {
        return trainedModel.getReadOnlyProperty();
    }

    /** The POTENTIAL artefact the last run stored in the project. */
    public ReadOnlyObjectProperty<Artefact> potentialProperty() {
        return potential.getReadOnlyProperty();
    }

    /** The training log (CSV per epoch) of the last run, an ANALYSIS artefact whose parent is the potential. */
    public ReadOnlyObjectProperty<Artefact> trainingLogProperty() {
        return trainingLog.getReadOnlyProperty();
    }

    /** Why the last run stopped ("epochs", "cancelled", "converged (…)", …), as the trainer reports it. */
    public ReadOnlyObjectProperty<String> stopReasonProperty() {
        return stopReason.getReadOnlyProperty();
    }

    // ------------------------------------------------------------------------------------------------- actions

    /** Selects a dataset of the project; returns false for other kinds. */
    public boolean open(Artefact artefact) {
        if (artefact == null || artefact.kind() != ArtefactKind.DATASET) {
            return false;
        }
        refreshDatasets();
        datasets.stream().filter(a -> a.id().equals(artefact.id())).findFirst().ifPresent(dataset::set);
        return true;
    }

    /** Re-reads the project's datasets, keeping the selection when it is still there (else the newest one). */
    public void refreshDatasets() {
        Project p = workbench.project();
        List<Artefact> list = p == null ? List.of() : p.artefacts(ArtefactKind.DATASET);
        Artefact selected = dataset.get();
        datasets.setAll(list);
        Artefact keep = selected == null ? null
                : list.stream().filter(a -> a.id().equals(selected.id())).findFirst().orElse(null);
        dataset.set(keep != null ? keep : list.isEmpty() ? null : list.get(list.size() - 1));
    }

    /**
     * Trains on the selected dataset with the form's options, off the UI thread. Afterwards the potential and its
     * log are in the project, and {@code then} receives the potential artefact (also after a cancel that left at
     * least one epoch; a cancel before the first epoch stores nothing).
     */
    public Background.Task train(Consumer<Artefact> then) {
        Project project = workbench.requireProject();
        Artefact data = dataset.get();
        if (data == null) {
            throw new IllegalStateException(workbench.text("training.error.noDataset"));
        }
        if (running.get()) {
            throw new IllegalStateException(workbench.text("training.error.running"));
        }
        TrainingRun.Options options = options();
        Path file = project.resolve(data);
        records.clear();
        pairCurves.clear();
        parity.set(null);
        trainedModel.set(null);
        potential.set(null);
        trainingLog.set(null);
        stopReason.set(null);
        running.set(true);
        cancelPending = false;
        status.set(workbench.text("training.status.reading", data.name()));
        workbench.info(workbench.text("training.log.start", data.name(), describe(options)));
        Background.Task t = workbench.background().run(workbench.text("training.task", data.name()), context -> {
            Trainer.Settings settings = options.settings(null); // option errors reach the user before any work
            context.progress(-1, workbench.text("training.status.reading", data.name()));
            List<Frame> frames = StructureFormats.resolve(file, null).readAll(file, ReadOptions.DEFAULT);
            String descriptors = workbench.text("training.status.descriptors", frames.size());
            context.progress(-1, descriptors);
            workbench.uiExecutor().execute(() -> status.set(descriptors));
            Trainer.Result result = Trainer.train(frames, settings, listener(context, options.epochs()),
                    context::isCancelled);
            if (TrainingRun.firstLog(result).isEmpty()) {
                throw new CancellationException(workbench.text("training.log.cancelledEarly"));
            }
            context.progress(-1, workbench.text("training.status.parity"));
            TrainingRun.Parity validation = TrainingRun.parity(result.model(), frames, options, null);
            List<TrainingRun.PairCurve> curves = TrainingRun.pairCurves(result.model(), CURVE_FROM, CURVE_STEP);
            Artefact[] stored = store(project, data, options, result);
            return new Outcome(result, validation, curves, stored[0], stored[1]);
        }, outcome -> {
            Trainer.Result r = outcome.result;
            trainedModel.set(r.model());
            parity.set(outcome.parity);
            pairCurves.setAll(outcome.curves);
            potential.set(outcome.potential);
            trainingLog.set(outcome.log);
            stopReason.set(r.stopReason());
            EpochRecord best = Trainer.bestRecord(TrainingRun.firstLog(r));
            String summary = workbench.text("training.status.done", TrainingRun.firstLog(r).size(),
                    stopText(r.stopReason()), r.seconds(), best.trainRmseEMevAtom(), best.trainRmseFEvA(),
                    outcome.parity.rmseEnergyMevAtom(), outcome.parity.rmseForce());
            status.set(summary);
            finished();
            workbench.info(workbench.text("training.log.done", outcome.potential.name(), summary));
            workbench.projectChanged();
            then.accept(outcome.potential);
        }, e -> {
            finished();
            if (e instanceof CancellationException) {
                status.set(workbench.text("training.status.cancelled"));
                workbench.info(workbench.text("training.status.cancelled"));
            } else {
                status.set(workbench.text("training.status.failed"));
                workbench.error(workbench.text("training.error.train", data.name()), e);
            }
        });
        task.set(t);
        if (cancelPending) {
            // Cancel was asked for before the task was stored here (the worker can report progress that early)
            t.cancel();
        }
        return t;
    }

    /** Asks the running training to stop after the current epoch; the best model so far is kept. */
    public void cancel() {
        Background.Task t = task.get();
        if (t != null && running.get()) {
            t.cancel();
            status.set(workbench.text("training.status.cancelling"));
        } else if (running.get()) {
            cancelPending = true;
            status.set(workbench.text("training.status.cancelling"));
        }
    }

    /** A cancel that arrived while {@link #train} was still handing its task over. */
    private volatile boolean cancelPending;

    /** Writes the trained model to {@code target}: Kiseki's file or ffield.sannp. */
    public Background.Task export(Path target, ExportFormat format) {
        NnpModel m = trainedModel.get();
        if (m == null) {
            throw new IllegalStateException(workbench.text("training.error.nothingToExport"));
        }
        return workbench.background().submit(workbench.text("training.task.export", target.getFileName()), () -> {
            if (format == ExportFormat.SANNP) {
                SannpWriter.write(m, target);
            } else {
                m.write(target);
            }
            return target;
        }, p -> workbench.info(workbench.text("training.log.exported", p)),
                e -> workbench.error(workbench.text("training.error.export", target), e));
    }

    private record Outcome(Trainer.Result result, TrainingRun.Parity parity, List<TrainingRun.PairCurve> curves,
            Artefact potential, Artefact log) {
    }

    private void finished() {
        running.set(false);
        task.set(null);
    }

    private Trainer.Listener listener(Background.Context context, int total) {
        return new Trainer.Listener() {
            @Override
            public void message(String text) {
                workbench.info(text);
            }

            @Override
            public void epoch(int member, EpochRecord r) {
                if (member != 0) {
                    return;
                }
                String line = workbench.text("training.status.epoch", r.epoch(), total, r.trainRmseEMevAtom(),
                        r.trainRmseFEvA(), r.validRmseEMevAtom(), r.validRmseFEvA());
                context.progress(Math.min(1.0, r.epoch() / (double) total), line);
                workbench.uiExecutor().execute(() -> {
                    records.add(r);
                    if (running.get() && !(task.get() != null && task.get().isCancelRequested())) {
                        status.set(line);
                    }
                });
            }
        };
    }

    /** Stores the potential (parent: the dataset) and its per-epoch log (parent: the potential) in the project. */
    private Artefact[] store(Project project, Artefact data, TrainingRun.Options o, Trainer.Result result)
            throws java.io.IOException {
        String name = data.name() + "-" + o.model();
        Path dir = Workbench.scratch("kiseki-training");
        Path modelFile = dir.resolve(name + ".nnp.json");
        Path logFile = dir.resolve(name + "-log.csv");
        try {
            result.model().write(modelFile);
            List<EpochRecord> log = TrainingRun.firstLog(result);
            TrainingRun.writeLogCsv(logFile, log);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("model", o.model());
            params.put("descriptor", o.descriptor());
            params.put("radial", o.radial());
            params.put("angular", o.angular());
            params.put("rcut_A", o.rcut());
            params.put("hidden", o.hidden());
            params.put("activation", o.activation());
            params.put("optimizer", o.optimizer());
            params.put("epochs", o.epochs());
            params.put("energy_epochs", "lbfgs".equals(o.optimizer()) ? o.energyEpochs() : 0);
            params.put("force_weight", o.forceWeight());
            params.put("valid_fraction", o.validFraction());
            params.put("seed", o.seed());
            params.put("epochs_run", log.size());
            params.put("stop_reason", result.stopReason());
            params.put("train_frames", result.trainFrames());
            params.put("valid_frames", result.validFrames());
            params.put("seconds", Math.round(result.seconds() * 10) / 10.0);
            EpochRecord best = Trainer.bestRecord(log);
            putFinite(params, "train_rmse_e_mev_atom", best.trainRmseEMevAtom());
            putFinite(params, "train_rmse_f_ev_a", best.trainRmseFEvA());
            putFinite(params, "valid_rmse_e_mev_atom", best.validRmseEMevAtom());
            putFinite(params, "valid_rmse_f_ev_a", best.validRmseFEvA());
            Artefact pot = project.addFile(ArtefactKind.POTENTIAL, modelFile, name, params, List.of(data.id()));
            Map<String, Object> logParams = new LinkedHashMap<>();
            logParams.put("type", "training-log");
            logParams.put("epochs", log.size());
            Artefact logArtefact = project.addFile(ArtefactKind.ANALYSIS, logFile, name + "-log", logParams,
                    List.of(pot.id()));
            return new Artefact[] {pot, logArtefact};
        } finally {
            Files.deleteIfExists(modelFile);
            Files.deleteIfExists(logFile);
            Files.deleteIfExists(dir);
        }
    }

    /** The trainer's stop reason in the user's language where the bundle has it ("epochs", "cancelled"). */
    private String stopText(String reason) {
        String key = "training.stop." + reason;
        return workbench.messages().has(key) ? workbench.text(key) : reason;
    }

    private static void putFinite(Map<String, Object> params, String key, double value) {
        if (Double.isFinite(value)) {
            params.put(key, value);
        }
    }

    private String describe(TrainingRun.Options o) {
        return workbench.text("training.log.settings", o.model(), o.descriptor(), o.radial(), o.angular(), o.rcut(),
                o.hidden().toString(), o.activation(), o.optimizer(), o.epochs(),
                "lbfgs".equals(o.optimizer()) ? o.energyEpochs() : 0, o.forceWeight(), o.validFraction(),
                Long.toString(o.seed()), o.threads());
    }
}
