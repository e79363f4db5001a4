package kiseki.app.training;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import kiseki.app.AppPreferences;
import kiseki.app.Background;
import kiseki.app.Messages;
import kiseki.app.Workbench;
import kiseki.project.Artefact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headless (Monocle): the Training tab shows the form, trains from its buttons and draws the errors per epoch. */
@ExtendWith(ApplicationExtension.class)
class TrainingTabTest {

    private Workbench workbench;
    private TrainingTab tab;

    @Start
    void start(Stage stage) {
        workbench = new Workbench(Messages.forLanguage("en"), AppPreferences.inMemory(), Platform::runLater);
        tab = new TrainingTab(workbench);
        stage.setScene(new Scene(new TabPane(tab), 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void showsTheFormWithTheCommandsDefaults(FxRobot robot) {
        assertEquals("Training", tab.getText());
        assertEquals(1000, robot.lookup("#training-epochs").queryAs(Spinner.class).getValue());
        assertEquals(250, robot.lookup("#training-energy-epochs").queryAs(Spinner.class).getValue());
        assertEquals(50, robot.lookup("#training-radial").queryAs(Spinner.class).getValue());
        assertEquals("delta", robot.lookup("#training-model").queryAs(ChoiceBox.class).getValue());
        assertEquals("0.001", robot.lookup("#training-force-weight").queryAs(TextField.class).getText());
        assertEquals("6.0", robot.lookup("#training-pair-cutoff").queryAs(TextField.class).getText());
        // no project: nothing to train on
        assertTrue(robot.lookup("#training-run").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#training-cancel").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#training-no-datasets").queryAs(Label.class).isVisible());
        robot.clickOn("#training-quick");
        assertEquals(5, robot.lookup("#training-epochs").queryAs(Spinner.class).getValue());
        assertEquals(8, robot.lookup("#training-radial").queryAs(Spinner.class).getValue());
        // the optimiser decides whether the warm-up applies
        robot.interact(() -> tab.model().optimizerProperty().set("adam"));
        assertTrue(robot.lookup("#training-energy-epochs").queryAs(Spinner.class).isDisabled());
    }

    @Test
    void trainsFromTheButtonsAndTheChartsFollowTheEpochs(FxRobot robot, @TempDir Path tmp) throws Exception {
        Workbench direct = kiseki.app.TestSupport.headlessWorkbench("en");
        Artefact dataset;
        try {
            dataset = TrainingModelTest.lgpsProject(direct, tmp, 12);
        } finally {
            direct.close();
        }
        workbench.openProject(tmp.resolve("project"), p -> { }).whenDone().get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("lgps12", robot.lookup("#training-dataset").queryAs(ChoiceBox.class).getValue() == null ? null
                : ((Artefact) robot.lookup("#training-dataset").queryAs(ChoiceBox.class).getValue()).name());
        assertEquals(dataset.id(), tab.model().datasetProperty().get().id());
        assertFalse(robot.lookup("#training-no-datasets").queryAs(Label.class).isVisible());

        robot.clickOn("#training-quick");
        robot.interact(() -> {
            robot.lookup("#training-epochs").queryAs(Spinner.class).getValueFactory().setValue(3);
            robot.lookup("#training-energy-epochs").queryAs(Spinner.class).getValueFactory().setValue(1);
            TextField valid = robot.lookup("#training-valid-fraction").queryAs(TextField.class);
            valid.setText("0.25");
            valid.commitValue();
        });
        assertEquals(0.25, tab.model().validFractionProperty().get());
        assertEquals(3, tab.model().epochsProperty().get(), "the spinner writes into the view-model");
        robot.clickOn("#training-run");
        Background.Task task = tab.model().taskProperty().get();
        assertNotNull(task, "training started");
        task.whenDone().get(2, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(3, tab.model().records().size());
        assertEquals(3, tab.rmsePoints(true, false));
        assertEquals(3, tab.rmsePoints(true, true));
        assertEquals(3, tab.rmsePoints(false, false));
        assertEquals(3, tab.rmsePoints(false, true));
        assertEquals(3, tab.parityEnergyChart().getData().get(0).getData().size(), "3 validation frames");
        assertEquals(3 * 150, tab.parityForceChart().getData().get(0).getData().size());
        LineChart<Number, Number> pairs = tab.pairChart();
        assertEquals(tab.model().pairCurves().size(), pairs.getData().size());
        assertTrue(pairs.getData().size() >= 6);
        String status = robot.lookup("#training-status").queryAs(Label.class).getText();
        assertTrue(status.startsWith("3 epochs (all epochs done)"), status);
        assertFalse(robot.lookup("#training-export").queryAs(Button.class).isDisabled());
        assertFalse(robot.lookup("#training-run").queryAs(Button.class).isDisabled());

        // a second run starts the charts afresh
        robot.interact(() -> tab.model().epochsProperty().set(2));
        robot.clickOn("#training-run");
        tab.model().taskProperty().get().whenDone().get(2, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, tab.rmsePoints(true, false));
    }
}
