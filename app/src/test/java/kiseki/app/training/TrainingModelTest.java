package kiseki.app.training;

import kiseki.app.Background;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.dataset.DatasetImport;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.nnp.NnpModel;
import kiseki.nnp.NnpPotential;
import kiseki.potential.PotentialResult;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import kiseki.train.EpochRecord;
import kiseki.train.TrainingRun;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Training tab's view-model, without a screen, on the first frames of the shared LGPS set. */
class TrainingModelTest {

    private final Workbench workbench = TestSupport.headlessWorkbench("en");

    @AfterEach
    void close() {
        workbench.close();
    }

    /** A project holding the first {@code frames} LGPS frames (50 atoms, 52 lines each) as a dataset. */
    static Artefact lgpsProject(Workbench workbench, Path tmp, int frames) throws Exception {
        Path data = TestSupport.shared("data/lgps/lgps_init_590.extxyz");
        Path slice = tmp.resolve("lgps" + frames + ".extxyz");
        Files.write(slice, Files.readAllLines(data).subList(0, 52 * frames));
        TestSupport.await(workbench.newProject(tmp.resolve("project"), "LGPS", p -> { }), Duration.ofSeconds(20));
        Artefact dataset = DatasetImport.importInto(workbench.project(), slice, null);
        workbench.projectChanged();
        return dataset;
    }

    @Test
    void startsFromTheCommandsDefaultsAndOffersQuickTrialSettings() {
        TrainingModel model = new TrainingModel(workbench);
        assertEquals(TrainingRun.Options.DEFAULTS, model.options());
        assertEquals("delta", model.modelProperty().get());
        assertEquals(1000, model.epochsProperty().get());
        assertEquals(250, model.energyEpochsProperty().get());
        assertEquals(6.0, model.pairCutoffProperty().get());
        model.quickTrial();
        assertEquals(8, model.radialProperty().get());
        assertEquals(4, model.angularProperty().get());
        assertEquals(1, model.hiddenLayersProperty().get());
        assertEquals(10, model.nodesProperty().get());
        assertEquals(5, model.epochsProperty().get());
        assertEquals(2, model.energyEpochsProperty().get());
        model.cutoffProperty().set(5.5);
        assertEquals(5.5, model.pairCutoffProperty().get(), "the pair term uses the descriptor cutoff");
        model.optimizerProperty().set("adam");
        assertFalse(model.warmupApplies().get());
        model.ensembleProperty().set(3);
        model.patienceProperty().set(40);
        model.timeLimitMinutesProperty().set(2.5);
        assertEquals(3, model.options().ensemble());
        assertEquals(40, model.options().patience());
        assertEquals(java.time.Duration.ofSeconds(150), model.options().timeLimit());
        model.resetToDefaults();
        assertEquals(TrainingRun.Options.DEFAULTS, model.options());
        assertEquals(null, model.options().timeLimit(), "0 minutes means no limit");
        assertTrue(model.warmupApplies().get());
        // without a project there is nothing to train on
        assertTrue(model.datasets().isEmpty());
        assertThrows(IllegalStateException.class, () -> model.train(a -> { }));
    }

