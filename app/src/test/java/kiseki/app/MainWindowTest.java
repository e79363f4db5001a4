package kiseki.app;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import kiseki.app.project.ExplorerModel;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headless (Monocle): the main window builds, a project opens, an import shows up in the explorer. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private Workbench workbench;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        System.setProperty("kiseki.noDialogs", "true");
        workbench = new Workbench(Messages.forLanguage("en"), AppPreferences.inMemory(), Platform::runLater);
        window = new MainWindow(workbench);
        stage.setScene(new Scene(window, 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void showsTabsAndNoProjectAtFirst(FxRobot robot) {
        TabPane tabs = robot.lookup("#editor-tabs").queryAs(TabPane.class);
        assertEquals("Structure", tabs.getTabs().get(0).getText());
        Label project = robot.lookup("#project-label").queryAs(Label.class);
        assertTrue(project.getText().startsWith("No project open"), project.getText());
        assertEquals("No structure open", robot.lookup("#structure-title").queryAs(Label.class).getText());
    }

    @Test
    void aNewProjectAndAnImportAppearInTheExplorer(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path cif = TestSupport.shared("data/structures/LGPS_mp-696128.cif");
        workbench.newProject(tmp.resolve("demo"), "demo", p -> { }).whenDone().get(20, TimeUnit.SECONDS);
        window.structureTab().model().importFile(cif, a -> { }).whenDone().get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Label project = robot.lookup("#project-label").queryAs(Label.class);
        assertTrue(project.getText().startsWith("Project demo"), project.getText());
        @SuppressWarnings("unchecked")
        TreeView<ExplorerModel.Node> tree = robot.lookup("#explorer-tree").queryAs(TreeView.class);
        TreeItem<ExplorerModel.Node> structures = tree.getRoot().getChildren().get(0);
        assertEquals("Structures (1)", structures.getValue().label());
        assertEquals("LGPS_mp-696128", structures.getChildren().get(0).getValue().label());
        assertTrue(Files.isRegularFile(tmp.resolve("demo/structures/LGPS_mp-696128.cif")));
        assertTrue(robot.lookup("#structure-title").queryAs(Label.class).getText().contains("50 atoms"));
        // the log console reports the import
        assertTrue(workbench.log().stream().anyMatch(e -> e.text().startsWith("Imported LGPS_mp-696128.cif")));
    }

    @Test
    void theLayoutIsRememberedAndTheJapaneseInterfaceBuilds(FxRobot robot) throws Exception {
        AppPreferences prefs = workbench.preferences();
        robot.interact(() -> {
            window.tabPane().getSelectionModel().select(2);
            window.rememberLayout((Stage) window.getScene().getWindow());
        });
        assertEquals(2.0, prefs.getDouble("layout.tab", -1));
        assertEquals(window.getScene().getWindow().getWidth(), prefs.getDouble("layout.width", -1));
        // a second window on the same preferences opens on the remembered tab, here in Japanese
        Workbench japanese = new Workbench(Messages.forLanguage("ja"), prefs, Platform::runLater);
        try {
            MainWindow[] second = new MainWindow[1];
            robot.interact(() -> second[0] = new MainWindow(japanese));
            assertEquals(2, second[0].tabPane().getSelectionModel().getSelectedIndex());
            assertEquals("構造", second[0].tabPane().getTabs().get(0).getText());
            assertEquals("学習", second[0].tabPane().getTabs().get(2).getText());
        } finally {
            japanese.close();
        }
    }
}
