package kiseki.app.flow;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import kiseki.app.AppPreferences;
import kiseki.app.MainWindow;
import kiseki.app.Messages;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.nnp.NnpModel;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbench end to end, headless (Monocle), as a scientist would click through it: new project → import the
 * LGPS CIF → supercell 2×2×1 → perturb 5 → import the shared 590-frame dataset → train 5 epochs → MD 50 steps → RDF
 * plot shown. Asserts on UI state and on the files the project holds afterwards. Native file and folder choosers
 * cannot be driven headless, so the two steps behind them (choosing the project folder, choosing files) call the
 * view-model the chooser would call; everything else goes through the controls.
 */
@ExtendWith(ApplicationExtension.class)
class WorkflowTest {

    private Workbench workbench;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        System.setProperty("kiseki.noDialogs", "true");
        workbench = new Workbench(Messages.forLanguage("en"), AppPreferences.inMemory(), Platform::runLater);
        window = new MainWindow(workbench);
        stage.setScene(new Scene(window, 1560, 1150));
        stage.show();
    }

    @AfterEach
    void close() {
        workbench.close();
    }

    /** Waits until the condition holds on the FX thread; on a timeout the failure shows the workbench's log. */
    void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder log = new StringBuilder("timed out after " + seconds + " s; the workbench log:\n");
            for (Workbench.LogEntry entry : List.copyOf(workbench.log())) {
                log.append(entry).append('\n');
            }
            throw new AssertionError(log.toString(), e);
        }
    }

    private void select(FxRobot robot, WorkbenchTab tab) {
        robot.interact(() -> window.tabPane().getSelectionModel().select(tab));
    }

    @SuppressWarnings("unchecked")
    private static Spinner<Integer> integerSpinner(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Spinner.class);
    }

    private static void clickOk(FxRobot robot) {
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        robot.clickOn((Button) pane.lookupButton(ButtonType.OK));
    }

    @Test
    void fromCifToRdf(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path cif = TestSupport.shared("data/structures/LGPS_mp-696128.cif");
        Path data = TestSupport.shared("data/lgps/lgps_init_590.extxyz");

        // 1. new project (the folder chooser's answer goes straight to the workbench)
        workbench.newProject(tmp.resolve("lgps"), "LGPS", p -> { }).whenDone().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#project-label").queryAs(Label.class).getText().startsWith("Project LGPS"));
        Project project = workbench.project();

        // 2. import the CIF (the file chooser's answer goes to the Structure tab's model)
        select(robot, window.tabs().structureTab());
        window.structureTab().model().importFile(cif, a -> { }).whenDone().get(30, TimeUnit.SECONDS);
        waitFor(10, () -> robot.lookup("#structure-title").queryAs(Label.class).getText().contains("50 atoms"));

        // 3. supercell 2×2×1 through the dialog, with its live atom count
        robot.clickOn("#structure-supercell");
        waitFor(10, () -> robot.lookup("#supercell-count").tryQuery().isPresent());
        robot.interact(() -> {
            integerSpinner(robot, "#supercell-a").getValueFactory().setValue(2);
            integerSpinner(robot, "#supercell-b").getValueFactory().setValue(2);
        });
        assertEquals("The supercell will have 200 atoms.",
                robot.lookup("#supercell-count").queryAs(Label.class).getText());
        clickOk(robot);
        waitFor(30, () -> robot.lookup("#structure-title").queryAs(Label.class).getText().contains("200 atoms"));

        // 4. perturb 5 through the dialog
        robot.clickOn("#structure-perturb");
        waitFor(10, () -> robot.lookup("#perturb-count").tryQuery().isPresent());
        robot.interact(() -> integerSpinner(robot, "#perturb-count").getValueFactory().setValue(5));
        clickOk(robot);
        waitFor(60, () -> window.structureTab().model().generatedProperty().get() == 5);
        waitFor(10, () -> project.artefacts(ArtefactKind.STRUCTURE).size() == 3);
        Artefact perturbed = project.artefacts(ArtefactKind.STRUCTURE).get(2);
        List<Frame> frames = StructureFormats.require("extxyz").readAll(project.resolve(perturbed),
                ReadOptions.DEFAULT);
        assertEquals(5, frames.size());
        assertEquals(200, frames.get(0).structure().size());

        // 5. import the shared 590-frame dataset on the Labelling tab
        select(robot, window.tabs().labellingTab());
        window.tabs().labellingTab().model().importDataset(data, a -> { }).whenDone().get(120, TimeUnit.SECONDS);
        waitFor(10, () -> project.artefacts(ArtefactKind.DATASET).size() == 1);
        Artefact dataset = project.artefacts(ArtefactKind.DATASET).get(0);
        assertTrue(Files.size(project.resolve(dataset)) > 1_000_000);

        // 6. train 5 epochs on the Training tab: quick-trial settings, then Run
        select(robot, window.tabs().trainingTab());
        robot.interact(() -> window.tabs().trainingTab().model().open(dataset));
        robot.clickOn("#training-quick");
        assertEquals(5, window.tabs().trainingTab().model().epochsProperty().get());
        robot.clickOn("#training-run");
        waitFor(300, () -> window.tabs().trainingTab().model().potentialProperty().get() != null);
        assertEquals(5, window.tabs().trainingTab().model().records().size());
        Artefact potential = window.tabs().trainingTab().model().potentialProperty().get();
        assertEquals(List.of(dataset.id()), potential.parents());
        NnpModel model = NnpModel.read(project.resolve(potential));
        assertEquals(NnpModel.DELTA, model.kind());
        assertNotNull(robot.lookup("#training-rmse-energy-chart").tryQuery().orElse(null));

        continueWithMdAndRdf(robot, project, potential);
    }

    /** Steps 7 and 8: 50 MD steps with the new potential on the LGPS cell, then the RDF of that run. */
    void continueWithMdAndRdf(FxRobot robot, Project project, Artefact potential) throws Exception {
        Artefact cell = project.artefacts(ArtefactKind.STRUCTURE).get(0);
        select(robot, window.tabs().mdTab());
        var md = window.tabs().mdTab().model();
        robot.interact(() -> {
            md.potentialProperty().set(potential);
            md.structureProperty().set(cell);
        });
        robot.doubleClickOn("#md-temperatures").write("800");
        robot.doubleClickOn("#md-steps").write("50");
        robot.interact(() -> {
            md.thermoEveryProperty().set(10);
            md.trajectoryEveryProperty().set(10);
            md.timestepFsProperty().set(0.5);
        });
        assertEquals("800", md.temperaturesProperty().get().strip());
        assertEquals(50, md.stepsProperty().get());
        assertEquals("", md.problemProperty().get());
        Button mdRun = robot.lookup("#md-run").queryAs(Button.class);
        assertFalse(mdRun.isDisabled());
        robot.clickOn(mdRun);
        waitFor(300, () -> project.artefacts(ArtefactKind.MD_RUN).size() == 1 && !md.runningProperty().get());
        Artefact run = project.artefacts(ArtefactKind.MD_RUN).get(0);
        assertTrue(run.parents().contains(potential.id()), run.parents().toString());
        Path runDir = project.resolve(run);
        List<String> thermo = Files.readAllLines(runDir.resolve("thermo.csv"));
        assertEquals(1 + 6, thermo.size(), "header + steps 0, 10, …, 50");
        List<Frame> trajectory = StructureFormats.require("extxyz").readAll(runDir.resolve("trajectory.extxyz"),
                ReadOptions.DEFAULT);
        assertEquals(6, trajectory.size());
        assertEquals(50, trajectory.get(0).structure().size());

        // 8. the RDF of that run on the Analysis tab
        select(robot, window.tabs().analysisTab());
        var analysis = window.tabs().analysisTab().model();
        waitFor(30, () -> analysis.runs().stream().anyMatch(r -> r.toString().contains(run.name())
                || run.equals(r.artefact())));
        robot.interact(() -> analysis.open(run));
        waitFor(30, () -> analysis.selectedRunProperty().get() != null
                && run.equals(analysis.selectedRunProperty().get().artefact()));
        robot.interact(() -> analysis.rdfPairsProperty().set("P-S,Li-S"));
        Button compute = robot.lookup("#analysis-rdf-compute").queryAs(Button.class);
        assertFalse(compute.isDisabled());
        robot.clickOn(compute);
        waitFor(60, () -> analysis.rdfResultProperty().get() != null);
        Node chart = robot.lookup("#analysis-rdf-chart").query();
        assertTrue(chart.isVisible());
        assertEquals(2, analysis.rdfResultProperty().get().rdf().pairs().size());
        waitFor(30, () -> project.artefacts(ArtefactKind.ANALYSIS).stream()
                .anyMatch(a -> a.parents().contains(run.id())));
    }
}