    @Test
    void fiveDeltaEpochsStoreAPotentialWithParityPairCurvesAndExports(@TempDir Path tmp) throws Exception {
        Artefact dataset = lgpsProject(workbench, tmp, 40);
        TrainingModel model = new TrainingModel(workbench);
        assertEquals(List.of(dataset), model.datasets());
        assertEquals(dataset, model.datasetProperty().get());
        model.quickTrial();
        Object[] stored = new Object[1];
        Background.Task task = model.train(a -> stored[0] = a);
        assertTrue(model.runningProperty().get() || task.whenDone().isDone());
        TestSupport.await(task, Duration.ofMinutes(2));
        assertFalse(model.runningProperty().get());

        assertEquals(5, model.records().size());
        assertEquals(List.of(1, 2, 3, 4, 5), model.records().stream().map(EpochRecord::epoch).toList());
        assertEquals("energy", model.records().get(0).phase());
        assertEquals("energy+forces", model.records().get(4).phase());
        assertEquals("epochs", model.stopReasonProperty().get());

        Project project = workbench.project();
        Artefact potential = model.potentialProperty().get();
        assertEquals(potential, stored[0]);
        assertEquals(ArtefactKind.POTENTIAL, potential.kind());
        assertEquals(List.of(dataset.id()), potential.parents());
        assertEquals("lgps40-delta", potential.name());
        assertEquals(5, ((Number) potential.parameter("epochs_run")).intValue());
        assertEquals(List.of(potential), project.artefacts(ArtefactKind.POTENTIAL));
        NnpModel trained = model.trainedModelProperty().get();
        NnpModel reloaded = NnpModel.read(project.resolve(potential));
        List<Frame> frames = StructureFormats.require("extxyz").readAll(project.resolve(dataset),
                ReadOptions.DEFAULT);
        for (Frame f : List.of(frames.get(0), frames.get(39))) {
            assertEquals(energy(trained, f.structure()), energy(reloaded, f.structure()), 0.0,
                    "the stored potential is the model the trainer returned");
        }
        Artefact log = model.trainingLogProperty().get();
        assertEquals(ArtefactKind.ANALYSIS, log.kind());
        assertEquals(List.of(potential.id()), log.parents());
        List<String> csv = Files.readAllLines(project.resolve(log));
        assertEquals(EpochRecord.CSV_HEADER, csv.get(0));
        assertEquals(6, csv.size());

        // 40 frames, validation fraction 0.1: 4 frames of 50 atoms held out
        TrainingRun.Parity parity = model.parityProperty().get();
        assertEquals("validation", parity.set());
        assertEquals(4, parity.frames());
        assertEquals(4, parity.predictedEnergy().length);
        assertEquals(4 * 50 * 3, parity.referenceForce().length);
        assertEquals(4 * 50 * 3, parity.predictedForce().length);
        assertTrue(parity.rmseForce() > 0 && parity.rmseForce() < 1, "force RMSE " + parity.rmseForce());

        // Δ-NNP: one φ(r) per element pair (Li, Ge, P, S), from 1 Å to the 6 Å cutoff
        assertFalse(model.pairCurves().isEmpty());
        assertEquals(trained.pairs().size(), model.pairCurves().size());
        for (TrainingRun.PairCurve c : model.pairCurves()) {
            assertEquals(501, c.r().length);
            assertEquals(0.0, c.phi()[500]);
        }
        assertTrue(model.statusProperty().get().startsWith("5 epochs (all epochs done)"),
                model.statusProperty().get());

        Path kiseki = tmp.resolve("out/lgps.nnp.json");
        Files.createDirectories(kiseki.getParent());
        TestSupport.await(model.export(kiseki, TrainingModel.ExportFormat.KISEKI), Duration.ofSeconds(20));
        assertEquals(energy(trained, frames.get(3).structure()), energy(NnpModel.read(kiseki),
                frames.get(3).structure()), 0.0);
        Path sannp = tmp.resolve("out/ffield.sannp");
        TestSupport.await(model.export(sannp, TrainingModel.ExportFormat.SANNP), Duration.ofSeconds(20));
        assertTrue(Files.readString(sannp).startsWith("3 1 1 1\n8 4 6"), Files.readString(sannp).substring(0, 30));

        assertTrue(model.open(dataset));
        assertFalse(model.open(potential));
    }

    @Test
    void anHdnnpHasNoPairCurves(@TempDir Path tmp) throws Exception {
        Artefact dataset = lgpsProject(workbench, tmp, 12);
        TrainingModel model = new TrainingModel(workbench);
        model.quickTrial();
        model.modelProperty().set("hdnnp");
        model.epochsProperty().set(3);
        model.energyEpochsProperty().set(1);
        model.validFractionProperty().set(0.25);
        TestSupport.await(model.train(a -> { }), Duration.ofMinutes(2));
        assertEquals(3, model.records().size());
        assertTrue(model.pairCurves().isEmpty());
        assertEquals(NnpModel.HDNNP, model.trainedModelProperty().get().kind());
        assertEquals(3, model.parityProperty().get().frames());
        assertEquals(List.of(dataset.id()), model.potentialProperty().get().parents());
        assertEquals("lgps12-hdnnp", model.potentialProperty().get().name());
    }

