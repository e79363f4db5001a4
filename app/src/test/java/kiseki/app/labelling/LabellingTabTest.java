package kiseki.app.labelling;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import kiseki.app.AppPreferences;
import kiseki.app.Messages;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.dft.Upf;
import kiseki.io.ExtxyzFormat;
import kiseki.io.WriteOptions;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headless (Monocle): the Labelling tab shows the settings form and the job table for a project's structure set. */
@ExtendWith(ApplicationExtension.class)
class LabellingTabTest {

    private Workbench workbench;
    private LabellingTab tab;

    @Start
    void start(Stage stage) {
        workbench = new Workbench(Messages.forLanguage("en"), AppPreferences.inMemory(), Platform::runLater);
        tab = new LabellingTab(workbench);
        stage.setScene(new Scene(new TabPane(tab), 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void showsTheFormAndTheJobTableForAStructureSet(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path pseudo = TestSupport.shared("pseudo/Si.pz-vbc.UPF").getParent();
        TableView<?> table = robot.lookup("#labelling-jobs-table").queryAs(TableView.class);
        assertEquals("No labelling jobs yet: choose a structure set and press Run Labelling.",
                ((Label) table.getPlaceholder()).getText());
        assertTrue(robot.lookup("#labelling-run").queryAs(Button.class).isDisabled(), "nothing to label yet");
        assertTrue(robot.lookup("#labelling-import-dataset").queryAs(Button.class).isDisabled(), "no project yet");

        workbench.newProject(tmp.resolve("si"), "si", p -> { }).whenDone().get(20, TimeUnit.SECONDS);
        Project project = workbench.project();
        Element si = PeriodicTable.require("Si");
        Structure cell = Structure.fromFractional(Lattice.orthorhombic(5.43, 5.43, 5.43), new Element[] {si, si},
                new double[] {0, 0, 0, 0.25, 0.25, 0.25});
        Path file = tmp.resolve("si-set.extxyz");
        new ExtxyzFormat().write(file, List.of(new Frame(cell), new Frame(cell.copy()), new Frame(cell.copy())),
                WriteOptions.DEFAULT);
        Artefact set = project.addFile(ArtefactKind.STRUCTURE, file, null, null, null);
        workbench.projectChanged();
        WaitForAsyncUtils.asyncFx(() -> tab.model().setPseudoDir(pseudo)).get(5, TimeUnit.SECONDS).whenDone()
                .get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ChoiceBox<Artefact> structures = robot.lookup("#labelling-structure").queryAs(ChoiceBox.class);
        assertEquals(List.of(set), structures.getItems(), "the project's structures are offered");

        // opening the set (as the explorer does) selects and reads it
        WaitForAsyncUtils.asyncFx(() -> assertTrue(tab.open(set))).get(5, TimeUnit.SECONDS);
        waitUntil(() -> !tab.model().pseudos().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(set, structures.getValue());
        assertEquals("3 structures of 2 atoms, Si",
                robot.lookup("#labelling-structure-summary").queryAs(Label.class).getText());
        @SuppressWarnings("unchecked")
        ComboBox<Upf> siPseudo = robot.lookup("#labelling-pseudo-Si").queryAs(ComboBox.class);
        assertEquals("Si.pz-vbc.UPF", siPseudo.getValue().fileName());
        assertEquals(pseudo.toString(), robot.lookup("#labelling-pseudo-dir").queryAs(TextField.class).getText());
        assertEquals("40", robot.lookup("#labelling-ecutwfc").queryAs(TextField.class).getText());
        assertEquals("si-set-dft", robot.lookup("#labelling-dataset-name").queryAs(TextField.class).getText());
        assertEquals("", robot.lookup("#labelling-problems").queryAs(Label.class).getText());
        assertFalse(robot.lookup("#labelling-run").queryAs(Button.class).isDisabled(), "ready to run");
        assertTrue(robot.lookup("#labelling-cancel").queryAs(Button.class).isDisabled(), "nothing to cancel");
        assertFalse(robot.lookup("#labelling-import-dataset").queryAs(Button.class).isDisabled());

        // typing a cutoff reaches the view-model; the k-point fields follow the chosen sampling
        TextField ecut = robot.lookup("#labelling-ecutwfc").queryAs(TextField.class);
        robot.interact(() -> ecut.setText("25"));
        assertEquals(25.0, tab.model().ecutwfcProperty().get());
        robot.interact(() -> tab.model().kModeProperty().set(LabellingModel.KMode.GAMMA));
        assertTrue(robot.lookup("#labelling-kspacing").queryAs(TextField.class).isDisabled());
        assertTrue(robot.lookup("#labelling-kmesh").queryAs(TextField.class).isDisabled());

        List<String> headers = table.getColumns().stream().map(c -> c.getText()).toList();
        assertEquals(List.of("#", "Job", "State", "SCF", "Energy (eV)", "Wall time (s)", "Details", "Actions"),
                headers);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(25);
        }
        assertTrue(condition.getAsBoolean(), "timed out");
    }
}
