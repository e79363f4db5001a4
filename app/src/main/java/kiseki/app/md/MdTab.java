package kiseki.app.md;

import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.Property;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableSet;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.app.charts.CurveChart;
import kiseki.app.structure.StructureTab;
import kiseki.app.viewer.StructureViewer;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * MD tab: the run form on the left; live temperature and potential-energy charts (one line per temperature of the
 * batch) and the trajectory player of a finished run, moving the atoms of a 3D viewer, on the right. A thin view over
 * {@link MdModel}.
 */
public final class MdTab extends WorkbenchTab {

    private final Workbench workbench;
    private final MdModel model;
    private final ObservableSet<TextField> invalid = FXCollections.observableSet();
    private final CurveChart temperatureChart;
    private final CurveChart energyChart;
    private final StackPane viewerSlot = new StackPane();
    private final StructureViewer viewer;
    private final AnimationTimer clock = new AnimationTimer() {
        @Override
        public void handle(long now) {
            model.player().tick(now);
        }
    };

    public MdTab(Workbench workbench) {
        super(workbench.text("tab.md"), "tab-md");
        this.workbench = workbench;
        this.model = new MdModel(workbench);
        this.viewer = StructureTab.newViewer(workbench);
        temperatureChart = chart("md-temperature-chart", "md.chart.temperature", "md.axis.temperature");
        energyChart = chart("md-energy-chart", "md.chart.energy", "md.axis.energy");
        // one line per temperature of the batch, fed record by record (the charts keep a bounded number of points)
        model.addRecordListener((run, r) -> {
            temperatureChart.append(run.label(), r.timePs(), r.temperatureK());
            energyChart.append(run.label(), r.timePs(), r.potentialEnergy());
        });
        model.live().addListener((ListChangeListener<LiveRun>) c -> {
            if (model.live().isEmpty()) {
                temperatureChart.clear();
                energyChart.clear();
            }
        });

        VBox charts = new VBox(4, temperatureChart, energyChart);
        VBox.setVgrow(temperatureChart, Priority.ALWAYS);
        VBox.setVgrow(energyChart, Priority.ALWAYS);
        SplitPane right = new SplitPane(charts, player());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.55);
        ScrollPane left = new ScrollPane(form());
        left.setFitToWidth(true);
        left.setMinWidth(300);
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.34);
        setContent(new BorderPane(split));
    }

    public MdModel model() {
        return model;
    }

    /** The pane that holds the player's 3D viewer (a hint until a trajectory is loaded). */
    public StackPane viewerSlot() {
        return viewerSlot;
    }

    /** The 3D viewer the trajectory player drives. */
    public StructureViewer viewer() {
        return viewer;
    }

    @Override
    public boolean open(Artefact artefact) {
        if (artefact.kind() != ArtefactKind.MD_RUN) {
            return false;
        }
        model.openRun(artefact);
        return true;
    }

    // -------------------------------------------------------------------------------------------------- form

    private Node form() {
        GridPane grid = new GridPane();
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(140);
        grid.getColumnConstraints().setAll(labels, fields);
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(8));
        int row = 0;

        ComboBox<Artefact> potential = artefactBox("md-potential", model.potentials(), model.potentialProperty());
        potential.disableProperty().bind(model.lennardJonesProperty());
        CheckBox lj = new CheckBox(workbench.text("md.potential.lj"));
        lj.setId("md-lj");
        lj.selectedProperty().bindBidirectional(model.lennardJonesProperty());
        grid.addRow(row++, label("md.potential"), potential);
        grid.add(lj, 1, row++);
        TextField epsilon = number("md-lj-epsilon", model.ljEpsilonProperty(), MdTab::parseDouble);
        TextField sigma = number("md-lj-sigma", model.ljSigmaProperty(), MdTab::parseDouble);
        TextField cutoff = number("md-lj-cutoff", model.ljCutoffProperty(), MdTab::parseDouble);
        CheckBox shift = new CheckBox(workbench.text("md.lj.shift"));
        shift.setId("md-lj-shift");
        shift.selectedProperty().bindBidirectional(model.ljShiftProperty());
        for (Node n : List.of(epsilon, sigma, cutoff, shift)) {
            n.disableProperty().bind(model.lennardJonesProperty().not());
        }
        grid.addRow(row++, label("md.lj.epsilon"), epsilon);
        grid.addRow(row++, label("md.lj.sigma"), sigma);
        grid.addRow(row++, label("md.lj.cutoff"), cutoff);
        grid.add(shift, 1, row++);

        ComboBox<Artefact> structure = artefactBox("md-structure", model.structures(), model.structureProperty());
        grid.addRow(row++, label("md.structure"), structure);
        HBox supercell = new HBox(4, number("md-supercell-a", model.supercellAProperty(), MdTab::parseInt),
                new Label("×"), number("md-supercell-b", model.supercellBProperty(), MdTab::parseInt),
                new Label("×"), number("md-supercell-c", model.supercellCProperty(), MdTab::parseInt));
        supercell.getChildren().forEach(n -> {
            if (n instanceof TextField f) {
                f.setPrefColumnCount(3);
            }
        });
        grid.addRow(row++, label("md.supercell"), supercell);

        ComboBox<MdModel.Ensemble> ensemble = enumBox("md-ensemble", MdModel.Ensemble.values(),
                model.ensembleProperty(), "md.ensemble.");
        ComboBox<MdModel.ThermostatKind> thermostat = enumBox("md-thermostat", MdModel.ThermostatKind.values(),
                model.thermostatProperty(), "md.thermostat.");
        TextField tau = number("md-tau", model.tauFsProperty(), MdTab::parseDouble);
        thermostat.disableProperty().bind(model.ensembleProperty().isEqualTo(MdModel.Ensemble.NVE));
        tau.disableProperty().bind(thermostat.disableProperty());
        grid.addRow(row++, label("md.ensemble"), ensemble);
        grid.addRow(row++, label("md.thermostat"), thermostat);
        grid.addRow(row++, label("md.tau"), tau);

        TextField temperatures = new TextField();
        temperatures.setId("md-temperatures");
        temperatures.setPromptText(workbench.text("md.temperatures.prompt"));
        temperatures.textProperty().bindBidirectional(model.temperaturesProperty());
        grid.addRow(row++, label("md.temperatures"), temperatures);
        grid.addRow(row++, label("md.timestep"), number("md-timestep", model.timestepFsProperty(),
                MdTab::parseDouble));
        grid.addRow(row++, label("md.steps"), number("md-steps", model.stepsProperty(), MdTab::parseInt));
        grid.addRow(row++, label("md.thermoEvery"), number("md-thermo-every", model.thermoEveryProperty(),
                MdTab::parseInt));
        grid.addRow(row++, label("md.trajectoryEvery"), number("md-traj-every", model.trajectoryEveryProperty(),
                MdTab::parseInt));
        grid.addRow(row++, label("md.seed"), number("md-seed", model.seedProperty(), Long::parseLong));
        grid.addRow(row++, label("md.threads"), number("md-threads", model.threadsProperty(), MdTab::parseInt));

        Button run = new Button(workbench.text("md.run"));
        run.setId("md-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(Bindings.createBooleanBinding(() -> model.runningProperty().get()
                || !model.problemProperty().get().isEmpty() || !invalid.isEmpty(), model.runningProperty(),
                model.problemProperty(), invalid));
        run.setOnAction(e -> startRun());
        Button cancel = new Button(workbench.text("md.cancel"));
        cancel.setId("md-cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button resume = new Button(workbench.text("md.continueCancelled"));
        resume.setId("md-continue");
        resume.setTooltip(new javafx.scene.control.Tooltip(workbench.text("md.continueCancelled.tip")));
        resume.disableProperty().bind(model.runningProperty().or(workbench.projectProperty().isNull()));
        resume.setOnAction(e -> model.continueCancelled());
        grid.add(new HBox(8, run, cancel, resume), 1, row++);

        Label problem = new Label();
        problem.setId("md-problem");
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: #b00020;");
        problem.textProperty().bind(Bindings.createStringBinding(() -> invalid.isEmpty()
                ? model.problemProperty().get() : workbench.text("md.problem.number"), model.problemProperty(),
                invalid));
        grid.add(problem, 0, row++, 2, 1);
        ProgressBar progress = new ProgressBar(0);
        progress.setId("md-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(model.runningProperty());
        model.taskProperty().addListener((o, before, t) -> {
            progress.progressProperty().unbind();
            if (t != null) {
                progress.progressProperty().bind(t.progressProperty());
            }
        });
        grid.add(progress, 0, row++, 2, 1);
        Label status = new Label();
        status.setId("md-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        grid.add(status, 0, row, 2, 1);
        return grid;
    }

    private void startRun() {
        try {
            model.run(runs -> {
                if (!runs.isEmpty()) {
                    model.openRun(runs.get(runs.size() - 1));
                }
            });
        } catch (IllegalStateException e) {
            workbench.error(workbench.text("md.error.run"), e);
        }
    }

    private Label label(String key) {
        return new Label(workbench.text(key));
    }

    /**
     * A text field editing a number property: each valid edit updates the property at once; an invalid one marks
     * the field (and keeps Run disabled) until it is corrected.
     */
    private TextField number(String id, Property<Number> property, Function<String, Number> parse) {
        TextField field = new TextField(format(property.getValue()));
        field.setId(id);
        field.setPrefColumnCount(8);
        boolean[] updating = {false};
        field.textProperty().addListener((o, before, text) -> {
            if (updating[0]) {
                return;
            }
            try {
                Number value = parse.apply(text.strip());
                updating[0] = true;
                property.setValue(value);
                invalid.remove(field);
                field.setStyle("");
            } catch (NumberFormatException e) {
                invalid.add(field);
                field.setStyle("-fx-border-color: #d33;");
            } finally {
                updating[0] = false;
            }
        });
        property.addListener((o, before, value) -> {
            if (!updating[0]) {
                updating[0] = true;
                field.setText(format(value));
                invalid.remove(field);
                field.setStyle("");
                updating[0] = false;
            }
        });
        return field;
    }

    private static Number parseInt(String text) {
        return Integer.parseInt(text);
    }

    private static Number parseDouble(String text) {
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw new NumberFormatException(text);
        }
        return v;
    }

    private static String format(Number n) {
        if (n instanceof Double d) {
            return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : d.toString();
        }
        return String.valueOf(n);
    }

    private ComboBox<Artefact> artefactBox(String id, javafx.collections.ObservableList<Artefact> items,
            javafx.beans.property.ObjectProperty<Artefact> value) {
        ComboBox<Artefact> box = new ComboBox<>(items);
        box.setId(id);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Artefact a) {
                return a == null ? "" : a.name();
            }

            @Override
            public Artefact fromString(String s) {
                return null;
            }
        });
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private <E extends Enum<E>> ComboBox<E> enumBox(String id, E[] values,
            javafx.beans.property.ObjectProperty<E> value, String keyPrefix) {
        ComboBox<E> box = new ComboBox<>(FXCollections.observableArrayList(values));
        box.setId(id);
        box.setMaxWidth(Double.MAX_VALUE);
        Function<E, String> name = e -> e == null ? "" : workbench.text(keyPrefix + e.name());
        box.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(E item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : name.apply(item));
            }
        });
        box.setButtonCell(box.getCellFactory().call(null));
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    // ------------------------------------------------------------------------------------------------ charts

    private CurveChart chart(String id, String title, String axis) {
        CurveChart chart = new CurveChart(workbench.text(title), workbench.text("md.axis.time"), workbench.text(axis));
        chart.setId(id);
        chart.setMinHeight(150);
        chart.setLegendSide(Side.RIGHT);
        return chart;
    }

    /** The temperature chart (for tests). */
    public CurveChart temperatureChart() {
        return temperatureChart;
    }

    /** The energy chart (for tests). */
    public CurveChart energyChart() {
        return energyChart;
    }

    // ------------------------------------------------------------------------------------------------ player

    private Node player() {
        TrajectoryPlayer player = model.player();
        ComboBox<Artefact> runs = artefactBox("md-runs", model.runs(), model.selectedRunProperty());
        runs.setPrefWidth(190);
        runs.setOnAction(e -> {
            Artefact a = runs.getValue();
            if (a != null && a != model.playerRun()) {
                model.openRun(a);
            }
        });
        ToggleButton play = new ToggleButton();
        play.setId("md-play");
        play.selectedProperty().bindBidirectional(player.playingProperty());
        play.textProperty().bind(Bindings.when(player.playingProperty()).then(workbench.text("md.player.pause"))
                .otherwise(workbench.text("md.player.play")));
        play.disableProperty().bind(player.frameCountProperty().lessThan(2));
        Button previous = new Button("‹");
        previous.setId("md-previous");
        previous.setOnAction(e -> player.previous());
        Button next = new Button("›");
        next.setId("md-next");
        next.setOnAction(e -> player.next());
        previous.disableProperty().bind(player.frameCountProperty().lessThan(2));
        next.disableProperty().bind(previous.disableProperty());
        Slider frame = new Slider(0, 0, 0);
        frame.setId("md-frame-slider");
        frame.setBlockIncrement(1);
        frame.setMajorTickUnit(1);
        frame.setMinorTickCount(0);
        frame.setSnapToTicks(true);
        HBox.setHgrow(frame, Priority.ALWAYS);
        frame.maxProperty().bind(Bindings.max(0, player.frameCountProperty().subtract(1)));
        frame.disableProperty().bind(previous.disableProperty());
        frame.valueProperty().addListener((o, before, v) -> {
            int i = (int) Math.round(v.doubleValue());
            if (i != player.frame()) {
                player.frameProperty().set(i);
            }
        });
        player.frameProperty().addListener((o, before, i) -> frame.setValue(i.intValue()));
        Slider speed = new Slider(1, 60, TrajectoryPlayer.DEFAULT_FPS);
        speed.setId("md-speed");
        speed.setPrefWidth(90);
        speed.valueProperty().bindBidirectional(player.speedProperty());
        CheckBox loop = new CheckBox(workbench.text("md.player.loop"));
        loop.setId("md-loop");
        loop.selectedProperty().bindBidirectional(player.loopProperty());
        Label frameLabel = new Label();
        frameLabel.setId("md-frame-label");
        frameLabel.textProperty().bind(Bindings.createStringBinding(this::frameText, player.frameProperty(),
                player.trajectoryProperty()));
        ToolBar bar = new ToolBar(label("md.player.run"), runs, previous, play, next, label("md.player.speed"),
                speed, loop);
        player.playingProperty().addListener((o, before, playing) -> {
            if (playing) {
                clock.start();
            } else {
                clock.stop();
            }
        });

        viewerSlot.setId("md-viewer-slot");
        viewerSlot.setMinSize(200, 160);
        Label none = new Label(workbench.text("md.player.none"));
        none.setId("md-viewer-placeholder");
        none.setWrapText(true);
        viewerSlot.getChildren().setAll(none);
        viewer.setId("md-viewer");
        // the player moves the viewer's atoms in place, frame by frame
        player.setSink(FrameSink.of(s -> {
            viewer.setStructure(s);
            viewerSlot.getChildren().setAll(viewer);
        }, viewer::updatePositions));
        HBox scrub = new HBox(8, frame, frameLabel);
        scrub.setAlignment(Pos.CENTER_LEFT);
        scrub.setPadding(new Insets(2, 8, 4, 8));
        BorderPane pane = new BorderPane(viewerSlot);
        pane.setTop(bar);
        pane.setBottom(scrub);
        return pane;
    }

    private String frameText() {
        Trajectory t = model.player().trajectory();
        if (t == null) {
            return workbench.text("md.player.none");
        }
        int i = model.player().frame();
        double fs = t.timesFs()[i];
        return workbench.text("md.player.frame", i + 1, t.frameCount(), t.steps()[i],
                Double.isNaN(fs) ? "–" : String.format(Locale.ROOT, "%.3f", fs * 1e-3));
    }
}
