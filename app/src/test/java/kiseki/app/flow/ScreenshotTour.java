package kiseki.app.flow;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import kiseki.app.AppPreferences;
import kiseki.app.MainWindow;
import kiseki.app.Messages;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.app.analysis.AnalysisModel;
import kiseki.app.analysis.RunSource;
import kiseki.app.charts.ChartExport;
import kiseki.app.md.MdModel;
import kiseki.app.training.TrainingModel;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders every tab of the workbench with real data from the LGPS example into docs/images/ (for the user guide).
 * Not part of the normal test run: it needs a real display with 3D (Xvfb + Mesa) and about 10 minutes. Run it with
 * {@code docs/make-screenshots.sh}, which sets {@code -Dkiseki.screenshots=DIR} and the graphics options.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTour {

    private static final String DIR = System.getProperty("kiseki.screenshots");
    private Workbench workbench;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        if (DIR == null) {
            return; // the test itself reports the skip
        }
        System.setProperty("kiseki.noDialogs", "true");
        workbench = new Workbench(Messages.forLanguage(System.getProperty("kiseki.language", "en")),
                AppPreferences.inMemory(), Platform::runLater);
        window = new MainWindow(workbench);
        stage.setScene(new Scene(window, 1440, 900));
        stage.setTitle("Kiseki");
        stage.show();
    }

    @AfterEach
    void close() {
        if (workbench != null) {
            workbench.close();
        }
    }

    private void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(1500); // let the software OpenGL renderer finish a frame
        Path out = Path.of(DIR).resolve(name + ".png");
        Files.createDirectories(out.getParent());
        robot.interact(() -> {
            try {
                ChartExport.png(window, out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.println("wrote " + out);
    }

    /** Runs a view-model action on the FX thread (as a button would) and waits for its background task. */
    private static Object act(int seconds, Callable<kiseki.app.Background.Task> action) throws Exception {
        kiseki.app.Background.Task task = WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
        return task == null ? null : task.whenDone().get(seconds, TimeUnit.SECONDS);
    }

    private void select(FxRobot robot, WorkbenchTab tab) {
        robot.interact(() -> window.tabPane().getSelectionModel().select(tab));
    }

    private void selectInner(FxRobot robot, String tabPaneId, String tabId) {
        robot.interact(() -> {
            TabPane pane = robot.lookup("#" + tabPaneId).queryAs(TabPane.class);
            for (Tab t : pane.getTabs()) {
                if (tabId.equals(t.getId())) {
                    pane.getSelectionModel().select(t);
                }
            }
        });
    }

    @Test
    void lgpsTour(FxRobot robot) throws Exception {
        Assumptions.assumeTrue(DIR != null, "skipped: screenshots are made by docs/make-screenshots.sh");
        Path cif = TestSupport.shared("data/structures/LGPS_mp-696128.cif");
        Path data = TestSupport.shared("data/lgps/lgps_init_590.extxyz");
        Path projectDir = Path.of("target/screenshot-project");
        if (Files.exists(projectDir)) {
            try (var walk = Files.walk(projectDir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        act(30, () -> workbench.newProject(projectDir, "LGPS", p -> { }));
        Project project = workbench.project();

        // Structure: the LGPS cell in 3D, one atom picked
        act(30, () -> window.structureTab().model().importFile(cif, a -> { }));
        waitFor(20, () -> window.structureTab().model().structure() != null);
        robot.interact(() -> window.structureTab().viewer().select(23));
        shoot(robot, "structure-tab");
        Artefact cell = project.artefacts(ArtefactKind.STRUCTURE).get(0);
        act(60, () -> window.structureTab().model().supercell(new int[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 1}}, a -> { }));
        act(60, () -> window.structureTab().model().perturb(new kiseki.structure.Perturbations.Settings(20, 0.1, 0.2, 0, 1, 0.5), a -> { }));
        shoot(robot, "structure-supercell");

        // Labelling: the QE form for the displaced set, and the imported 590-frame dataset
        select(robot, window.tabs().labellingTab());
        Artefact displaced = project.artefacts(ArtefactKind.STRUCTURE).get(2);
        act(30, () -> window.tabs().labellingTab().model().select(displaced));
        act(30, () -> window.tabs().labellingTab().model().setPseudoDir(TestSupport.shared("pseudo")));
        act(120, () -> window.tabs().labellingTab().model().importDataset(data, a -> { }));
        shoot(robot, "labelling-tab");
        Artefact dataset = project.artefacts(ArtefactKind.DATASET).get(0);

        // Training: a Δ-NNP with modest settings, errors per epoch, parity, pair curves
        select(robot, window.tabs().trainingTab());
        TrainingModel training = window.tabs().trainingTab().model();
        robot.interact(() -> {
            training.open(dataset);
            training.radialProperty().set(20);
            training.angularProperty().set(10);
            training.hiddenLayersProperty().set(2);
            training.nodesProperty().set(20);
            training.epochsProperty().set(400);
            training.energyEpochsProperty().set(100);
        });
        robot.interact(() -> training.train(a -> { }));
        waitFor(1200, () -> training.potentialProperty().get() != null);
        Artefact potential = training.potentialProperty().get();
        selectInner(robot, "training-results", "training-errors-tab");
        shoot(robot, "training-errors");
        selectInner(robot, "training-results", "training-parity-tab");
        shoot(robot, "training-parity");
        selectInner(robot, "training-results", "training-pairs-tab");
        shoot(robot, "training-pairs");

        // MD: three temperatures on the 50-atom cell, 5 ps each
        select(robot, window.tabs().mdTab());
        MdModel md = window.tabs().mdTab().model();
        robot.interact(() -> {
            md.potentialProperty().set(potential);
            md.structureProperty().set(cell);
            md.temperaturesProperty().set("600, 800, 1000");
            md.timestepFsProperty().set(0.5);
            md.stepsProperty().set(10000);
            md.thermoEveryProperty().set(50);
            md.trajectoryEveryProperty().set(20);
        });
        assertEquals("", md.problemProperty().get());
        robot.interact(() -> md.run(runs -> { }));
        waitFor(1800, () -> !md.runningProperty().get() && md.taskProperty().get() != null
                && md.taskProperty().get().whenDone().isDone());
        List<Artefact> runs = project.artefacts(ArtefactKind.MD_RUN);
        assertTrue(runs.size() >= 1, workbench.log().toString());
        act(120, () -> md.openRun(runs.get(runs.size() - 1)));
        robot.interact(() -> md.player().frameProperty().set(md.player().frameCountProperty().get() / 2));
        shoot(robot, "md-tab");

        // Analysis: RDF and MSD of the 800 K run, then the conductivity of all runs and the Arrhenius plot
        select(robot, window.tabs().analysisTab());
        AnalysisModel analysis = window.tabs().analysisTab().model();
        act(60, () -> analysis.refreshRuns());
        Artefact middle = runs.get(Math.min(1, runs.size() - 1));
        act(60, () -> analysis.open(middle));
        robot.interact(() -> analysis.rdfPairsProperty().set("P-S,Ge-S,Li-S"));
        act(120, () -> analysis.computeRdf());
        selectInner(robot, "analysis-sections", "analysis-section-rdf");
        shoot(robot, "analysis-rdf");
        robot.interact(() -> analysis.msdSpeciesProperty().set("Li"));
        act(120, () -> analysis.computeMsd());
        selectInner(robot, "analysis-sections", "analysis-section-msd");
        shoot(robot, "analysis-msd");
        List<RunSource> sources = List.copyOf(analysis.runs());
        act(300, () -> analysis.computeConductivities(sources));
        robot.interact(() -> analysis.addExperiment("Kamaya et al. 2011", 298.15, 1.2e-2));
        act(60, () -> analysis.fitArrhenius());
        selectInner(robot, "analysis-sections", "analysis-section-conductivity");
        shoot(robot, "analysis-arrhenius");
        Node nothing = null;
        assertEquals(null, nothing);
    }
}
