package kiseki.app.project;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.geometry.Orientation;
import kiseki.app.Workbench;
import kiseki.project.Artefact;

import java.util.function.Consumer;

/** The project explorer: artefacts grouped by kind, details with provenance below; double-click opens. */
public final class ExplorerView extends SplitPane {

    private final ExplorerModel model;
    private final TreeView<ExplorerModel.Node> tree = new TreeView<>();
    private final TextArea details = new TextArea();
    private Consumer<Artefact> onOpen = a -> { };

    public ExplorerView(ExplorerModel model, Workbench workbench) {
        this.model = model;
        setId("explorer");
        setOrientation(Orientation.VERTICAL);
        tree.setId("explorer-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(v -> new TreeCell<>() {
            @Override
            protected void updateItem(ExplorerModel.Node node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : node.label());
                setStyle(empty || node == null || !node.isGroup() ? "" : "-fx-font-weight: bold;");
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            Artefact art = item == null || item.getValue() == null ? null : item.getValue().artefact();
            model.select(art);
            details.setText(art == null ? "" : model.provenance(art));
        });
        tree.setOnMouseClicked(e -> {
            TreeItem<ExplorerModel.Node> item = tree.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && item != null && item.getValue() != null && !item.getValue().isGroup()) {
                onOpen.accept(item.getValue().artefact());
            }
        });
        javafx.scene.control.MenuItem open = new javafx.scene.control.MenuItem(workbench.text("explorer.menu.open"));
        open.setOnAction(e -> selectedArtefact().ifPresent(a -> onOpen.accept(a)));
        javafx.scene.control.MenuItem remove = new javafx.scene.control.MenuItem(
                workbench.text("explorer.menu.remove"));
        remove.setId("explorer-remove");
        remove.setOnAction(e -> selectedArtefact().ifPresent(a -> {
            javafx.scene.control.Alert confirm = new javafx.scene.control.Alert(
                    javafx.scene.control.Alert.AlertType.CONFIRMATION,
                    workbench.text("explorer.confirm.remove", a.name(), a.path()));
            confirm.setHeaderText(workbench.text("explorer.menu.remove"));
            if (getScene() != null) {
                confirm.initOwner(getScene().getWindow());
            }
            confirm.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK)
                    .ifPresent(b -> model.remove(a));
        }));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(open, remove);
        menu.setOnShowing(e -> {
            boolean artefact = selectedArtefact().isPresent();
            open.setDisable(!artefact);
            remove.setDisable(!artefact);
        });
        tree.setContextMenu(menu);
        details.setId("explorer-details");
        details.setEditable(false);
        details.setWrapText(true);
        details.setPromptText(workbench.text("explorer.detailsPrompt"));
        model.groups().addListener((ListChangeListener<ExplorerModel.Node>) c -> rebuild());
        rebuild();
        getItems().setAll(tree, details);
        setDividerPositions(0.7);
    }

    private java.util.Optional<Artefact> selectedArtefact() {
        TreeItem<ExplorerModel.Node> item = tree.getSelectionModel().getSelectedItem();
        return item == null || item.getValue() == null || item.getValue().isGroup() ? java.util.Optional.empty()
                : java.util.Optional.of(item.getValue().artefact());
    }

    public void setOnOpen(Consumer<Artefact> action) {
        this.onOpen = action;
    }

    public TreeView<ExplorerModel.Node> tree() {
        return tree;
    }

    private void rebuild() {
        TreeItem<ExplorerModel.Node> root = new TreeItem<>();
        for (ExplorerModel.Node group : model.groups()) {
            TreeItem<ExplorerModel.Node> g = new TreeItem<>(group);
            g.setExpanded(true);
            for (ExplorerModel.Node child : group.children()) {
                g.getChildren().add(new TreeItem<>(child));
            }
            root.getChildren().add(g);
        }
        tree.setRoot(root);
    }
}
