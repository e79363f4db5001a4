package kiseki.app.md;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import kiseki.app.AppPreferences;
import kiseki.app.Messages;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.app.charts.CurveChart;
import kiseki.app.charts.DataSeries;
import kiseki.app.viewer.StructureViewer;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headless (Monocle): the MD tab shows its form, runs a batch from it, draws the live charts and plays frames. */
@ExtendWith(ApplicationExtension.class)
class MdTabTest {

    private Workbench workbench;
    private MdTab tab;

    @Start
    void start(Stage stage) {
        workbench = new Workbench(Messages.forLanguage("en"), AppPreferences.inMemory(), Platform::runLater);
        tab = new MdTab(workbench);
        stage.setScene(new Scene(new TabPane(tab), 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void theFormShowsDefaultsAndWhatIsMissing(FxRobot robot) {
        assertEquals("MD", tab.getText());
        assertEquals("600", robot.lookup("#md-temperatures").queryAs(TextField.class).getText());
        assertEquals("1000", robot.lookup("#md-steps").queryAs(TextField.class).getText());
        assertEquals("1", robot.lookup("#md-timestep").queryAs(TextField.class).getText());
        assertEquals("0.0104", robot.lookup("#md-lj-epsilon").queryAs(TextField.class).getText());
        assertTrue(robot.lookup("#md-lj-epsilon").queryAs(TextField.class).isDisabled(), "LJ fields wait for LJ");
        assertEquals(MdModel.Ensemble.NVT, robot.lookup("#md-ensemble").queryAs(ComboBox.class).getValue());
        assertTrue(robot.lookup("#md-run").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#md-cancel").queryAs(Button.class).isDisabled());
        Label problem = robot.lookup("#md-problem").queryAs(Label.class);
        assertEquals("Open or create a project first (File ▸ New Project).", problem.getText());
        TextField steps = robot.lookup("#md-steps").queryAs(TextField.class);
        robot.interact(() -> steps.setText("12x"));
        assertEquals("A field holds something that is not a number.", problem.getText());
        assertEquals(1000, tab.model().stepsProperty().get(), "an invalid edit leaves the value");
        robot.interact(() -> steps.setText("250"));
        assertEquals(250, tab.model().stepsProperty().get());
        assertEquals("Open or create a project first (File ▸ New Project).", problem.getText());
        robot.interact(() -> tab.model().thermoEveryProperty().set(7));
        assertEquals("7", robot.lookup("#md-thermo-every").queryAs(TextField.class).getText());
        robot.interact(() -> tab.model().ensembleProperty().set(MdModel.Ensemble.NVE));
        assertTrue(robot.lookup("#md-thermostat").queryAs(ComboBox.class).isDisabled());
        assertEquals("No trajectory loaded: choose an MD run.",
                robot.lookup("#md-frame-label").queryAs(Label.class).getText());
        assertEquals("No trajectory loaded: choose an MD run.",
                robot.lookup("#md-viewer-placeholder").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#md-play").queryAs(ToggleButton.class).isDisabled());
    }

    @Test
    void aBatchFromTheFormDrawsLiveChartsAndLoadsThePlayer(FxRobot robot, @TempDir Path tmp) throws Exception {
        workbench.newProject(tmp.resolve("argon"), "argon", p -> { }).whenDone().get(20, TimeUnit.SECONDS);
        workbench.project().addFile(ArtefactKind.STRUCTURE, MdModelTest.argonCell(tmp), "argon", null, null);
        workbench.projectChanged();
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ComboBox<Artefact> structure = robot.lookup("#md-structure").queryAs(ComboBox.class);
        assertEquals("argon", structure.getValue().name());
        assertEquals("Choose a potential of the project, or Lennard-Jones.",
                robot.lookup("#md-problem").queryAs(Label.class).getText());
        robot.clickOn("#md-lj");
        assertFalse(robot.lookup("#md-lj-epsilon").queryAs(TextField.class).isDisabled());
        robot.interact(() -> {
            text(robot, "#md-supercell-a", "2");
            text(robot, "#md-supercell-b", "2");
            text(robot, "#md-supercell-c", "2");
            text(robot, "#md-temperatures", "30, 50");
            text(robot, "#md-steps", "60");
            text(robot, "#md-thermo-every", "5");
            text(robot, "#md-traj-every", "10");
        });
        assertEquals("", robot.lookup("#md-problem").queryAs(Label.class).getText());
        Button run = robot.lookup("#md-run").queryAs(Button.class);
        assertFalse(run.isDisabled());
        robot.clickOn("#md-run");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> tab.model().player().trajectory() != null);
        WaitForAsyncUtils.waitForFxEvents();

        CurveChart temperature = robot.lookup("#md-temperature-chart").queryAs(CurveChart.class);
        assertEquals(List.of("30 K", "50 K"), temperature.curveNames());
        CurveChart energy = tab.energyChart();
        assertEquals(List.of("30 K", "50 K"), energy.curveNames());
        for (String curve : temperature.curveNames()) {
            assertEquals(60 / 5 + 1, temperature.drawnPoints(curve));
            assertEquals(60 / 5 + 1, energy.drawnPoints(curve));
        }
        DataSeries hot = temperature.data().get(1);
        assertEquals(0.060, hot.x()[12], 1e-9);
        assertEquals(tab.model().live().get(1).last().temperatureK(), hot.y()[12]);
        assertTrue(robot.lookup("#md-status").queryAs(Label.class).getText().startsWith("Finished: 2 run"));
        assertEquals(2, workbench.project().artefacts(ArtefactKind.MD_RUN).size());
        @SuppressWarnings("unchecked")
        ComboBox<Artefact> runs = robot.lookup("#md-runs").queryAs(ComboBox.class);
        assertEquals(2, runs.getItems().size());
        assertEquals("argon-2x2x2-50K", runs.getValue().name());
        Label frame = robot.lookup("#md-frame-label").queryAs(Label.class);
        assertEquals("Frame 1 of 7 · step 0 · 0.000 ps", frame.getText());
        StructureViewer viewer = robot.lookup("#md-viewer").queryAs(StructureViewer.class);
        assertSame(viewer, tab.viewerSlot().getChildren().get(0), "the 3D viewer replaces the hint");
        assertSame(viewer, tab.viewer());
        robot.clickOn("#md-next");
        assertEquals("Frame 2 of 7 · step 10 · 0.010 ps", frame.getText());
        robot.clickOn("#md-play");
        assertTrue(tab.model().player().isPlaying());
        assertEquals("Pause", robot.lookup("#md-play").queryAs(ToggleButton.class).getText());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tab.model().player().frame() != 1);
        robot.clickOn("#md-play");
        assertFalse(tab.model().player().isPlaying());
    }

    private static void text(FxRobot robot, String id, String value) {
        robot.lookup(id).queryAs(TextField.class).setText(value);
    }
}
