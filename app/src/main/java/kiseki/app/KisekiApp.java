package kiseki.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;

/** The Kiseki workbench. {@code ./kiseki} starts it; a structure file given as an argument opens at once. */
public final class KisekiApp extends Application {

    private Background background;

    @Override
    public void start(Stage stage) {
        background = new Background(Platform::runLater);
        StructureViewModel model = new StructureViewModel(background);
        MainView view = new MainView(model);
        stage.setTitle("Kiseki");
        stage.titleProperty().bind(javafx.beans.binding.Bindings.concat("Kiseki — ", model.titleProperty()));
        stage.setScene(new Scene(view, 1000, 700));
        stage.show();
        List<String> args = getParameters().getUnnamed();
        if (!args.isEmpty()) {
            model.open(Path.of(args.get(0)), false);
        }
        if (Boolean.getBoolean("kiseki.smokeTest")) {
            // used by CI to prove the launcher opens a real window: close once it has been shown
            System.out.println("Kiseki workbench opened: " + stage.getTitle());
            Platform.runLater(Platform::exit);
        }
    }

    @Override
    public void stop() {
        if (background != null) {
            background.close();
        }
    }

    public static void main(String[] args) {
        launch(args);
    }
}
