package kiseki.app;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Headless (Monocle) check that the main window builds and shows its placeholder state. */
@ExtendWith(ApplicationExtension.class)
class MainViewTest {

    private Background background;

    @Start
    void start(Stage stage) {
        background = new Background(javafx.application.Platform::runLater);
        stage.setScene(new Scene(new MainView(new StructureViewModel(background)), 800, 600));
        stage.show();
    }

    @Test
    void showsTheEmptyStructurePanel(FxRobot robot) {
        Label title = robot.lookup("#structure-title").queryAs(Label.class);
        assertEquals("No structure open", title.getText());
        TableView<?> table = robot.lookup("#structure-table").queryAs(TableView.class);
        assertNotNull(table);
        assertEquals(0, table.getItems().size());
    }
}
