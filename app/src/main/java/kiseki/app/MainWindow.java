package kiseki.app;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import kiseki.app.project.ExplorerView;
import kiseki.app.structure.StructureTab;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main window's content: menus, toolbar, project explorer, tabbed editors, log console and a status bar listing
 * running tasks (with progress and cancel). All logic lives in the view-models; this class only lays out and wires.
 */
public final class MainWindow extends BorderPane {

    private final Workbench workbench;
    private final WorkbenchTabs tabs;
    private final TabPane tabPane = new TabPane();
    private final SplitPane horizontal = new SplitPane();
    private final SplitPane vertical = new SplitPane();
    private final ListView<Workbench.LogEntry> console = new ListView<>();
    private final Menu recentMenu = new Menu();

    public MainWindow(Workbench workbench) {
        this.workbench = workbench;
        this.tabs = new WorkbenchTabs(workbench);
        setId("main-window");
        tabPane.setId("editor-tabs");
        tabPane.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabPane.getTabs().setAll(tabs.all());
        ExplorerView explorer = new ExplorerView(tabs.explorer(), workbench);
        explorer.setOnOpen(tabs::open);
        horizontal.getItems().setAll(explorer, tabPane);
        horizontal.setDividerPositions(workbench.preferences().getDouble("layout.explorerDivider", 0.22));
        SplitPane.setResizableWithParent(explorer, false);
        console.setId("log-console");
        console.setItems(workbench.log());
        console.setPlaceholder(new Label(workbench.text("log.empty")));
        workbench.log().addListener((ListChangeListener<Workbench.LogEntry>) c -> {
            if (!workbench.log().isEmpty()) {
                console.scrollTo(workbench.log().size() - 1);
            }
        });
        console.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Workbench.LogEntry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.toString());
                setStyle(empty || e == null || e.level() == Workbench.Level.INFO ? ""
                        : e.level() == Workbench.Level.ERROR ? "-fx-text-fill: #b00020;" : "-fx-text-fill: #a05a00;");
            }
        });
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.getItems().setAll(horizontal, console);
        vertical.setDividerPositions(workbench.preferences().getDouble("layout.consoleDivider", 0.82));
        int selectedTab = (int) workbench.preferences().getDouble("layout.tab", 0);
        if (selectedTab >= 0 && selectedTab < tabPane.getTabs().size()) {
            tabPane.getSelectionModel().select(selectedTab);
        }
        setTop(new VBox(menus(), toolbar()));
        setCenter(vertical);
        setBottom(statusBar());
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                tabPane.getSelectionModel().select(tabs.structureTab());
                for (File f : e.getDragboard().getFiles()) {
                    tabs.structureTab().model().importFile(f.toPath(), a -> { });
                }
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        workbench.log().addListener((ListChangeListener<Workbench.LogEntry>) c -> {
            while (c.next()) {
                for (Workbench.LogEntry e : c.getAddedSubList()) {
                    if (e.level() == Workbench.Level.ERROR && getScene() != null && getScene().getWindow() != null
                            && getScene().getWindow().isShowing() && !Boolean.getBoolean("kiseki.noDialogs")) {
                        Alert a = new Alert(Alert.AlertType.ERROR, e.text());
                        a.setHeaderText(workbench.text("error.header"));
                        a.initOwner(getScene().getWindow());
                        a.show();
                    }
                }
            }
        });
    }

    public WorkbenchTabs tabs() {
        return tabs;
    }

    public TabPane tabPane() {
        return tabPane;
    }

    /** Saves window size and position, divider positions and the selected tab. */
    public void rememberLayout(Stage stage) {
        AppPreferences p = workbench.preferences();
        if (!stage.isMaximized()) {
            p.putDouble("layout.x", stage.getX());
            p.putDouble("layout.y", stage.getY());
            p.putDouble("layout.width", stage.getWidth());
            p.putDouble("layout.height", stage.getHeight());
        }
        p.put("layout.maximized", Boolean.toString(stage.isMaximized()));
        p.putDouble("layout.explorerDivider", horizontal.getDividerPositions()[0]);
        p.putDouble("layout.consoleDivider", vertical.getDividerPositions()[0]);
        p.putDouble("layout.tab", tabPane.getSelectionModel().getSelectedIndex());
        p.flush();
    }

    /** Applies the remembered window geometry (if any) to the stage. */
    public static void restoreLayout(Stage stage, AppPreferences p) {
        double w = p.getDouble("layout.width", 1280);
        double h = p.getDouble("layout.height", 820);
        stage.setWidth(Math.max(640, w));
        stage.setHeight(Math.max(480, h));
        double x = p.getDouble("layout.x", Double.NaN);
        double y = p.getDouble("layout.y", Double.NaN);
        if (Double.isFinite(x) && Double.isFinite(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(Boolean.parseBoolean(p.get("layout.maximized", "false")));
    }

    private MenuBar menus() {
        MenuItem newProject = item("menu.file.newProject", "menu-new-project", "Shortcut+N", this::newProject);
        MenuItem openProject = item("menu.file.openProject", "menu-open-project", "Shortcut+O", this::openProject);
        recentMenu.setText(workbench.text("menu.file.recent"));
        recentMenu.setId("menu-recent");
        refreshRecent();
        workbench.recentProjects().addListener((ListChangeListener<Path>) c -> refreshRecent());
        MenuItem importStructure = item("menu.file.importStructure", "menu-import-structure", "Shortcut+I",
                this::importStructure);
        MenuItem preferences = item("menu.file.preferences", "menu-preferences", null, this::preferences);
        MenuItem quit = item("menu.file.quit", "menu-quit", "Shortcut+Q", () -> window().hide());
        Menu file = new Menu(workbench.text("menu.file"), null, newProject, openProject, recentMenu,
                new SeparatorMenuItem(), importStructure, new SeparatorMenuItem(), preferences,
                new SeparatorMenuItem(), quit);
        file.setId("menu-file");
        CheckMenuItem showConsole = new CheckMenuItem(workbench.text("menu.view.console"));
        showConsole.setSelected(true);
        showConsole.selectedProperty().addListener((o, a, on) -> {
            if (on && !vertical.getItems().contains(console)) {
                vertical.getItems().add(console);
                vertical.setDividerPositions(0.82);
            } else if (!on) {
                vertical.getItems().remove(console);
            }
        });
        List<MenuItem> goTo = new ArrayList<>();
        for (Tab t : tabPane.getTabs()) {
            MenuItem m = new MenuItem(t.getText());
            m.setOnAction(e -> tabPane.getSelectionModel().select(t));
            goTo.add(m);
        }
        Menu view = new Menu(workbench.text("menu.view"), null, showConsole, new SeparatorMenuItem());
        view.getItems().addAll(goTo);
        MenuItem guide = item("menu.help.guide", "menu-guide", "F1", () -> info("help.guide.title",
                workbench.text("help.guide.text")));
        MenuItem about = item("menu.help.about", "menu-about", null, () -> info("help.about.title",
                workbench.text("help.about.text", System.getProperty("java.version"),
                        System.getProperty("javafx.runtime.version", "?"))));
        Menu help = new Menu(workbench.text("menu.help"), null, guide, about);
        return new MenuBar(file, view, help);
    }

    private MenuItem item(String key, String id, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(workbench.text(key));
        m.setId(id);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        for (Path p : workbench.recentProjects()) {
            MenuItem m = new MenuItem(p.toString());
            m.setMnemonicParsing(false);
            m.setOnAction(e -> workbench.openProject(p, x -> { }));
            recentMenu.getItems().add(m);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem(workbench.text("menu.file.recent.none"));
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    private ToolBar toolbar() {
        Button newProject = button("toolbar.newProject", "toolbar-new-project", this::newProject);
        Button openProject = button("toolbar.openProject", "toolbar-open-project", this::openProject);
        Button importStructure = button("toolbar.import", "toolbar-import", this::importStructure);
        Label project = new Label();
        project.setId("project-label");
        project.textProperty().bind(Bindings.createStringBinding(() -> workbench.project() == null
                ? workbench.text("project.none")
                : workbench.text("project.current", workbench.project().name(), workbench.project().dir()),
                workbench.projectProperty(), workbench.revisionProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(newProject, openProject, importStructure, spacer, project);
    }

    private Button button(String key, String id, Runnable action) {
        Button b = new Button(workbench.text(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private Node statusBar() {
        Label ready = new Label(workbench.text("status.ready"));
        ready.setId("status-ready");
        HBox tasks = new HBox(12);
        tasks.setId("status-tasks");
        Runnable rebuild = () -> {
            tasks.getChildren().clear();
            for (Background.Task t : workbench.background().running()) {
                Label name = new Label();
                name.textProperty().bind(Bindings.createStringBinding(() -> t.messageProperty().get().isEmpty()
                        ? t.name() : t.name() + " — " + t.messageProperty().get(), t.messageProperty()));
                ProgressBar bar = new ProgressBar();
                bar.setPrefWidth(120);
                bar.progressProperty().bind(t.progressProperty());
                Button cancel = new Button(workbench.text("status.cancel"));
                cancel.setOnAction(e -> t.cancel());
                tasks.getChildren().add(new HBox(4, name, bar, cancel));
            }
            ready.setVisible(tasks.getChildren().isEmpty());
            ready.setManaged(tasks.getChildren().isEmpty());
        };
        workbench.background().running().addListener((ListChangeListener<Background.Task>) c -> rebuild.run());
        HBox box = new HBox(8, ready, tasks);
        box.setPadding(new Insets(3, 8, 3, 8));
        box.setId("status-bar");
        return box;
    }

    private Window window() {
        return getScene().getWindow();
    }

    private void newProject() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(workbench.text("dialog.newProject.folder"));
        File parent = chooser.showDialog(window());
        if (parent == null) {
            return;
        }
        TextInputDialog name = new TextInputDialog("LGPS");
        name.initOwner(window());
        name.setTitle(workbench.text("dialog.newProject.title"));
        name.setHeaderText(workbench.text("dialog.newProject.header", parent));
        name.setContentText(workbench.text("dialog.newProject.name"));
        name.showAndWait().filter(s -> !s.isBlank()).ifPresent(n ->
                workbench.newProject(parent.toPath().resolve(n.strip()), n.strip(), p -> { }));
    }

    private void openProject() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(workbench.text("dialog.openProject.title"));
        File dir = chooser.showDialog(window());
        if (dir != null) {
            workbench.openProject(dir.toPath(), p -> { });
        }
    }

    private void importStructure() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(workbench.text("dialog.import.title"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(workbench.text("dialog.import.structures"), "*.cif", "*.extxyz",
                        "*.xyz", "*.vasp", "POSCAR*", "CONTCAR*", "*.lmp", "*.data", "*.in", "*.out"),
                new FileChooser.ExtensionFilter(workbench.text("dialog.import.all"), "*"));
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null) {
            tabPane.getSelectionModel().select(tabs.structureTab());
            for (File f : files) {
                tabs.structureTab().model().importFile(f.toPath(), a -> { });
            }
        }
    }

    private void preferences() {
        new PreferencesDialog(workbench).showAndWait(window());
    }

    private void info(String titleKey, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text);
        a.setHeaderText(workbench.text(titleKey));
        a.initOwner(window());
        a.show();
    }

    /** For tests and screenshots: the Structure tab. */
    public StructureTab structureTab() {
        return tabs.structureTab();
    }
}
