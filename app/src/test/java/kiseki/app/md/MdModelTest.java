package kiseki.app.md;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiseki.app.Background;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.app.analysis.RunSource;
import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.Descriptors;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.io.WriteOptions;
import kiseki.md.MdJobHandler;
import kiseki.md.MdRun;
import kiseki.nnp.Activation;
import kiseki.nnp.Network;
import kiseki.nnp.NnpModel;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MD tab's view-model without a screen: Lennard-Jones argon batches, cancel, the form's checks, playback. */
class MdModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Workbench workbench = TestSupport.headlessWorkbench("en");

    @AfterEach
    void close() {
        workbench.close();
    }

    /** The conventional fcc argon cell (4 atoms, a = 5.26 Å) as an extxyz file. */
    static Path argonCell(Path dir) throws Exception {
        double a = 5.26;
        Element ar = PeriodicTable.require("Ar");
        Structure s = Structure.fromFractional(Lattice.orthorhombic(a, a, a), new Element[] {ar, ar, ar, ar},
                new double[] {0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5});
        Path file = dir.resolve("argon.extxyz");
        StructureFormats.require("extxyz").write(file, List.of(new Frame(s)), WriteOptions.DEFAULT);
        return file;
    }

    /** A new project holding the argon cell, and a model set up for Lennard-Jones argon (ε 0.0104 eV, σ 3.40 Å). */
    private MdModel argonProject(Path tmp) throws Exception {
        TestSupport.await(workbench.newProject(tmp.resolve("argon-project"), "argon", p -> { }),
                Duration.ofSeconds(20));
        Artefact cell = workbench.project().addFile(ArtefactKind.STRUCTURE, argonCell(tmp), "argon", null, null);
        workbench.projectChanged();
        MdModel model = new MdModel(workbench);
        assertEquals(List.of(cell), model.structures());
        assertSame(cell, model.structureProperty().get(), "the newest structure is chosen");
        model.lennardJonesProperty().set(true);
        model.ljEpsilonProperty().set(0.0104);
        model.ljSigmaProperty().set(3.40);
        model.ljCutoffProperty().set(8.5);
        model.supercellAProperty().set(3);
        model.supercellBProperty().set(3);
        model.supercellCProperty().set(3);
        model.ensembleProperty().set(MdModel.Ensemble.NVT);
        model.thermostatProperty().set(MdModel.ThermostatKind.BUSSI);
        model.timestepFsProperty().set(2.0);
        model.seedProperty().set(7);
        return model;
    }

    @Test
    void anMdJobLeftUnfinishedIsResumedWhenTheProjectOpensAgain(@TempDir Path tmp) throws Exception {
        // a project with an MD job that an earlier session created but never finished (as after a crash)
        Path dir = tmp.resolve("left-over");
        kiseki.project.Project earlier = kiseki.project.Project.create(dir, "left-over");
        Artefact cell = earlier.addFile(ArtefactKind.STRUCTURE, argonCell(tmp), "argon", null, null);
        Structure start = kiseki.structure.Supercells.repeat(StructureFormats.require("extxyz")
                .readFirst(earlier.resolve(cell), kiseki.io.ReadOptions.DEFAULT).structure(), 2, 2, 2);
        kiseki.md.MdSettings settings = new kiseki.md.MdSettings("0.0104,3.40,8.5", null, "nvt", "csvr", 100, 50,
                2.0, 60, 10, 20, kiseki.md.TrajectoryFormat.EXTXYZ, 20, 3, 1);
        try (kiseki.jobs.JobStore store = kiseki.jobs.JobStore.open(kiseki.md.MdJobHandler.storeFolder(earlier))) {
            kiseki.md.MdJobHandler.create(store, settings, start,
                    new kiseki.md.MdJobHandler.Sources("argon-50K", "argon", cell.id(), null, null));
        }
        MdModel model = new MdModel(workbench);
        TestSupport.await(workbench.openProject(dir, p -> { }), Duration.ofSeconds(20));
        // the model starts the resumption when the project opens; wait for the artefact it registers
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (workbench.project().artefacts(ArtefactKind.MD_RUN).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Artefact> runs = workbench.project().artefacts(ArtefactKind.MD_RUN);
        assertEquals(1, runs.size(), workbench.log().toString());
        assertEquals(List.of(cell.id()), runs.get(0).parents());
        List<String> thermo = java.nio.file.Files.readAllLines(workbench.project().resolve(runs.get(0))
                .resolve("thermo.csv"));
        assertEquals(1 + 7, thermo.size(), "header + steps 0, 10, …, 60");
        assertTrue(workbench.log().stream().anyMatch(e -> e.text().startsWith("Resuming the interrupted MD run")),
                workbench.log().toString());
        while (model.runningProperty().get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(model.runningProperty().get());
    }

    @Test
    void aTwoTemperatureBatchStoresTwoRunsWithThermoTrajectoryAndProvenance(@TempDir Path tmp) throws Exception {
        MdModel model = argonProject(tmp);
        model.temperaturesProperty().set("40, 60");
        model.stepsProperty().set(100);
        model.thermoEveryProperty().set(10);
        model.trajectoryEveryProperty().set(25);
        assertEquals("", model.problemProperty().get());
        AtomicReference<List<Artefact>> made = new AtomicReference<>();
        List<MdRun.ThermoRecord> seen = new ArrayList<>();
        model.lastRecordProperty().addListener((o, a, r) -> seen.add(r));
        List<MdRun.ThermoRecord> heard = new ArrayList<>();
        List<LiveRun> heardRuns = new ArrayList<>();
        model.addRecordListener((run, r) -> {
            heard.add(r);
            heardRuns.add(run);
        });
        Background.Task task = model.run(made::set);
        TestSupport.await(task, Duration.ofSeconds(120));
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get());
        assertFalse(model.runningProperty().get());

        Project project = workbench.project();
        List<Artefact> runs = made.get();
        assertEquals(2, runs.size());
        assertEquals(runs, project.artefacts(ArtefactKind.MD_RUN));
        assertEquals(runs, model.runs(), "the tab lists the project's runs");
        Artefact cell = project.artefacts(ArtefactKind.STRUCTURE).get(0);
        double[] targets = {40, 60};
        for (int k = 0; k < 2; k++) {
            Artefact run = runs.get(k);
            String name = "argon-3x3x3-" + (int) targets[k] + "K";
            assertEquals(name, run.name());
            assertEquals("md-runs/job-000" + (k + 1), run.path(), "an MD job of the project");
            assertEquals(List.of(cell.id()), run.parents(), "Lennard-Jones has no potential artefact");
            assertEquals(targets[k], ((Number) run.parameter("temperature_K")).doubleValue());
            assertEquals("0.0104,3.4,8.5", run.parameter("lj"));
            assertEquals("csvr", run.parameter("thermostat"));
            assertEquals(2.0, ((Number) run.parameter("timestep_fs")).doubleValue());
            assertEquals(100, ((Number) run.parameter("steps")).intValue());
            assertEquals(25, ((Number) run.parameter("trajectory_every")).intValue());
            assertEquals(100, ((Number) run.parameter("restart_every")).intValue(), "10 thermo intervals");
            assertEquals(7, ((Number) run.parameter("seed")).intValue());
            assertEquals(cell.id(), run.parameter("structure_artefact"));
            assertEquals("structures/argon.extxyz (3x3x3 supercell)", run.parameter("structure_source"));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) run.parameter("result");
            assertEquals(100, ((Number) result.get("steps")).intValue());
            assertEquals(0.2, ((Number) result.get("time_ps")).doubleValue(), 1e-9);

            Path dir = project.resolve(run);
            assertEquals(108, StructureFormats.require("extxyz").readFirst(dir.resolve(MdJobHandler.START),
                    ReadOptions.DEFAULT).structure().size(), "the 3×3×3 supercell of the 4-atom cell");
            List<String> thermo = Files.readAllLines(MdModel.thermoFile(project, run));
            assertEquals(MdRun.CSV_HEADER, thermo.get(0));
            assertEquals(100 / 10 + 1, thermo.size() - 1, "thermo rows = steps / interval + 1");
            List<Frame> frames = StructureFormats.require("extxyz").readAll(MdModel.trajectoryFile(project, run),
                    ReadOptions.DEFAULT);
            assertEquals(dir.resolve("trajectory.extxyz"), MdModel.trajectoryFile(project, run));
            assertEquals(100 / 25 + 1, frames.size(), "frames at steps 0, 25, 50, 75, 100");
            assertEquals(108, frames.get(4).structure().size());
            assertEquals("100", frames.get(4).info().get("step"));
            assertEquals(100, JSON.readTree(dir.resolve(MdJobHandler.RESTART).toFile()).get("step").asInt());
            assertEquals("done", JSON.readTree(dir.resolve("job.json").toFile()).get("state").asText());
            // the Analysis tab finds the run's trajectory and temperature
            RunSource source = RunSource.ofArtefact(project, run);
            assertEquals(MdModel.trajectoryFile(project, run), source.trajectory());
            assertEquals(targets[k], source.temperatureK());
            assertEquals(2.0, source.timestepFs());
        }

        // live records: one series per temperature, every record of each run, in order
        assertEquals(2, model.live().size());
        assertEquals("40 K", model.live().get(0).label());
        assertEquals("60 K", model.live().get(1).label());
        for (LiveRun r : model.live()) {
            assertEquals(11, r.received());
            assertEquals(11, r.temperature().size());
            assertEquals(0.2, r.temperature().x(10), 1e-12, "step 100 of 2 fs");
            assertEquals(r.last().temperatureK(), r.temperature().y(10));
            assertEquals(r.last().potentialEnergy(), r.energy().y(10));
        }
        assertEquals(22, heard.size());
        assertEquals(List.of(0L, 10L, 20L), heard.subList(0, 3).stream().map(MdRun.ThermoRecord::step).toList());
        assertSame(model.live().get(1), heardRuns.get(21));
        assertEquals(22, seen.size());
        assertEquals(100, model.lastRecordProperty().get().step());
        double finalT = model.lastRecordProperty().get().temperatureK();
        assertTrue(finalT > 20 && finalT < 120, "60 K argon stays near its target, got " + finalT);
        assertTrue(model.statusProperty().get().startsWith("Finished: 2 run"), model.statusProperty().get());
        assertTrue(workbench.log().stream().anyMatch(e -> e.text().equals(
                "MD run argon-3x3x3-40K finished (100 steps); stored in md-runs/job-0001.")),
                workbench.log().toString());

        // the second run's trajectory in the player: frame by frame the positions of the file
        List<double[]> shown = new ArrayList<>();
        List<Structure> structures = new ArrayList<>();
        model.player().setSink(FrameSink.of(structures::add, shown::add));
        TestSupport.await(model.openRun(runs.get(1)), Duration.ofSeconds(20));
        Trajectory t = model.player().trajectory();
        assertNotNull(t);
        assertSame(runs.get(1), model.playerRun());
        assertSame(runs.get(1), model.selectedRunProperty().get());
        assertEquals(5, t.frameCount());
        assertEquals(1, t.stride());
        assertArrayEquals(new long[] {0, 25, 50, 75, 100}, t.steps());
        assertArrayEquals(new double[] {0, 50, 100, 150, 200}, t.timesFs(), 1e-9);
        List<Frame> frames = StructureFormats.require("extxyz").readAll(
                MdModel.trajectoryFile(project, runs.get(1)), ReadOptions.DEFAULT);
        assertEquals(1, structures.size());
        assertEquals(108, structures.get(0).size());
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                model.player().next();
            }
            assertEquals(i, model.player().frame());
            assertArrayEquals(frames.get(i).structure().positions(), shown.get(shown.size() - 1), 0.0);
        }
    }

    @Test
    void aCancelledRunContinuesFromWhereItStopped(@TempDir Path tmp) throws Exception {
        MdModel model = argonProject(tmp);
        model.temperaturesProperty().set("50");
        model.stepsProperty().set(200);
        model.thermoEveryProperty().set(5);
        model.trajectoryEveryProperty().set(20);
        AtomicBoolean once = new AtomicBoolean();
        model.lastRecordProperty().addListener((o, a, r) -> {
            if (r != null && r.step() >= 60 && once.compareAndSet(false, true)) {
                model.cancel();
            }
        });
        TestSupport.await(model.run(x -> { }), Duration.ofSeconds(120));
        assertEquals(List.of(), workbench.project().artefacts(ArtefactKind.MD_RUN));
        Background.Task resumed = model.continueCancelled();
        TestSupport.await(resumed, Duration.ofSeconds(120));
        List<Artefact> runs = workbench.project().artefacts(ArtefactKind.MD_RUN);
        assertEquals(1, runs.size(), workbench.log().toString());
        List<String> thermo = Files.readAllLines(workbench.project().resolve(runs.get(0)).resolve(MdJobHandler.THERMO));
        List<String> steps = thermo.subList(1, thermo.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList();
        List<String> expected = new java.util.ArrayList<>();
        for (int k = 0; k <= 200; k += 5) {
            expected.add(Integer.toString(k));
        }
        assertEquals(expected, steps, "every record once, the run continued from step 60 to 200");
        assertEquals(null, model.continueCancelled(), "nothing left to continue");
    }

    @Test
    void cancelStopsTheRunKeepsWhatItWroteAndSkipsTheRemainingTemperatures(@TempDir Path tmp) throws Exception {
        MdModel model = argonProject(tmp);
        model.supercellCProperty().set(2);
        model.temperaturesProperty().set("50 70");
        model.stepsProperty().set(1_000_000);
        model.thermoEveryProperty().set(5);
        model.trajectoryEveryProperty().set(20);
        // cancelled from the progress callback of step 60: the run ends at that step
        model.lastRecordProperty().addListener((o, a, r) -> {
            if (r != null && r.step() >= 60) {
                model.cancel();
            }
        });
        AtomicReference<List<Artefact>> made = new AtomicReference<>();
        Background.Task task = model.run(made::set);
        TestSupport.await(task, Duration.ofSeconds(120));
        assertEquals(Background.State.CANCELLED, task.stateProperty().get());
        assertEquals(List.of(), made.get(), "a cancelled run is not a finished MD run");
        assertEquals(List.of(), workbench.project().artefacts(ArtefactKind.MD_RUN));
        Path runs = workbench.project().dir().resolve("md-runs");
        assertFalse(Files.exists(runs.resolve("job-0002")), "the 70 K run never starts");
        Path dir = runs.resolve("job-0001");
        assertEquals("cancelled", JSON.readTree(dir.resolve("job.json").toFile()).get("state").asText());
        List<String> thermo = Files.readAllLines(dir.resolve(MdJobHandler.THERMO));
        assertEquals(60 / 5 + 1, thermo.size() - 1, "records every 5 steps from 0 to 60");
        assertTrue(thermo.get(thermo.size() - 1).startsWith("60,"), thermo.get(thermo.size() - 1));
        List<Frame> frames = StructureFormats.require("extxyz").readAll(dir.resolve(MdModel.TRAJECTORY_FILE),
                ReadOptions.DEFAULT);
        assertEquals(List.of("0", "20", "40", "60"), frames.stream().map(f -> f.info().get("step")).toList());
        // a restart file at the step where it stopped: the job can continue from there
        assertEquals(60, JSON.readTree(dir.resolve(MdJobHandler.RESTART).toFile()).get("step").asInt());
        assertTrue(workbench.log().stream().anyMatch(e -> e.text().startsWith(
                "MD run argon-3x3x2-50K was cancelled; what it wrote stays in md-runs/job-0001")),
                workbench.log().toString());
        assertEquals(1, model.live().size());
        assertEquals(60, model.live().get(0).last().step());
        assertTrue(model.statusProperty().get().startsWith("Cancelled: 0 finished run"),
                model.statusProperty().get());
        assertFalse(model.runningProperty().get());
    }

    @Test
    void theFormSaysWhatIsMissingBeforeARunCanStart(@TempDir Path tmp) throws Exception {
        MdModel model = new MdModel(workbench);
        assertEquals("Open or create a project first (File ▸ New Project).", model.problemProperty().get());
        assertThrows(IllegalStateException.class, () -> model.run(r -> { }));
        TestSupport.await(workbench.newProject(tmp.resolve("p"), "p", p -> { }), Duration.ofSeconds(20));
        assertEquals("Choose a potential of the project, or Lennard-Jones.", model.problemProperty().get());
        model.lennardJonesProperty().set(true);
        assertEquals("Choose a start structure of the project.", model.problemProperty().get());
        workbench.project().addFile(ArtefactKind.STRUCTURE, argonCell(tmp), "argon", null, null);
        workbench.projectChanged();
        assertEquals("", model.problemProperty().get());
        model.temperaturesProperty().set("600, abc");
        assertEquals("\"abc\" is not a temperature in kelvin (a number of 0 or more).", model.problemProperty().get());
        model.temperaturesProperty().set("0");
        assertEquals("\"0\" is not a temperature for NVT (a number above 0 K).", model.problemProperty().get());
        model.ensembleProperty().set(MdModel.Ensemble.NVE);
        assertEquals("", model.problemProperty().get(), "NVE may start from rest");
        model.temperaturesProperty().set(" 600;700  800 ");
        assertEquals(List.of(600.0, 700.0, 800.0), model.parseTemperatures());
        model.temperaturesProperty().set(" ");
        assertEquals("Enter one or more temperatures in kelvin, e.g. 600, 700, 800.", model.problemProperty().get());
        model.temperaturesProperty().set("600");
        model.ljCutoffProperty().set(3.0);
        assertEquals("Lennard-Jones needs ε > 0, σ > 0 and a cutoff larger than σ.", model.problemProperty().get());
        model.ljCutoffProperty().set(8.5);
        model.stepsProperty().set(0);
        assertEquals("The run needs at least 1 step.", model.problemProperty().get());
        model.stepsProperty().set(10);
        model.trajectoryEveryProperty().set(0);
        assertEquals("Output intervals must be at least 1 step.", model.problemProperty().get());
        model.trajectoryEveryProperty().set(5);
        model.supercellBProperty().set(0);
        assertEquals("Supercell repetitions must be at least 1.", model.problemProperty().get());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.run(r -> { }));
        assertEquals("Supercell repetitions must be at least 1.", e.getMessage());
        model.supercellBProperty().set(1);
        model.timestepFsProperty().set(0);
        assertEquals("The time step must be a positive number of femtoseconds.", model.problemProperty().get());
        Workbench ja = TestSupport.headlessWorkbench("ja");
        try {
            MdModel japanese = new MdModel(ja);
            assertEquals("先にプロジェクトを開くか作成してください (ファイル ▸ 新規プロジェクト)。",
                    japanese.problemProperty().get());
            assertEquals("準備完了。", japanese.statusProperty().get());
        } finally {
            ja.close();
        }
    }

    @Test
    void aTrainedPotentialOfTheProjectDrivesTheRunAndIsItsParent(@TempDir Path tmp) throws Exception {
        Path cif = TestSupport.shared("data/structures/LGPS_mp-696128.cif");
        TestSupport.await(workbench.newProject(tmp.resolve("lgps"), "LGPS", p -> { }), Duration.ofSeconds(20));
        Project project = workbench.project();
        Artefact lgps = project.addFile(ArtefactKind.STRUCTURE, cif, null, null, null);
        Path modelFile = tmp.resolve("random-hdnnp.json");
        randomModel(List.of("Li", "Ge", "P", "S"), 5).write(modelFile);
        Artefact pot = project.addFile(ArtefactKind.POTENTIAL, modelFile, "random HDNNP", null, null);
        workbench.projectChanged();
        MdModel model = new MdModel(workbench);
        assertSame(pot, model.potentialProperty().get());
        model.temperaturesProperty().set("300");
        model.stepsProperty().set(10);
        model.thermoEveryProperty().set(5);
        model.trajectoryEveryProperty().set(5);
        model.timestepFsProperty().set(0.5);
        model.threadsProperty().set(2);
        AtomicReference<List<Artefact>> made = new AtomicReference<>();
        TestSupport.await(model.run(made::set), Duration.ofSeconds(120));
        assertNotNull(made.get(), workbench.log().toString());
        Artefact run = made.get().get(0);
        assertEquals("LGPS_mp-696128-300K", run.name());
        assertEquals(List.of(lgps.id(), pot.id()), run.parents());
        assertEquals(pot.id(), run.parameter("potential_artefact"));
        assertEquals(pot.path(), run.parameter("potential_source"));
        assertEquals("nhc", run.parameter("thermostat"));
        assertEquals(2, ((Number) run.parameter("threads")).intValue());
        assertEquals(3, Files.readAllLines(MdModel.thermoFile(project, run)).size() - 1);
        assertEquals(List.of(lgps, pot), project.lineage(run.id()));
        // the job keeps its own copy of the potential
        assertEquals(Files.readString(project.resolve(pot)),
                Files.readString(project.resolve(run).resolve(MdJobHandler.POTENTIAL)));
    }

    @Test
    void aPotentialTheStructureDoesNotFitFailsWithoutLeavingAHalfRun(@TempDir Path tmp) throws Exception {
        TestSupport.await(workbench.newProject(tmp.resolve("p"), "p", p -> { }), Duration.ofSeconds(20));
        Project project = workbench.project();
        project.addFile(ArtefactKind.STRUCTURE, argonCell(tmp), "argon", null, null);
        Path modelFile = tmp.resolve("lps.json");
        randomModel(List.of("Li", "P", "S"), 3).write(modelFile);
        project.addFile(ArtefactKind.POTENTIAL, modelFile, "LPS", null, null);
        workbench.projectChanged();
        MdModel model = new MdModel(workbench);
        model.stepsProperty().set(10);
        Background.Task task = model.run(r -> { });
        TestSupport.await(task, Duration.ofSeconds(60));
        assertEquals(Background.State.FAILED, task.stateProperty().get());
        Workbench.LogEntry last = workbench.log().get(workbench.log().size() - 1);
        assertEquals(Workbench.Level.ERROR, last.level());
        assertTrue(last.text().startsWith("MD failed: "), last.text());
        assertTrue(last.text().contains("Ar"), last.text());
        assertEquals(List.of(), project.artefacts(ArtefactKind.MD_RUN));
        assertFalse(Files.exists(project.dir().resolve("md-runs/job-0001")), "no job is made for it");
        assertEquals("The MD run failed (see the log).", model.statusProperty().get());
        assertEquals(List.of(), model.live(), "no chart line for a run that never started");
    }

    @Test
    void liveRunsKeepABoundedNumberOfPointsOverTheWholeRun() {
        LiveRun run = new LiveRun("600 K", 600, 8);
        for (int i = 0; i <= 100; i++) {
            run.add(new MdRun.ThermoRecord(i * 10L, i * 0.01, 600 + i, -1 - i, 0.1, -0.9, -0.9, 1));
        }
        assertEquals(101, run.received());
        assertTrue(run.temperature().size() <= 8, "points: " + run.temperature().size());
        assertEquals(0.0, run.temperature().x(0));
        assertEquals(1.0, run.temperature().x(run.temperature().size() - 1), 1e-12, "the latest point is kept");
        assertEquals(700.0, run.temperature().y(run.temperature().size() - 1));
        assertEquals(-101.0, run.energy().y(run.energy().size() - 1));
        assertEquals(1000, run.last().step());
    }

    /** An HDNNP with random weights (untrained): enough to run a few MD steps through the trained-potential path. */
    static NnpModel randomModel(List<String> symbols, long seed) {
        DescriptorSpec spec = DescriptorSpec.chebyshev(4, 2, 4.5);
        List<Element> elements = symbols.stream().map(PeriodicTable::require).toList();
        int size = Descriptors.create(spec, elements).size();
        List<double[]> mean = new ArrayList<>();
        List<double[]> std = new ArrayList<>();
        List<double[]> nets = new ArrayList<>();
        for (int e = 0; e < elements.size(); e++) {
            double[] m = new double[size];
            double[] sd = new double[size];
            Arrays.fill(sd, 10);
            mean.add(m);
            std.add(sd);
            Network n = new Network(size, new int[] {6}, Activation.TWISTED_TANH);
            n.initialise(seed + e, Network.Initialisation.XAVIER);
            nets.add(n.parameters());
        }
        return new NnpModel(NnpModel.FORMAT_VERSION, NnpModel.HDNNP, spec, symbols, false, mean, std, "twtanh",
                List.of(6), List.of(nets), spec.rcutRadial(), List.of(), Map.of(), Map.of());
    }
}
