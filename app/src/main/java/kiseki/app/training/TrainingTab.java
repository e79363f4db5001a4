package kiseki.app.training;

import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.app.charts.ChartExport;
import kiseki.app.charts.CurveChart;
import kiseki.app.charts.ParityChart;
import kiseki.app.charts.PlotChart;
import kiseki.app.charts.RmseChart;
import kiseki.project.Artefact;
import kiseki.train.EpochRecord;
import kiseki.train.TrainingRun;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Training tab: the form of {@code kiseki train} (dataset of the project, model, descriptor, network, optimiser),
 * Train / Cancel / Export, the errors per epoch as they arrive (log scales), and when done the parity plots of the
 * validation frames and the fitted pair curves, each chart with PNG and CSV export. A thin view over
 * {@link TrainingModel}; the charts are the shared components of {@code kiseki.app.charts}.
 */
public final class TrainingTab extends WorkbenchTab {

    /** Top of the φ(r) plot for purely repulsive pairs, and the most it shows above the wells (eV). */
    static final double MAX_PAIR_ENERGY = 2.0;
    /** Colours in the charts' palette ({@link PlotChart#paletteColor} wraps after this many). */
    static final int PALETTE_SIZE = 8;

    private final Workbench workbench;
    private final TrainingModel model;
    private final RmseChart rmse;
    private final ParityChart parityEnergy;
    private final ParityChart parityForce;
    private final CurveChart pairChart;
    /** The PNG and CSV writers of each chart, by the chart's id prefix. */
    private final Map<String, Savers> savers = new HashMap<>();
    /** asObject() adapters of bidirectional bindings: held here so they are not garbage-collected. */
    private final List<Object> adapters = new ArrayList<>();
    private int row;

