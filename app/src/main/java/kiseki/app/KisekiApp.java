package kiseki.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Kiseki workbench. {@code ./kiseki} starts it; a project folder or a structure file given as an argument opens
 * at once.
 */
public final class KisekiApp extends Application {

    private Workbench workbench;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        AppPreferences prefs = Boolean.getBoolean("kiseki.freshPreferences") ? AppPreferences.inMemory()
                : AppPreferences.user();
        workbench = new Workbench(Messages.forLanguage(prefs.language()), prefs, Platform::runLater);
        window = new MainWindow(workbench);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> workbench.project() == null ? "Kiseki"
                : "Kiseki — " + workbench.project().name(), workbench.projectProperty()));
        MainWindow.restoreLayout(stage, prefs);
        Scene scene = new Scene(window);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> window.rememberLayout(stage));
        stage.show();
        workbench.info(workbench.text("log.welcome"));
        List<String> args = getParameters().getUnnamed();
        if (!args.isEmpty()) {
            Path p = Path.of(args.get(0));
            if (Files.isDirectory(p)) {
                workbench.openProject(p, x -> { });
            } else {
                window.structureTab().model().importFile(p, a -> { });
            }
        }
        if (Boolean.getBoolean("kiseki.smokeTest")) {
            // used by CI to prove the launcher opens a real window: close once it has been shown
            System.out.println("Kiseki workbench opened: " + stage.getTitle());
            Platform.runLater(Platform::exit);
        }
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.close();
        }
    }

    public static void main(String[] args) {
        launch(args);
    }
}
