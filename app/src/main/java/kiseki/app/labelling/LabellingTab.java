package kiseki.app.labelling;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.dft.Upf;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;

import java.io.File;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Labelling tab: the structure set to label, the Quantum ESPRESSO settings form, Run / Cancel, the job table (one
 * row per structure with its SCF progress, energy, wall time, cancel and retry) and the import of an existing extxyz
 * dataset. All logic is in {@link LabellingModel}.
 */
public final class LabellingTab extends WorkbenchTab {

    private final Workbench workbench;
    private final LabellingModel model;
    private final VBox pseudoRows = new VBox(4);

    public LabellingTab(Workbench workbench) {
        super(workbench.text("tab.labelling"), "tab-labelling");
        this.workbench = workbench;
        this.model = new LabellingModel(workbench);

        ChoiceBox<Artefact> structures = new ChoiceBox<>(model.structures());
        structures.setId("labelling-structure");
        structures.setConverter(new StringConverter<>() {
            @Override
            public String toString(Artefact a) {
                return a == null ? "" : a.name();
            }

            @Override
            public Artefact fromString(String s) {
                return null;
            }
        });
        structures.disableProperty().bind(model.runningProperty());
        Runnable showSelected = () -> {
            Artefact a = model.structureProperty().get();
            if (!Objects.equals(structures.getValue(), a)) {
                structures.setValue(a);
            }
        };
        model.structureProperty().addListener((o, a, b) -> showSelected.run());
        model.structures().addListener((ListChangeListener<Artefact>) c -> showSelected.run());
        structures.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(model.structureProperty().get())) {
                model.select(b);
            }
        });
        Label summary = new Label();
        summary.setId("labelling-structure-summary");
        summary.textProperty().bind(model.structureSummaryProperty());
        Button importDataset = new Button(workbench.text("labelling.importDataset"));
        importDataset.setId("labelling-import-dataset");
        importDataset.setTooltip(new Tooltip(workbench.text("labelling.importDataset.tip")));
        importDataset.disableProperty().bind(workbench.projectProperty().isNull());
        importDataset.setOnAction(e -> chooseAndImport());
        ToolBar bar = new ToolBar(new Label(workbench.text("labelling.structures")), structures, summary,
                new Separator(Orientation.VERTICAL), importDataset);

        TitledPane form = new TitledPane(workbench.text("labelling.settings"), settingsForm());
        form.setCollapsible(false);
        ScrollPane formScroll = new ScrollPane(form);
        formScroll.setFitToWidth(true);
        formScroll.setMinWidth(460);

        SplitPane split = new SplitPane(formScroll, jobsPane());
        split.setDividerPositions(0.42);
        SplitPane.setResizableWithParent(formScroll, false);
        BorderPane content = new BorderPane(split);
        content.setTop(bar);
        setContent(content);
    }

    public LabellingModel model() {
        return model;
    }

    /** Opens a structure set for labelling. */
    @Override
    public boolean open(Artefact artefact) {
        if (artefact.kind() != ArtefactKind.STRUCTURE || model.runningProperty().get()) {
            return false;
        }
        model.select(artefact);
        return true;
    }

    private GridPane settingsForm() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(8));
        int row = 0;

        TextField dir = new TextField();
        dir.setId("labelling-pseudo-dir");
        dir.setEditable(false);
        dir.textProperty().bind(Bindings.createStringBinding(() -> model.pseudoDirProperty().get() == null ? ""
                : model.pseudoDirProperty().get().toString(), model.pseudoDirProperty()));
        dir.setPromptText(workbench.text("labelling.pseudoDir.prompt"));
        Button browse = new Button(workbench.text("labelling.pseudoDir.browse"));
        browse.setId("labelling-pseudo-browse");
        browse.setOnAction(e -> choosePseudoDir());
        HBox dirBox = new HBox(4, dir, browse);
        HBox.setHgrow(dir, Priority.ALWAYS);
        grid.add(new Label(workbench.text("labelling.pseudoDir")), 0, row);
        grid.add(dirBox, 1, row++);

        pseudoRows.setId("labelling-pseudos");
        model.pseudos().addListener((ListChangeListener<PseudoChoice>) c -> showPseudos());
        showPseudos();
        grid.add(new Label(workbench.text("labelling.pseudos")), 0, row);
        grid.add(pseudoRows, 1, row++);

        Label hint = new Label();
        hint.setId("labelling-cutoff-hint");
        hint.setWrapText(true);
        hint.textProperty().bind(model.cutoffHintProperty());
        grid.add(hint, 0, row++, 2, 1);
        grid.add(new Label(workbench.text("labelling.ecutwfc")), 0, row);
        grid.add(numberField("labelling-ecutwfc", model.ecutwfcProperty(), ""), 1, row++);
        grid.add(new Label(workbench.text("labelling.ecutrho")), 0, row);
        grid.add(numberField("labelling-ecutrho", model.ecutrhoProperty(), workbench.text("labelling.ecutrho.auto")),
                1, row++);

        ChoiceBox<LabellingModel.KMode> kMode = new ChoiceBox<>();
        kMode.setId("labelling-kmode");
        kMode.getItems().setAll(LabellingModel.KMode.values());
        kMode.setConverter(converter(m -> workbench.text("labelling.kmode." + m.name().toLowerCase(Locale.ROOT))));
        kMode.valueProperty().bindBidirectional(model.kModeProperty());
        TextField spacing = numberField("labelling-kspacing", model.kSpacingProperty(), "");
        spacing.disableProperty().bind(model.kModeProperty().isNotEqualTo(LabellingModel.KMode.SPACING));
        TextField mesh = new TextField();
        mesh.setId("labelling-kmesh");
        mesh.setPrefColumnCount(6);
        mesh.textProperty().bindBidirectional(model.kMeshProperty());
        mesh.disableProperty().bind(model.kModeProperty().isNotEqualTo(LabellingModel.KMode.MESH));
        grid.add(new Label(workbench.text("labelling.kpoints")), 0, row);
        grid.add(new HBox(6, kMode, spacing, mesh), 1, row++);

        CheckBox smearing = new CheckBox(workbench.text("labelling.smearing"));
        smearing.setId("labelling-smearing");
        smearing.setSelected(Boolean.TRUE.equals(model.smearingProperty().get()));
        smearing.selectedProperty().addListener((o, a, b) -> model.smearingProperty().set(b));
        model.smearingProperty().addListener((o, a, b) -> smearing.setSelected(Boolean.TRUE.equals(b)));
        ChoiceBox<String> type = new ChoiceBox<>();
        type.setId("labelling-smearing-type");
        type.getItems().setAll(LabellingModel.SMEARINGS);
        type.setConverter(converter(s -> workbench.text("labelling.smearing." + s)));
        type.valueProperty().bindBidirectional(model.smearingTypeProperty());
        type.disableProperty().bind(smearing.selectedProperty().not());
        TextField degauss = numberField("labelling-degauss", model.degaussProperty(), "");
        degauss.disableProperty().bind(smearing.selectedProperty().not());
        grid.add(new Label(workbench.text("labelling.occupations")), 0, row);
        grid.add(new HBox(6, smearing, type), 1, row++);
        grid.add(new Label(workbench.text("labelling.degauss")), 0, row);
        grid.add(degauss, 1, row++);

        Spinner<Integer> jobs = counter("labelling-jobs", 256, model.parallelJobsProperty());
        Spinner<Integer> mpi = counter("labelling-mpi", 4096, model.mpiRanksProperty());
        grid.add(new Label(workbench.text("labelling.parallelJobs")), 0, row);
        grid.add(jobs, 1, row++);
        grid.add(new Label(workbench.text("labelling.mpiRanks")), 0, row);
        grid.add(mpi, 1, row++);
        Label programs = new Label(workbench.text("labelling.programs", model.pwCommand(), model.mpirunCommand()));
        programs.setId("labelling-programs");
        programs.setWrapText(true);
        grid.add(programs, 0, row++, 2, 1);

        TextField name = new TextField();
        name.setId("labelling-dataset-name");
        name.textProperty().bindBidirectional(model.datasetNameProperty());
        grid.add(new Label(workbench.text("labelling.datasetName")), 0, row);
        grid.add(name, 1, row++);

        grid.add(lines("labelling-problems", model.problems(), "#b00020"), 0, row++, 2, 1);
        grid.add(lines("labelling-warnings", model.warnings(), "#8a6d00"), 0, row++, 2, 1);

        Button run = new Button(workbench.text("labelling.run"));
        run.setId("labelling-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(model.runningProperty().or(model.structureProperty().isNull())
                .or(Bindings.isNotEmpty(model.problems())).or(workbench.projectProperty().isNull()));
        run.setOnAction(e -> model.run(a -> { }));
        Button cancel = new Button(workbench.text("labelling.cancel"));
        cancel.setId("labelling-cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        grid.add(new HBox(8, run, cancel), 0, row, 2, 1);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        // labels keep their full text (e.g. "Pseudopotentials", "MPI processes per run") instead of "…"
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().setAll(labels, new javafx.scene.layout.ColumnConstraints());
        grid.getColumnConstraints().get(1).setHgrow(Priority.ALWAYS);
        return grid;
    }

    /** An editable spinner from 1 to {@code max} bound to a count of the model. */
    private static Spinner<Integer> counter(String id, int max, ObjectProperty<Integer> value) {
        Spinner<Integer> spinner = new Spinner<>(1, max, value.get());
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        return spinner;
    }

    /** A label showing a list of sentences, one a line, in a colour. */
    private static Label lines(String id, javafx.collections.ObservableList<String> sentences, String colour) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setStyle("-fx-text-fill: " + colour + ";");
        label.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", sentences), sentences));
        return label;
    }

    private void showPseudos() {
        pseudoRows.getChildren().clear();
        if (model.pseudos().isEmpty()) {
            pseudoRows.getChildren().add(new Label(workbench.text("labelling.pseudos.none")));
            return;
        }
        for (PseudoChoice c : model.pseudos()) {
            ComboBox<Upf> box = new ComboBox<>(c.candidates());
            box.setId("labelling-pseudo-" + c.element());
            box.setMaxWidth(Double.MAX_VALUE);
            box.setPromptText(workbench.text("labelling.pseudos.missing"));
            box.setButtonCell(new UpfCell());
            box.setCellFactory(v -> new UpfCell());
            box.valueProperty().bindBidirectional(c.chosenProperty());
            Label element = new Label(c.element());
            element.setMinWidth(28);
            HBox line = new HBox(6, element, box);
            HBox.setHgrow(box, Priority.ALWAYS);
            pseudoRows.getChildren().add(line);
        }
    }

    /** A UPF file as "Si.pz-vbc.UPF — NC, PZ (LDA), Z = 4". */
    private final class UpfCell extends ListCell<Upf> {
        @Override
        protected void updateItem(Upf u, boolean empty) {
            super.updateItem(u, empty);
            setText(empty || u == null ? null : workbench.text("labelling.pseudo.describe", u.fileName(),
                    u.pseudoType(), u.functionalDescription(), LabellingModel.trim(u.zValence())));
        }
    }

    private javafx.scene.Node jobsPane() {
        TableView<JobRow> table = new TableView<>(model.jobs());
        table.setId("labelling-jobs-table");
        table.setPlaceholder(new Label(workbench.text("labelling.jobs.none")));
        table.getColumns().add(textColumn("#", r -> new ReadOnlyStringWrapper(Integer.toString(r.index() + 1)), 45));
        table.getColumns().add(textColumn(workbench.text("labelling.col.job"), JobRow::jobIdProperty, 85));
        table.getColumns().add(textColumn(workbench.text("labelling.col.state"), r -> Bindings.createStringBinding(
                () -> workbench.text("labelling.state." + r.state().name().toLowerCase(Locale.ROOT)),
                r.stateProperty()), 95));
        TableColumn<JobRow, Double> scf = new TableColumn<>(workbench.text("labelling.col.scf"));
        scf.setCellValueFactory(x -> x.getValue().progressProperty().asObject());
        scf.setCellFactory(ProgressBarTableCell.forTableColumn());
        scf.setPrefWidth(110);
        table.getColumns().add(scf);
        table.getColumns().add(textColumn(workbench.text("labelling.col.energy"), r -> Bindings.createStringBinding(
                () -> Double.isNaN(r.energy()) ? "" : String.format(Locale.ROOT, "%.6f", r.energy()),
                r.energyProperty()), 120));
        table.getColumns().add(textColumn(workbench.text("labelling.col.wall"), r -> Bindings.createStringBinding(
                () -> Double.isNaN(r.wallTimeProperty().get()) ? ""
                        : String.format(Locale.ROOT, "%.1f", r.wallTimeProperty().get()), r.wallTimeProperty()), 80));
        table.getColumns().add(textColumn(workbench.text("labelling.col.status"), JobRow::statusProperty, 260));
        TableColumn<JobRow, JobRow> actions = new TableColumn<>(workbench.text("labelling.col.actions"));
        actions.setCellValueFactory(x -> new javafx.beans.property.ReadOnlyObjectWrapper<>(x.getValue()));
        actions.setCellFactory(c -> new ActionCell());
        actions.setPrefWidth(150);
        table.getColumns().add(actions);

        ProgressBar progress = new ProgressBar(0);
        progress.setId("labelling-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        Label message = new Label();
        message.setId("labelling-progress-message");
        model.taskProperty().addListener((o, a, t) -> {
            progress.progressProperty().unbind();
            message.textProperty().unbind();
            if (t != null) {
                progress.progressProperty().bind(t.progressProperty());
                message.textProperty().bind(t.messageProperty());
            } else {
                progress.setProgress(model.jobs().isEmpty() ? 0 : 1);
                message.setText("");
            }
        });
        Label summary = new Label();
        summary.setId("labelling-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.runSummaryProperty());
        VBox box = new VBox(6, table, progress, message, summary);
        box.setPadding(new Insets(6));
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    /** Cancel (queued or running job) and Retry (failed or cancelled job, no run in progress). */
    private final class ActionCell extends TableCell<JobRow, JobRow> {
        private final Button cancel = new Button(workbench.text("labelling.job.cancel"));
        private final Button retry = new Button(workbench.text("labelling.job.retry"));
        private final HBox box = new HBox(4, cancel, retry);

        ActionCell() {
            cancel.setOnAction(e -> {
                if (getItem() != null) {
                    model.cancel(getItem());
                }
            });
            retry.setOnAction(e -> {
                if (getItem() != null && model.canRetry(getItem())) {
                    model.retry(getItem(), a -> { });
                }
            });
        }

        @Override
        protected void updateItem(JobRow row, boolean empty) {
            super.updateItem(row, empty);
            cancel.disableProperty().unbind();
            retry.disableProperty().unbind();
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            cancel.setId("labelling-job-cancel-" + (row.index() + 1));
            retry.setId("labelling-job-retry-" + (row.index() + 1));
            cancel.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.runningProperty().get()
                    || row.state().isFinal(), model.runningProperty(), row.stateProperty()));
            retry.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.canRetry(row),
                    model.runningProperty(), row.stateProperty(), row.jobIdProperty()));
            setGraphic(box);
        }
    }

    private static <R> TableColumn<R, String> textColumn(String title, Function<R, ObservableValue<String>> value,
            double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> value.apply(x.getValue()));
        c.setPrefWidth(width);
        return c;
    }

    private static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    /**
     * A text field editing a number of the model: every valid entry goes to the model at once, an invalid one is
     * marked (the model keeps its last valid value); a blank field means null (the default, where there is one).
     */
    private static TextField numberField(String id, ObjectProperty<Double> value, String prompt) {
        TextField field = new TextField(format(value.get()));
        field.setId(id);
        field.setPrefColumnCount(7);
        field.setPromptText(prompt);
        field.textProperty().addListener((o, a, t) -> {
            Double v = parse(t);
            boolean blank = t == null || t.isBlank();
            field.setStyle(v == null && !blank ? "-fx-border-color: #b00020;" : "");
            if ((v != null || blank) && !Objects.equals(v, value.get())) {
                value.set(v);
            }
        });
        value.addListener((o, a, v) -> {
            if (!Objects.equals(parse(field.getText()), v)) {
                field.setText(format(v));
            }
        });
        return field;
    }

    static Double parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.strip());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String format(Double v) {
        return v == null ? "" : LabellingModel.trim(v);
    }

    private void choosePseudoDir() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(workbench.text("labelling.pseudoDir.choose"));
        if (model.pseudoDirProperty().get() != null) {
            chooser.setInitialDirectory(model.pseudoDirProperty().get().toFile());
        }
        File dir = chooser.showDialog(getTabPane().getScene().getWindow());
        if (dir != null) {
            model.setPseudoDir(dir.toPath());
        }
    }

    private void chooseAndImport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(workbench.text("labelling.importDataset.title"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(workbench.text("labelling.importDataset.filter"), "*.extxyz", "*.xyz"),
                new FileChooser.ExtensionFilter(workbench.text("dialog.import.all"), "*"));
        File file = chooser.showOpenDialog(getTabPane().getScene().getWindow());
        if (file != null) {
            model.importDataset(file.toPath(), a -> { });
        }
    }
}
