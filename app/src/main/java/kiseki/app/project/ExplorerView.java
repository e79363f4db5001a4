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
        details.setId("explorer-details");
        details.setEditable(false);
        details.setWrapText(true);
        details.setPromptText(workbench.text("explorer.detailsPrompt"));
        model.groups().addListener((ListChangeListener<ExplorerModel.Node>) c -> rebuild());
        rebuild();
        getItems().setAll(tree, details);
        setDividerPositions(0.7);
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
