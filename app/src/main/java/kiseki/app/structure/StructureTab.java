package kiseki.app.structure;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.app.viewer.StructureViewer;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Structure tab: import, 3D view, cell and atom tables, supercell and perturbation dialogs. */
public final class StructureTab extends WorkbenchTab {

    private final Workbench workbench;
    private final StructureModel model;
    private final StackPane viewerSlot = new StackPane();
    private final StructureViewer viewer;

    public StructureTab(Workbench workbench) {
        super(workbench.text("tab.structure"), "tab-structure");
        this.workbench = workbench;
        this.model = new StructureModel(workbench);
        Button importButton = new Button(workbench.text("structure.import"));
        importButton.setId("structure-import");
        importButton.setOnAction(e -> chooseAndImport());
        Button supercell = new Button(workbench.text("structure.supercell"));
        supercell.setId("structure-supercell");
        supercell.disableProperty().bind(model.structureProperty().isNull());
        supercell.setOnAction(e -> new SupercellDialog(workbench, model).showAndWait()
                .ifPresent(t -> model.supercell(t, a -> { })));
        Button perturb = new Button(workbench.text("structure.perturb"));
        perturb.setId("structure-perturb");
        perturb.disableProperty().bind(model.structureProperty().isNull());
        perturb.setOnAction(e -> new PerturbDialog(workbench).showAndWait()
                .ifPresent(s -> model.perturb(s, a -> { })));
        Label title = new Label();
        title.setId("structure-title");
        title.textProperty().bind(model.titleProperty());
        title.setStyle("-fx-font-weight: bold;");
        ToolBar bar = new ToolBar(importButton, supercell, perturb, title);

        viewerSlot.setId("structure-viewer-slot");
        viewerSlot.setMinSize(200, 200);
        Label placeholder = new Label(workbench.text("structure.dropHint"));
        placeholder.setWrapText(true);
        viewerSlot.getChildren().setAll(placeholder);
        viewer = newViewer(workbench);
        viewer.setId("structure-viewer");
        model.structureProperty().addListener((o, a, s) -> showInViewer());

        TableView<StructureModel.Row> cell = new TableView<>(model.cellRows());
        cell.setId("structure-cell-table");
        cell.getColumns().add(column(workbench.text("cell.property"), StructureModel.Row::property, 150));
        cell.getColumns().add(column(workbench.text("cell.value"), StructureModel.Row::value, 260));
        cell.setPlaceholder(new Label(workbench.text("structure.none")));
        cell.setPrefHeight(230);
        TableView<StructureModel.AtomRow> atoms = new TableView<>(model.atoms());
        atoms.setId("structure-atom-table");
        atoms.getColumns().add(column("#", r -> Integer.toString(r.index()), 50));
        atoms.getColumns().add(column(workbench.text("atoms.element"), StructureModel.AtomRow::element, 60));
        atoms.getColumns().add(column("x (Å)", r -> fixed(r.x()), 80));
        atoms.getColumns().add(column("y (Å)", r -> fixed(r.y()), 80));
        atoms.getColumns().add(column("z (Å)", r -> fixed(r.z()), 80));
        atoms.getColumns().add(column("a", r -> fixed(r.fa()), 70));
        atoms.getColumns().add(column("b", r -> fixed(r.fb()), 70));
        atoms.getColumns().add(column("c", r -> fixed(r.fc()), 70));
        atoms.setPlaceholder(new Label(""));
        VBox tables = new VBox(6, cell, atoms);
        tables.setPadding(new Insets(6));
        VBox.setVgrow(atoms, Priority.ALWAYS);
        SplitPane split = new SplitPane(viewerSlot, tables);
        split.setDividerPositions(0.55);
        BorderPane content = new BorderPane(split);
        content.setTop(bar);
        setContent(content);
    }

    public StructureModel model() {
        return model;
    }

    /** The pane that holds the 3D viewer (for tests and screenshots). */
    public StackPane viewerSlot() {
        return viewerSlot;
    }

    @Override
    public boolean open(Artefact artefact) {
        if (artefact.kind() != ArtefactKind.STRUCTURE) {
            return false;
        }
        model.openArtefact(artefact);
        return true;
    }

    private void showInViewer() {
        if (model.structure() != null) {
            viewer.setStructure(model.structure());
            viewerSlot.getChildren().setAll(viewer);
        }
    }

    /** The 3D viewer, speaking the workbench's language. */
    public static StructureViewer newViewer(Workbench workbench) {
        StructureViewer v = new StructureViewer();
        v.setTexts(workbench.text("viewer.no3d"), workbench.text("viewer.hint"), a -> Double.isNaN(a.fa())
                ? workbench.text("viewer.atom", a.symbol(), a.index() + 1, a.x(), a.y(), a.z())
                : workbench.text("viewer.atomFractional", a.symbol(), a.index() + 1, a.x(), a.y(), a.z(), a.fa(),
                        a.fb(), a.fc()));
        return v;
    }

    /** The 3D viewer of this tab. */
    public StructureViewer viewer() {
        return viewer;
    }

    private void chooseAndImport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(workbench.text("dialog.import.title"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(workbench.text("dialog.import.structures"), "*.cif", "*.extxyz",
                        "*.xyz", "*.vasp", "POSCAR*", "CONTCAR*", "*.lmp", "*.data"),
                new FileChooser.ExtensionFilter(workbench.text("dialog.import.all"), "*"));
        List<File> files = chooser.showOpenMultipleDialog(getTabPane().getScene().getWindow());
        if (files != null) {
            for (File f : files) {
                model.importFile(f.toPath(), a -> { });
            }
        }
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5f", v);
    }

    static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(value.apply(x.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
