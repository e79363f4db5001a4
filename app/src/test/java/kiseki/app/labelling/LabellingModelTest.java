package kiseki.app.labelling;

import kiseki.app.Background;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.dft.Labelling;
import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.io.WriteOptions;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Perturbations;
import kiseki.structure.Structure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Labelling tab's view-model without a screen: importing a dataset, and labelling displaced silicon cells with
 * the real pw.x (skipped when it is not installed) including cancel and retry.
 */
class LabellingModelTest {

    private final Workbench workbench = TestSupport.headlessWorkbench("en");

    @AfterEach
    void close() {
        workbench.close();
    }

    /** pw.x on PATH, or the test is skipped saying so (as the engine's tests do). */
    static void requirePwx() {
        Assumptions.assumeTrue(LabellingModel.programExists("pw.x"),
                "skipped: pw.x (Quantum ESPRESSO) is not on PATH");
    }

    private Project newProject(Path tmp) throws Exception {
        TestSupport.await(workbench.newProject(tmp.resolve("study"), "study", p -> { }), Duration.ofSeconds(20));
        return workbench.project();
    }

    @Test
    void importingTheSharedLgpsSetMakesADatasetOf590Frames(@TempDir Path tmp) throws Exception {
        Path file = TestSupport.shared("data/lgps/lgps_init_590.extxyz");
        Project project = newProject(tmp);
        LabellingModel model = new LabellingModel(workbench);
        Artefact[] made = new Artefact[1];
        Background.Task task = model.importDataset(file, a -> made[0] = a);
        TestSupport.await(task, Duration.ofSeconds(60));
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get());
        Artefact a = made[0];
        assertNotNull(a);
        assertEquals(a, model.importedDatasetProperty().get());
        assertEquals(ArtefactKind.DATASET, a.kind());
        assertEquals("lgps_init_590", a.name());
        assertEquals(590, ((Number) a.parameter("frames")).intValue());
        assertEquals(590L * 50, ((Number) a.parameter("atoms")).longValue());
        assertEquals(List.of("Li", "Ge", "P", "S"), a.parameter("elements"));
        assertEquals(List.of(a), project.artefacts(ArtefactKind.DATASET));
        assertEquals(Files.size(file), Files.size(project.resolve(a)));
        Workbench.LogEntry last = workbench.log().get(workbench.log().size() - 1);
        assertEquals("Imported dataset lgps_init_590.extxyz: 590 frames, 29,500 atoms, elements Li Ge P S",
                last.text());
    }

    @Test
    void aCorruptDatasetIsReportedWithFileAndLine(@TempDir Path tmp) throws Exception {
        Project project = newProject(tmp);
        Path bad = tmp.resolve("broken.extxyz");
        String header = "Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3 energy=%s "
                + "pbc=\"T T T\"\n";
        Files.writeString(bad, "2\n" + header.formatted("-10.0") + "Si 0 0 0 0 0 0\nSi 1 1 1 0 0 0\n"
                + "2\n" + header.formatted("-10.1") + "Si 0 0 0 0 0 0\nSi 1 1 x 0 0 0\n");
        LabellingModel model = new LabellingModel(workbench);
        Background.Task task = model.importDataset(bad, a -> { });
        TestSupport.await(task, Duration.ofSeconds(20));
        assertEquals(Background.State.FAILED, task.stateProperty().get());
        assertNull(model.importedDatasetProperty().get());
        assertEquals(List.of(), project.artefacts(ArtefactKind.DATASET), "nothing imported");
        Workbench.LogEntry last = workbench.log().get(workbench.log().size() - 1);
        assertEquals(Workbench.Level.ERROR, last.level());
        assertTrue(last.text().startsWith("Cannot import broken.extxyz: "), last.text());
        assertTrue(last.text().contains("broken.extxyz:8: "), "names the file and the line: " + last.text());
    }

    @Test
    void theLgpsPseudopotentialsAreChosenAndSuggestTheCutoffs(@TempDir Path tmp) throws Exception {
        Path cif = TestSupport.shared("data/structures/LGPS_mp-696128.cif");
        Path pseudo = TestSupport.shared("pseudo/Li.pbe-s-rrkjus_psl.1.0.0.UPF").getParent();
        Project project = newProject(tmp);
        Artefact lgps = project.addFile(ArtefactKind.STRUCTURE, cif, null, null, null);
        LabellingModel model = new LabellingModel(workbench);
        TestSupport.await(model.setPseudoDir(pseudo), Duration.ofSeconds(20));
        TestSupport.await(model.select(lgps), Duration.ofSeconds(20));
        assertEquals(java.util.Set.of("Li", "Ge", "P", "S"), java.util.Set.copyOf(model.elements()));
        assertEquals("1 structure of 50 atoms, " + String.join(" ", model.elements()),
                model.structureSummaryProperty().get());
        Map<String, String> chosen = new HashMap<>();
        for (PseudoChoice c : model.pseudos()) {
            assertEquals(1, c.candidates().size(), c.element());
            chosen.put(c.element(), c.chosen().fileName());
        }
        assertEquals(Map.of("Li", "Li.pbe-s-rrkjus_psl.1.0.0.UPF", "Ge", "Ge.pbe-dn-rrkjus_psl.1.0.0.UPF",
                "P", "P.pbe-n-rrkjus_psl.1.0.0.UPF", "S", "S.pbe-n-rrkjus_psl.1.0.0.UPF"), chosen);
        // the largest suggestions (Li: 103 and 410 Ry); ecutrho raised to pw.x's minimum of 4 × ecutwfc
        assertEquals(103.0, model.ecutwfcProperty().get());
        assertEquals(412.0, model.ecutrhoProperty().get());
        assertEquals("The pseudopotentials suggest at least 103 Ry for ecutwfc and 410 Ry for ecutrho.",
                model.cutoffHintProperty().get());
        assertEquals(List.of(), model.problems());
        assertEquals(List.of(), model.warnings());
        // the seed data's 40 Ry is allowed, with a warning per file that suggests more
        model.ecutwfcProperty().set(40.0);
        model.ecutrhoProperty().set(320.0);
        assertEquals(List.of(), model.problems());
        assertEquals(3, model.warnings().size(), model.warnings().toString()); // Li wfc and rho, Ge wfc
        assertTrue(model.warnings().contains("ecutwfc 40.0 Ry is below the 103.0 Ry that "
                + "Li.pbe-s-rrkjus_psl.1.0.0.UPF suggests"), model.warnings().toString());
        assertEquals(40.0, model.settings().ecutwfc());
        assertEquals(320.0, model.settings().ecutrho());
        // a file of another functional for one element is a problem that stops the run
        Path si = TestSupport.shared("pseudo/Si.pz-vbc.UPF");
        model.pseudos().get(0).chosenProperty().set(kiseki.dft.Upf.read(si));
        assertFalse(model.problems().isEmpty());
    }

    /** The 8-atom diamond-Si cube (a = 5.43 Å) displaced at random, as the engine's labelling tests use. */
    private static List<Structure> displacedSilicon(int count, long seed) {
        Element si = PeriodicTable.require("Si");
        double[] frac = {0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0,
                0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.25};
        Element[] species = new Element[8];
        Arrays.fill(species, si);
        Structure cube = Structure.fromFractional(Lattice.orthorhombic(5.43, 5.43, 5.43), species, frac);
        return Perturbations.generate(cube, new Perturbations.Settings(count, 0.05, 0.1, 0, seed, 0));
    }

    /** A project holding a structure set of displaced Si cells, selected in a model with the shared pseudos. */
    private LabellingModel siliconModel(Path tmp, int count, long seed) throws Exception {
        Path pseudo = TestSupport.shared("pseudo/Si.pz-vbc.UPF").getParent();
        Project project = newProject(tmp);
        Path file = tmp.resolve("si8-displaced.extxyz");
        new ExtxyzFormat().write(file, displacedSilicon(count, seed).stream().map(Frame::new).toList(),
                WriteOptions.DEFAULT);
        Artefact set = project.addFile(ArtefactKind.STRUCTURE, file, null, Map.of("frames", count), null);
        workbench.projectChanged();
        LabellingModel model = new LabellingModel(workbench);
        assertEquals(List.of(set), model.structures());
        TestSupport.await(model.setPseudoDir(pseudo), Duration.ofSeconds(20));
        TestSupport.await(model.select(set), Duration.ofSeconds(20));
        assertEquals(count, model.structureCount());
        assertEquals(List.of("Si"), model.elements());
        assertEquals(1, model.pseudos().size());
        assertEquals("Si.pz-vbc.UPF", model.pseudos().get(0).chosen().fileName());
        assertEquals(List.of(), model.problems());
        assertEquals("si8-displaced-dft", model.datasetNameProperty().get());
        return model;
    }

    /** Settings that make pw.x take about a second on an 8-atom cell. */
    private static void cheap(LabellingModel model, LabellingModel.KMode kMode, int parallelJobs) {
        model.ecutwfcProperty().set(12.0);
        model.kModeProperty().set(kMode);
        model.kMeshProperty().set("2x2x2");
        model.parallelJobsProperty().set(parallelJobs);
    }

    @Test
    void labelsTwoDisplacedSiliconCellsWithPwx(@TempDir Path tmp) throws Exception {
        requirePwx();
        LabellingModel model = siliconModel(tmp, 2, 17);
        Project project = workbench.project();
        Artefact set = model.structureProperty().get();
        // Si.pz-vbc.UPF suggests no cutoff: the default stays and the user is told to check convergence
        assertTrue(model.cutoffHintProperty().get().startsWith("The pseudopotentials suggest no cutoffs"));
        cheap(model, LabellingModel.KMode.MESH, 2);
        Artefact[] made = new Artefact[1];
        Background.Task task = model.run(a -> made[0] = a);
        TestSupport.await(task, Duration.ofSeconds(120));
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get(), workbench.log().toString());
        assertFalse(model.runningProperty().get());

        assertEquals(2, model.jobs().size());
        for (JobRow row : model.jobs()) {
            assertEquals(JobRow.State.CONVERGED, row.state(), row.jobId() + ": " + row.statusProperty().get());
            assertEquals(1.0, row.progressProperty().get());
            assertTrue(row.wallTimeProperty().get() > 0);
        }
        Artefact data = made[0];
        assertNotNull(data);
        assertEquals(data, model.datasetProperty().get());
        assertEquals("datasets/si8-displaced-dft.extxyz", data.path());
        assertEquals(set.id(), data.parents().get(0), "the structure set is the dataset's parent");
        assertEquals(2, ((Number) data.parameter("frames")).intValue());
        Artefact job = project.artefacts(ArtefactKind.JOB).get(0);
        assertEquals("jobs/label-si8-displaced-dft", job.path());
        assertEquals(List.of(set.id()), job.parents());
        assertEquals(List.of(set.id(), job.id()), data.parents());

        // the table shows exactly the energies that went into the dataset
        List<Frame> frames = new ExtxyzFormat().readAll(project.resolve(data), ReadOptions.DEFAULT);
        assertEquals(2, frames.size());
        Map<Integer, Double> byIndex = new HashMap<>();
        for (Frame f : frames) {
            byIndex.put(Integer.parseInt(f.info().get("source_index")), f.energy());
            assertEquals(24, f.forces().length);
            assertTrue(f.info().get(Labelling.KEY).startsWith("label-si8-displaced-dft/job-"));
        }
        for (JobRow row : model.jobs()) {
            assertEquals(byIndex.get(row.index()), row.energy(), 0.0, "structure " + row.index());
            assertTrue(row.energy() < -800 && row.energy() > -900, "8 Si atoms at ~-107 eV each: " + row.energy());
        }
        assertTrue(model.runSummaryProperty().get().startsWith("2 of 2 structures converged"),
                model.runSummaryProperty().get());
        // the next run would make a new dataset rather than resume the finished one
        assertEquals("si8-displaced-dft-2", model.datasetNameProperty().get());
    }

    @Test
    void aJobAndTheWholeRunCanBeCancelledAndRetried(@TempDir Path tmp) throws Exception {
        requirePwx();
        LabellingModel model = siliconModel(tmp, 2, 23);
        Project project = workbench.project();
        Artefact set = model.structureProperty().get();
        cheap(model, LabellingModel.KMode.MESH, 1);
        Background.Task task = model.run(a -> { });
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((model.jobs().size() < 2 || model.jobs().get(0).state() != JobRow.State.RUNNING)
                && System.nanoTime() < deadline && task.stateProperty().get() == Background.State.RUNNING) {
            Thread.sleep(5);
        }
        JobRow first = model.jobs().get(0);
        JobRow second = model.jobs().get(1);
        assertEquals(JobRow.State.RUNNING, first.state(), workbench.log().toString());
        // one job at a time: the second is still queued, and cancelling it leaves the first running
        assertTrue(waitForJobId(second), "the second job exists");
        assertTrue(model.cancel(second));
        assertEquals(JobRow.State.CANCELLED, second.state());
        assertEquals(JobRow.State.RUNNING, first.state());
        model.cancel();
        TestSupport.await(task, Duration.ofSeconds(60));
        assertEquals(Background.State.CANCELLED, task.stateProperty().get());
        assertEquals(JobRow.State.CANCELLED, first.state(), first.statusProperty().get());
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("")
                .endsWith("pw.x")), "no pw.x is left running");
        assertNull(model.datasetProperty().get(), "no frames, no dataset");
        assertEquals(List.of(), project.artefacts(ArtefactKind.DATASET));
        assertEquals(1, project.artefacts(ArtefactKind.JOB).size(), "the job batch is recorded for resuming");

        // retrying resumes the batch: both cancelled jobs run again and the dataset is made
        assertTrue(model.canRetry(second));
        Artefact[] made = new Artefact[1];
        Background.Task retry = model.retry(second, a -> made[0] = a);
        TestSupport.await(retry, Duration.ofSeconds(120));
        assertEquals(Background.State.SUCCEEDED, retry.stateProperty().get(), workbench.log().toString());
        assertEquals(JobRow.State.CONVERGED, first.state());
        assertEquals(JobRow.State.CONVERGED, second.state());
        assertFalse(model.canRetry(second));
        assertNotNull(made[0]);
        assertEquals(List.of(set.id(), project.artefacts(ArtefactKind.JOB).get(0).id()), made[0].parents());
        List<Frame> frames = new ExtxyzFormat().readAll(project.resolve(made[0]), ReadOptions.DEFAULT);
        assertEquals(2, frames.size());
        double[] energies = new double[2];
        for (Frame f : frames) {
            energies[Integer.parseInt(f.info().get("source_index"))] = f.energy();
        }
        assertEquals(energies[0], first.energy(), 0.0);
        assertEquals(energies[1], second.energy(), 0.0);
    }

    private static boolean waitForJobId(JobRow row) throws InterruptedException {
        for (int i = 0; i < 2000 && row.jobId().isEmpty(); i++) {
            Thread.sleep(5);
        }
        return !row.jobId().isEmpty();
    }

    @Test
    void aFailedJobIsRetried(@TempDir Path tmp) throws Exception {
        requirePwx();
        LabellingModel model = siliconModel(tmp, 1, 9);
        // a pw.x that fails on its first call and is the real one afterwards
        Path marker = tmp.resolve("failed-once");
        Path flaky = tmp.resolve("flaky-pw.sh");
        Files.writeString(flaky, "#!/bin/sh\nif [ ! -e '" + marker + "' ]; then touch '" + marker + "'; "
                + "echo 'flaky: no licence today' >&2; exit 3; fi\nexec pw.x \"$@\"\n");
        assertTrue(flaky.toFile().setExecutable(true));
        workbench.preferences().setPwCommand(flaky.toString());
        cheap(model, LabellingModel.KMode.GAMMA, 1);
        Background.Task task = model.run(a -> { });
        TestSupport.await(task, Duration.ofSeconds(60));
        JobRow row = model.jobs().get(0);
        assertEquals(JobRow.State.FAILED, row.state());
        assertTrue(row.statusProperty().get().contains("3"), "the failure says why: " + row.statusProperty().get());
        assertNull(model.datasetProperty().get());
        assertTrue(workbench.log().stream().anyMatch(e -> e.level() == Workbench.Level.WARNING
                && e.text().startsWith("job-0001 failed: ")), workbench.log().toString());

        assertTrue(model.canRetry(row));
        Background.Task retry = model.retry(row, a -> { });
        TestSupport.await(retry, Duration.ofSeconds(60));
        assertEquals(JobRow.State.CONVERGED, row.state(), row.statusProperty().get());
        assertNotNull(model.datasetProperty().get());
        assertEquals(1, ((Number) model.datasetProperty().get().parameter("frames")).intValue());
        assertTrue(Files.exists(workbench.project().dir().resolve("jobs/label-si8-displaced-dft/job-0001/"
                + "stdout.attempt1.txt")), "the failed attempt's output is kept");
    }

    @Test
    void missingPwxIsReportedBeforeAnythingRuns(@TempDir Path tmp) throws Exception {
        LabellingModel model = siliconModel(tmp, 1, 5);
        workbench.preferences().setPwCommand("/nonexistent/pw.x");
        Background.Task task = model.run(a -> { });
        TestSupport.await(task, Duration.ofSeconds(20));
        assertEquals(Background.State.FAILED, task.stateProperty().get());
        Workbench.LogEntry last = workbench.log().get(workbench.log().size() - 1);
        assertEquals("Labelling failed: The program /nonexistent/pw.x was not found: install Quantum ESPRESSO or "
                + "set its path in Preferences.", last.text());
        assertFalse(model.runningProperty().get());
        assertEquals(List.of(), workbench.project().artefacts(ArtefactKind.JOB));
    }
}