    @Test
    void cancelAfterTwoEpochsKeepsTheBestModel(@TempDir Path tmp) throws Exception {
        Artefact dataset = lgpsProject(workbench, tmp, 12);
        TrainingModel model = new TrainingModel(workbench);
        model.quickTrial();
        model.epochsProperty().set(200);
        model.records().addListener((ListChangeListener<EpochRecord>) c -> {
            if (model.records().size() == 2) {
                model.cancel();
            }
        });
        TestSupport.await(model.train(a -> { }), Duration.ofMinutes(2));
        assertEquals(2, model.records().size());
        assertEquals("cancelled", model.stopReasonProperty().get());
        Artefact potential = model.potentialProperty().get();
        assertNotNull(potential);
        assertEquals(List.of(dataset.id()), potential.parents());
        assertEquals("cancelled", potential.parameter("stop_reason"));
        NnpModel reloaded = NnpModel.read(workbench.project().resolve(potential));
        assertEquals(model.trainedModelProperty().get().members().get(0).get(0)[3],
                reloaded.members().get(0).get(0)[3]);
        assertTrue(model.statusProperty().get().contains("cancelled, best model kept"),
                model.statusProperty().get());
    }

    @Test
    void cancelBeforeTheFirstEpochStoresNothing(@TempDir Path tmp) throws Exception {
        lgpsProject(workbench, tmp, 6);
        TrainingModel model = new TrainingModel(workbench);
        model.quickTrial();
        // the status turns to "Computing descriptors" on the worker just before the trainer starts
        model.statusProperty().addListener((o, a, b) -> {
            if (b.startsWith("Computing descriptors")) {
                model.cancel();
            }
        });
        Background.Task task = model.train(a -> { });
        TestSupport.await(task, Duration.ofSeconds(60));
        assertEquals(Background.State.CANCELLED, task.stateProperty().get());
        assertTrue(model.records().isEmpty());
        assertNull(model.potentialProperty().get());
        assertNull(model.trainedModelProperty().get());
        assertTrue(workbench.project().artefacts(ArtefactKind.POTENTIAL).isEmpty());
        assertEquals("Training cancelled before the first epoch: nothing was stored.",
                model.statusProperty().get());
    }

    @Test
    void badOptionsAreReportedInTheLogAndStoreNothing(@TempDir Path tmp) throws Exception {
        lgpsProject(workbench, tmp, 6);
        TrainingModel model = new TrainingModel(workbench);
        model.quickTrial();
        model.radialProperty().set(0);
        model.angularProperty().set(0);
        TestSupport.await(model.train(a -> { }), Duration.ofSeconds(30));
        assertFalse(model.runningProperty().get());
        assertNull(model.potentialProperty().get());
        assertTrue(workbench.project().artefacts(ArtefactKind.POTENTIAL).isEmpty());
        Workbench.LogEntry last = workbench.log().get(workbench.log().size() - 1);
        assertEquals(Workbench.Level.ERROR, last.level());
        assertTrue(last.text().startsWith("Training on lgps6 failed: a Chebyshev descriptor needs a positive number "
                + "of functions"), last.text());
        assertEquals("Training failed: see the log.", model.statusProperty().get());
        assertThrows(IllegalStateException.class, () -> model.export(tmp.resolve("x.nnp.json"),
                TrainingModel.ExportFormat.KISEKI));
    }

    private static double energy(NnpModel model, Structure s) {
        try (NnpPotential p = new NnpPotential(model, 1)) {
            PotentialResult r = new PotentialResult(s.size(), true, false, false);
            p.compute(s, NeighborList.full(s, p.cutoff()), r);
            return r.energy;
        }
    }
}