    public TrainingTab(Workbench workbench) {
        super(workbench.text("tab.training"), "tab-training");
        this.workbench = workbench;
        this.model = new TrainingModel(workbench);

        Button run = new Button(workbench.text("training.run"));
        run.setId("training-run");
        run.disableProperty().bind(model.runningProperty().or(model.datasetProperty().isNull()));
        run.setOnAction(e -> act(() -> model.train(a -> { })));
        Button cancel = new Button(workbench.text("training.cancel"));
        cancel.setId("training-cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button export = new Button(workbench.text("training.export"));
        export.setId("training-export");
        export.disableProperty().bind(model.trainedModelProperty().isNull().or(model.runningProperty()));
        export.setOnAction(e -> chooseAndExport());
        Button quick = new Button(workbench.text("training.quick"));
        quick.setId("training-quick");
        quick.disableProperty().bind(model.runningProperty());
        quick.setOnAction(e -> model.quickTrial());
        Button defaults = new Button(workbench.text("training.defaults"));
        defaults.setId("training-defaults");
        defaults.disableProperty().bind(model.runningProperty());
        defaults.setOnAction(e -> model.resetToDefaults());
        ProgressBar progress = new ProgressBar(0);
        progress.setId("training-progress");
        progress.setPrefWidth(140);
        model.taskProperty().addListener((o, a, t) -> {
            progress.progressProperty().unbind();
            if (t != null) {
                progress.progressProperty().bind(t.progressProperty());
            } else {
                progress.setProgress(model.trainedModelProperty().get() != null ? 1 : 0);
            }
        });
        Label status = new Label();
        status.setId("training-status");
        status.textProperty().bind(model.statusProperty());
        ToolBar bar = new ToolBar(run, cancel, export, new Separator(), quick, defaults);
        HBox statusBar = new HBox(8, progress, status);
        statusBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        statusBar.setPadding(new Insets(4, 8, 4, 8));
        HBox.setHgrow(status, Priority.ALWAYS);

        GridPane form = new GridPane();
        form.setId("training-form");
        form.setHgap(8);
        form.setVgap(5);
        form.setPadding(new Insets(8));
        form.disableProperty().bind(model.runningProperty());
        buildForm(form);
        ScrollPane formScroll = new ScrollPane(form);
        formScroll.setFitToWidth(true);
        formScroll.setMinWidth(300);

        rmse = newRmseChart();
        rmse.setAll(model.records());
        parityEnergy = parityChart("training-parity-energy-chart", "training.chart.parityEnergy",
                "training.axis.referenceEnergy", "training.axis.predictedEnergy", "training.chart.parityEnergy.legend");
        parityForce = parityChart("training-parity-force-chart", "training.chart.parityForce",
                "training.axis.referenceForce", "training.axis.predictedForce", "training.chart.parityForce.legend");
        pairChart = new CurveChart(workbench.text("training.chart.pairs"), workbench.text("training.axis.r"),
                workbench.text("training.axis.phi"));
        pairChart.setId("training-pair-chart");

        Node errors = withExport(rmse, "training-rmse", Bindings.isEmpty(model.records()), rmse::exportPng,
                rmse::exportCsv);
        HBox parity = new HBox(4,
                withExport(parityEnergy, "training-parity-energy", model.parityProperty().isNull(),
                        parityEnergy::exportPng, parityEnergy::exportCsv),
                withExport(parityForce, "training-parity-force", model.parityProperty().isNull(),
                        parityForce::exportPng, parityForce::exportCsv));
        parity.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        parity.getChildren().forEach(n -> ((Region) n).setPrefWidth(0)); // equal halves whatever the legends say
        Label noPairs = new Label(workbench.text("training.pairs.none"));
        noPairs.setId("training-no-pairs");
        StackPane pairs = new StackPane(withExport(pairChart, "training-pair", Bindings.isEmpty(model.pairCurves()),
                pairChart::exportPng, pairChart::exportCsv), noPairs);
        noPairs.visibleProperty().bind(Bindings.isEmpty(model.pairCurves())
                .and(model.trainedModelProperty().isNotNull()));
        TabPane results = new TabPane(tab(workbench.text("training.results.errors"), errors, "training-errors-tab"),
                tab(workbench.text("training.results.parity"), parity, "training-parity-tab"),
                tab(workbench.text("training.results.pairs"), pairs, "training-pairs-tab"));
        results.setId("training-results");

        model.records().addListener(this::followRecords);
        model.parityProperty().addListener((o, a, p) -> showParity(p));
        model.pairCurves().addListener((ListChangeListener<TrainingRun.PairCurve>) c -> showPairCurves());
        showParity(model.parityProperty().get());
        showPairCurves();

        SplitPane split = new SplitPane(formScroll, results);
        split.setDividerPositions(0.32);
        BorderPane content = new BorderPane(split);
        content.setTop(bar);
        content.setBottom(statusBar);
        setContent(content);
    }

    public TrainingModel model() {
        return model;
    }

    @Override
    public boolean open(Artefact artefact) {
        return model.open(artefact);
    }

    // ------------------------------------------------------------------------------------------------------ form

    private void buildForm(GridPane form) {
        section(form, "training.section.data");
        ChoiceBox<Artefact> dataset = new ChoiceBox<>(model.datasets());
        dataset.setConverter(converter(a -> a == null ? "" : a.name()));
        dataset.valueProperty().bindBidirectional(model.datasetProperty());
        field(form, "training.dataset", dataset, "training-dataset");
        Label noDatasets = new Label(workbench.text("training.noDatasets"));
        noDatasets.setId("training-no-datasets");
        noDatasets.setWrapText(true);
        noDatasets.visibleProperty().bind(Bindings.isEmpty(model.datasets()));
        noDatasets.managedProperty().bind(noDatasets.visibleProperty());
        form.add(noDatasets, 0, row++, 2, 1);
        field(form, "training.validFraction", doubleField(model.validFractionProperty()), "training-valid-fraction");
        field(form, "training.seed", longField(model.seedProperty()), "training-seed");

        section(form, "training.section.model");
        field(form, "training.model", choice(TrainingModel.MODELS, "training.model.", model.modelProperty()),
                "training-model");
        field(form, "training.descriptor", choice(TrainingModel.DESCRIPTORS, "training.descriptor.",
                model.descriptorProperty()), "training-descriptor");
        field(form, "training.radial", intSpinner(model.radialProperty(), 0, 1000), "training-radial");
        field(form, "training.angular", intSpinner(model.angularProperty(), 0, 1000), "training-angular");
        field(form, "training.cutoff", doubleField(model.cutoffProperty()), "training-cutoff");
        TextField pairCutoff = new TextField();
        pairCutoff.setEditable(false);
        pairCutoff.textProperty().bind(Bindings.createStringBinding(() -> number(model.pairCutoffProperty().get()),
                model.pairCutoffProperty()));
        pairCutoff.disableProperty().bind(model.modelProperty().isNotEqualTo("delta"));
        pairCutoff.setTooltip(new Tooltip(workbench.text("training.pairCutoff.hint")));
        field(form, "training.pairCutoff", pairCutoff, "training-pair-cutoff");

        section(form, "training.section.network");
        field(form, "training.layers", intSpinner(model.hiddenLayersProperty(), 0, 10), "training-layers");
        field(form, "training.nodes", intSpinner(model.nodesProperty(), 1, 1000), "training-nodes");
        field(form, "training.activation", choice(TrainingModel.ACTIVATIONS, "training.activation.",
                model.activationProperty()), "training-activation");

        section(form, "training.section.optimisation");
        field(form, "training.optimizer", choice(TrainingModel.OPTIMIZERS, "training.optimizer.",
                model.optimizerProperty()), "training-optimizer");
        field(form, "training.epochs", intSpinner(model.epochsProperty(), 1, 10_000_000), "training-epochs");
        Spinner<Integer> warmup = intSpinner(model.energyEpochsProperty(), 0, 10_000_000);
        warmup.disableProperty().bind(model.warmupApplies().not());
        field(form, "training.energyEpochs", warmup, "training-energy-epochs");
        field(form, "training.forceWeight", doubleField(model.forceWeightProperty()), "training-force-weight");
        field(form, "training.ensemble", intSpinner(model.ensembleProperty(), 1, 16), "training-ensemble");
        field(form, "training.patience", intSpinner(model.patienceProperty(), 0, 10_000_000), "training-patience");
        field(form, "training.timeLimit", doubleField(model.timeLimitMinutesProperty()), "training-time-limit");
        field(form, "training.threads", intSpinner(model.threadsProperty(), 1, 256), "training-threads");
    }

    private void section(GridPane form, String key) {
        Label l = new Label(workbench.text(key));
        l.setStyle("-fx-font-weight: bold;");
        GridPane.setMargin(l, new Insets(row == 0 ? 0 : 8, 0, 0, 0));
        form.add(l, 0, row++, 2, 1);
    }

    private void field(GridPane form, String labelKey, Node control, String id) {
        control.setId(id);
        Label label = new Label(workbench.text(labelKey));
        label.setLabelFor(control);
        label.setMinWidth(Region.USE_PREF_SIZE);
        form.add(label, 0, row);
        form.add(control, 1, row++);
        if (control instanceof javafx.scene.control.Control c) {
            c.setMaxWidth(Double.MAX_VALUE);
        }
        GridPane.setHgrow(control, Priority.ALWAYS);
    }

    private ChoiceBox<String> choice(List<String> ids, String keyPrefix, Property<String> value) {
        ChoiceBox<String> box = new ChoiceBox<>();
        box.getItems().setAll(ids);
        box.setConverter(converter(id -> id == null ? "" : workbench.text(keyPrefix + id)));
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private Spinner<Integer> intSpinner(IntegerProperty value, int min, int max) {
        Spinner<Integer> s = new Spinner<>(min, max, Math.max(min, Math.min(max, value.get())));
        s.setEditable(true);
        Property<Integer> adapter = value.asObject();
        adapters.add(adapter);
        s.getValueFactory().valueProperty().bindBidirectional(adapter);
        return s;
    }

    private TextField doubleField(DoubleProperty value) {
        return numberField(value.asObject(), text -> {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException("not a finite number: " + text);
            }
            return v;
        }, TrainingTab::number);
    }

    private TextField longField(LongProperty value) {
        return numberField(value.asObject(), Long::parseLong, v -> Long.toString(v));
    }

    /** A text field for a number; text that does not parse is reverted when the field commits. */
    private <T> TextField numberField(Property<T> value, Function<String, T> parse, Function<T, String> format) {
        TextField f = new TextField();
        TextFormatter<T> formatter = new TextFormatter<>(new StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? "" : format.apply(v);
            }

            @Override
            public T fromString(String text) {
                return parse.apply(text.strip());
            }
        }, value.getValue());
        f.setTextFormatter(formatter);
        adapters.add(value); // the asObject() adapter lives as long as the field
        formatter.valueProperty().bindBidirectional(value);
        return f;
    }

    private static String number(double v) {
        // shortest form that reads back exactly (0.001, 6.0), never a locale's decimal comma
        return Double.toString(v);
    }

    private static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return text.apply(value);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("choice boxes are not edited as text");
            }
        };
    }

    // --------------------------------------------------------------------------------------------------- results

    private RmseChart newRmseChart() {
        RmseChart chart = new RmseChart(new RmseChart.Labels(workbench.text("training.chart.energy"),
                workbench.text("training.chart.force"), workbench.text("training.chart.epoch"),
                workbench.text("training.axis.energyRmse"), workbench.text("training.axis.forceRmse"),
                workbench.text("training.series.train"), workbench.text("training.series.valid")));
        chart.setId("training-rmse-chart");
        chart.energyChart().setId("training-rmse-energy-chart");
        chart.forceChart().setId("training-rmse-force-chart");
        return chart;
    }

    private ParityChart parityChart(String id, String titleKey, String referenceKey, String predictedKey,
            String legendKey) {
        // the legend key is a MessageFormat pattern that the chart fills in: text() without arguments returns it as is
        ParityChart chart = new ParityChart(new ParityChart.Labels(workbench.text(titleKey),
                workbench.text(referenceKey), workbench.text(predictedKey), workbench.text(legendKey)));
        chart.setId(id);
        return chart;
    }

    /** Follows the view-model's epoch log: appends new epochs, starts afresh when the log is cleared or replaced. */
    private void followRecords(ListChangeListener.Change<? extends EpochRecord> c) {
        List<EpochRecord> added = new ArrayList<>();
        boolean rebuild = false;
        while (c.next()) {
            if (c.wasRemoved() || c.wasPermutated() || c.wasReplaced()) {
                rebuild = true;
            }
            added.addAll(c.getAddedSubList());
        }
        if (rebuild) {
            rmse.setAll(model.records());
        } else {
            added.forEach(rmse::add);
        }
    }

    private void showParity(TrainingRun.Parity p) {
        parityEnergy.clear();
        parityForce.clear();
        if (p == null) {
            parityEnergy.setTitle(workbench.text("training.chart.parityEnergy"));
            parityForce.setTitle(workbench.text("training.chart.parityForce"));
            return;
        }
        String set = workbench.text("training.set." + p.set());
        parityEnergy.setTitle(workbench.text("training.chart.parityEnergy.frames", p.frames(), set));
        parityForce.setTitle(workbench.text("training.chart.parityForce.frames", p.frames(), set));
        String name = workbench.text(p.set().equals("training") ? "training.series.train" : "training.series.valid");
        parityEnergy.setPoints(name, p.referenceEnergy(), p.predictedEnergy());
        parityForce.setPoints(name, p.referenceForce(), p.predictedForce());
    }

    private void showPairCurves() {
        pairChart.clear();
        List<TrainingRun.PairCurve> curves = List.copyOf(model.pairCurves());
        for (int i = 0; i < curves.size(); i++) {
            TrainingRun.PairCurve c = curves.get(i);
            // the palette has PALETTE_SIZE colours: further pairs repeat them, so they are dashed
            pairChart.setCurve(c.pair(), c.r(), c.phi(), i < PALETTE_SIZE ? PlotChart.Style.LINE
                    : PlotChart.Style.DASHED);
        }
        if (curves.isEmpty()) {
            pairChart.autoRange();
        } else {
            PairView view = PairView.of(curves);
            pairChart.setXRange(view.rFrom(), view.rTo());
            pairChart.setYRange(view.phiLower(), view.phiUpper());
        }
    }

    /**
     * The part of the pair curves worth showing. The r⁻¹² wall reaches thousands of eV at short distances and would
     * flatten the wells, so the φ range is set from the deepest well: down to 1.5 × its depth (at least −0.1 eV), up
     * to 3 × its depth, kept between 0.5 and {@value #MAX_PAIR_ENERGY} eV ({@value #MAX_PAIR_ENERGY} eV for purely
     * repulsive pairs). r starts where the first curve comes down into that range and ends at the cutoff. The plot
     * clips the wall; the CSV keeps the whole curves.
     */
    record PairView(double rFrom, double rTo, double phiLower, double phiUpper) {

        static PairView of(List<TrainingRun.PairCurve> curves) {
            double depth = 0;
            for (TrainingRun.PairCurve c : curves) {
                for (double v : c.phi()) {
                    if (Double.isFinite(v)) {
                        depth = Math.max(depth, -v);
                    }
                }
            }
            double lower = Math.min(-0.1, -1.5 * depth);
            double upper = depth > 0 ? Math.max(0.5, Math.min(MAX_PAIR_ENERGY, 3 * depth)) : MAX_PAIR_ENERGY;
            double from = Double.POSITIVE_INFINITY;
            double first = Double.POSITIVE_INFINITY;
            double to = Double.NEGATIVE_INFINITY;
            for (TrainingRun.PairCurve c : curves) {
                double[] r = c.r();
                if (r.length == 0) {
                    continue;
                }
                first = Math.min(first, r[0]);
                to = Math.max(to, r[r.length - 1]);
                for (int k = 0; k < r.length; k++) {
                    if (c.phi()[k] <= upper) {
                        // one step before the curve enters, so the wall is seen coming down
                        from = Math.min(from, r[Math.max(0, k - 1)]);
                        break;
                    }
                }
            }
            if (first == Double.POSITIVE_INFINITY) {
                first = 0;
                to = 1;
            }
            if (from == Double.POSITIVE_INFINITY) {
                from = first;
            }
            return new PairView(from, to > from ? to : from + 1, lower, upper);
        }
    }

    /** The chart over a row of its export buttons (PNG and CSV), disabled while the chart has nothing to show. */
    private Node withExport(Region chart, String id, ObservableBooleanValue empty,
            ChartFile picture, ChartFile table) {
        savers.put(id, new Savers(picture, table));
        Button png = new Button(workbench.text("training.chartExport.png"));
        png.setId(id + "-png");
        png.setTooltip(new Tooltip(workbench.text("training.chartExport.png.hint")));
        png.disableProperty().bind(empty);
        png.setOnAction(e -> chooseAndSave(id, true));
        Button csv = new Button(workbench.text("training.chartExport.csv"));
        csv.setId(id + "-csv");
        csv.setTooltip(new Tooltip(workbench.text("training.chartExport.csv.hint")));
        csv.disableProperty().bind(empty);
        csv.setOnAction(e -> chooseAndSave(id, false));
        HBox buttons = new HBox(6, png, csv);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(0, 8, 4, 8));
        chart.setMinSize(0, 0);
        chart.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        VBox box = new VBox(2, chart, buttons);
        VBox.setVgrow(chart, Priority.ALWAYS);
        return box;
    }

    /** Writes a chart's file; the files themselves are written by {@link ChartExport}, atomically. */
    @FunctionalInterface
    interface ChartFile {
        void save(Path target) throws IOException;
    }

    private record Savers(ChartFile picture, ChartFile table) {
    }

    private void chooseAndSave(String id, boolean picture) {
        FileChooser chooser = new FileChooser();
        String extension = picture ? "png" : "csv";
        chooser.setTitle(workbench.text("training.chartExport." + extension + ".title"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                workbench.text("training.chartExport." + extension + ".filter"), "*." + extension));
        chooser.setInitialFileName(id + "." + extension);
        File file = chooser.showSaveDialog(getTabPane().getScene().getWindow());
        if (file != null) {
            Path target = file.toPath();
            if (!file.getName().contains(".")) {
                target = target.resolveSibling(file.getName() + "." + extension);
            }
            saveChart(id, picture, target);
        }
    }

    /**
     * Saves the chart with the given control id as a PNG picture or a CSV table (on the FX thread: the picture is a
     * snapshot of the scene) and reports the outcome in the log. Returns whether the file was written.
     */
    boolean saveChart(String id, boolean picture, Path target) {
        Savers s = savers.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no chart with id " + id);
        }
        try {
            (picture ? s.picture() : s.table()).save(target);
            workbench.info(workbench.text("training.log.chartSaved", target));
            return true;
        } catch (IOException | RuntimeException e) {
            workbench.error(workbench.text("training.error.chartSave", target), e);
            return false;
        }
    }

    RmseChart rmseChart() {
        return rmse;
    }

    ParityChart parityEnergyChart() {
        return parityEnergy;
    }

    ParityChart parityForceChart() {
        return parityForce;
    }

    CurveChart pairChart() {
        return pairChart;
    }

    // --------------------------------------------------------------------------------------------------- actions

    private static Tab tab(String title, Node content, String id) {
        Tab t = new Tab(title, content);
        t.setId(id);
        t.setClosable(false);
        return t;
    }

    private void act(Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException | IllegalArgumentException e) {
            workbench.log(Workbench.Level.WARNING, e.getMessage());
        }
    }

    private void chooseAndExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(workbench.text("training.export.title"));
        FileChooser.ExtensionFilter kiseki = new FileChooser.ExtensionFilter(workbench.text("training.export.kiseki"),
                "*.nnp.json", "*.json");
        FileChooser.ExtensionFilter sannp = new FileChooser.ExtensionFilter(workbench.text("training.export.sannp"),
                "ffield.sannp", "*.sannp");
        chooser.getExtensionFilters().addAll(kiseki, sannp);
        Artefact pot = model.potentialProperty().get();
        chooser.setInitialFileName(pot == null ? "potential.nnp.json" : pot.name() + ".nnp.json");
        File file = chooser.showSaveDialog(getTabPane().getScene().getWindow());
        if (file != null) {
            boolean asSannp = chooser.getSelectedExtensionFilter() == sannp || file.getName().endsWith(".sannp");
            act(() -> model.export(file.toPath(), asSannp ? TrainingModel.ExportFormat.SANNP
                    : TrainingModel.ExportFormat.KISEKI));
        }
    }
}
