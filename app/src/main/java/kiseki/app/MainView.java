package kiseki.app;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;

/** The main window's content: menus, the structure summary, a status line. Logic lives in the view-model. */
public final class MainView extends BorderPane {

    private final StructureViewModel model;

    public MainView(StructureViewModel model) {
        this.model = model;
        setId("main-view");
        setTop(menus());
        setCenter(centre());
        setBottom(status());
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            if (e.getDragboard().hasFiles()) {
                model.open(e.getDragboard().getFiles().get(0).toPath(), false);
            }
            e.setDropCompleted(true);
            e.consume();
        });
        model.errorProperty().addListener((obs, old, msg) -> {
            if (msg != null && !msg.isEmpty() && getScene() != null) {
                Alert a = new Alert(Alert.AlertType.ERROR, msg);
                a.setHeaderText("Cannot open the structure");
                a.initOwner(getScene().getWindow());
                a.show();
            }
        });
    }

    private MenuBar menus() {
        MenuItem open = new MenuItem("Open Structure…");
        open.setId("menu-open-structure");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseAndOpen());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> getScene().getWindow().hide());
        Menu file = new Menu("File", null, open, quit);
        file.setId("menu-file");
        MenuItem about = new MenuItem("About Kiseki");
        about.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION,
                    "Kiseki — a workbench for neural-network force fields for molecular dynamics.");
            a.setHeaderText("Kiseki");
            a.initOwner(getScene().getWindow());
            a.show();
        });
        Menu help = new Menu("Help", null, about);
        return new MenuBar(file, help);
    }

    private void chooseAndOpen() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open structure");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Structures", "*.cif", "*.extxyz", "*.xyz", "*.vasp", "POSCAR*",
                        "CONTCAR*", "*.lmp", "*.data"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Window w = getScene().getWindow();
        File f = chooser.showOpenDialog(w);
        if (f != null) {
            model.open(f.toPath(), false);
        }
    }

    private VBox centre() {
        Label title = new Label();
        title.setId("structure-title");
        title.textProperty().bind(model.titleProperty());
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        TableView<StructureViewModel.Row> table = new TableView<>(model.rows());
        table.setId("structure-table");
        TableColumn<StructureViewModel.Row, String> property = new TableColumn<>("Property");
        property.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().property()));
        property.setPrefWidth(180);
        TableColumn<StructureViewModel.Row, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().value()));
        value.setPrefWidth(520);
        table.getColumns().add(property);
        table.getColumns().add(value);
        table.setPlaceholder(new Label("Open a structure (File ▸ Open Structure…) or drop a CIF, POSCAR or extxyz file here."));
        VBox box = new VBox(8, title, table);
        box.setPadding(new Insets(10));
        VBox.setVgrow(table, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    private HBox status() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(model.busyProperty());
        Label text = new Label("Ready");
        text.textProperty().bind(javafx.beans.binding.Bindings.when(model.busyProperty()).then("Reading…")
                .otherwise("Ready"));
        HBox box = new HBox(6, spinner, text);
        box.setPadding(new Insets(4, 10, 4, 10));
        return box;
    }
}
