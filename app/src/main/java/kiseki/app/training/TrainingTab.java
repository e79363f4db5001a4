package kiseki.app.training;

import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.Property;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
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
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.project.Artefact;
import kiseki.train.EpochRecord;
import kiseki.train.TrainingRun;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Training tab: the form of {@code kiseki train} (dataset of the project, model, descriptor, network, optimiser),
 * Train / Cancel / Export, the errors per epoch as they arrive, and when done the parity plots of the validation
 * frames and the fitted pair curves. A thin view over {@link TrainingModel}.
 */
public final class TrainingTab extends WorkbenchTab {

    /** Largest number of force components drawn in the parity plot (a stride picks them evenly). */
    static final int MAX_PARITY_POINTS = 3000;

    private final Workbench workbench;
    private final TrainingModel model;
    private final RmseCharts rmse;
    private final ScatterChart<Number, Number> parityEnergy;
    private final ScatterChart<Number, Number> parityForce;
    private final LineChart<Number, Number> pairChart;
    /** asObject() adapters of bidirectional bindings: held here so they are not garbage-collected. */
    private final List<Object> adapters = new ArrayList<>();
    private int row;

    public TrainingTab(Workbench workbench) {
        super(workbench.text("tab.training"), "tab-training");
        this.workbench = workbench;
        this.model = new TrainingModel(workbench);
        this.rmse = new RmseCharts(workbench);

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

        parityEnergy = scatter("training-parity-energy-chart", "training.axis.referenceEnergy",
                "training.axis.predictedEnergy");
        parityForce = scatter("training-parity-force-chart", "training.axis.referenceForce",
                "training.axis.predictedForce");
        NumberAxis r = new NumberAxis();
        r.setLabel(workbench.text("training.axis.r"));
        r.setForceZeroInRange(false);
        NumberAxis phi = new NumberAxis();
        phi.setLabel(workbench.text("training.axis.phi"));
        pairChart = new LineChart<>(r, phi);
        pairChart.setId("training-pair-chart");
        pairChart.setTitle(workbench.text("training.chart.pairs"));
        pairChart.setCreateSymbols(false);
        pairChart.setAnimated(false);

        VBox errors = new VBox(4, rmse.energyChart(), rmse.forceChart());
        VBox.setVgrow(rmse.energyChart(), Priority.ALWAYS);
        VBox.setVgrow(rmse.forceChart(), Priority.ALWAYS);
        HBox parity = new HBox(4, parityEnergy, parityForce);
        HBox.setHgrow(parityEnergy, Priority.ALWAYS);
        HBox.setHgrow(parityForce, Priority.ALWAYS);
        Label noPairs = new Label(workbench.text("training.pairs.none"));
        StackPane pairs = new StackPane(pairChart, noPairs);
        noPairs.visibleProperty().bind(Bindings.isEmpty(model.pairCurves())
                .and(model.trainedModelProperty().isNotNull()));
        TabPane results = new TabPane(tab(workbench.text("training.results.errors"), errors, "training-errors-tab"),
                tab(workbench.text("training.results.parity"), parity, "training-parity-tab"),
                tab(workbench.text("training.results.pairs"), pairs, "training-pairs-tab"));
        results.setId("training-results");

        model.records().addListener((ListChangeListener<EpochRecord>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && model.records().isEmpty()) {
                    rmse.clear();
                }
                for (EpochRecord e : c.getAddedSubList()) {
                    rmse.addEpoch(e.epoch(), e.trainRmseEMevAtom(), e.validRmseEMevAtom(), e.trainRmseFEvA(),
                            e.validRmseFEvA());
                }
            }
        });
        model.parityProperty().addListener((o, a, p) -> showParity(p));
        model.pairCurves().addListener((ListChangeListener<TrainingRun.PairCurve>) c -> showPairCurves());

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

    /** Points in the error charts (for tests): energy or force chart, training or validation series. */
    public int rmsePoints(boolean energy, boolean validation) {
        return rmse.points(energy, validation);
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
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
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

    private ScatterChart<Number, Number> scatter(String id, String xKey, String yKey) {
        NumberAxis x = new NumberAxis();
        x.setLabel(workbench.text(xKey));
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(workbench.text(yKey));
        y.setForceZeroInRange(false);
        ScatterChart<Number, Number> chart = new ScatterChart<>(x, y);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        return chart;
    }

    private void showParity(TrainingRun.Parity p) {
        parityEnergy.getData().clear();
        parityForce.getData().clear();
        if (p == null) {
            parityEnergy.setTitle(null);
            parityForce.setTitle(null);
            return;
        }
        String set = workbench.text("training.set." + p.set());
        parityEnergy.setTitle(workbench.text("training.chart.parityEnergy", p.frames(), set, p.rmseEnergyMevAtom()));
        parityForce.setTitle(workbench.text("training.chart.parityForce", p.frames(), set, p.rmseForce()));
        parityEnergy.getData().add(series(p.referenceEnergy(), p.predictedEnergy(), Integer.MAX_VALUE));
        parityForce.getData().add(series(p.referenceForce(), p.predictedForce(), MAX_PARITY_POINTS));
        sameRange(parityEnergy, p.referenceEnergy(), p.predictedEnergy());
        sameRange(parityForce, p.referenceForce(), p.predictedForce());
    }

    /** Both axes over the same range, so that perfect agreement is the diagonal from corner to corner. */
    private static void sameRange(ScatterChart<Number, Number> chart, double[] a, double[] b) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] values : List.of(a, b)) {
            for (double v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            return; // one point (or none): leave it to auto-ranging
        }
        double step = niceStep((hi - lo) / 6);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        for (NumberAxis axis : List.of((NumberAxis) chart.getXAxis(), (NumberAxis) chart.getYAxis())) {
            axis.setAutoRanging(false);
            axis.setLowerBound(lo);
            axis.setUpperBound(hi);
            axis.setTickUnit(step);
            axis.setTickLabelFormatter(fixedDecimals(step));
        }
    }

    private static XYChart.Series<Number, Number> series(double[] x, double[] y, int maxPoints) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        int stride = Math.max(1, (x.length + maxPoints - 1) / maxPoints);
        List<XYChart.Data<Number, Number>> points = new ArrayList<>(x.length / stride + 1);
        for (int k = 0; k < x.length; k += stride) {
            points.add(new XYChart.Data<>(x[k], y[k]));
        }
        s.getData().setAll(points);
        return s;
    }

    /**
     * One line per element pair. The r⁻¹² wall makes φ huge at short distances, so the y range is set from the
     * wells: from 1.5 × the deepest minimum (at least −0.1 eV) to 3 × its depth (at least 1 eV); points above it are
     * left out.
     */
    private void showPairCurves() {
        pairChart.getData().clear();
        double min = 0;
        for (TrainingRun.PairCurve c : model.pairCurves()) {
            for (double v : c.phi()) {
                min = Math.min(min, v);
            }
        }
        double lower = Math.min(-0.1, 1.5 * min);
        double upper = Math.max(1.0, -3 * min);
        NumberAxis y = (NumberAxis) pairChart.getYAxis();
        y.setAutoRanging(false);
        y.setLowerBound(lower);
        y.setUpperBound(upper);
        y.setTickUnit(niceStep((upper - lower) / 8));
        for (TrainingRun.PairCurve c : model.pairCurves()) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(c.pair());
            List<XYChart.Data<Number, Number>> points = new ArrayList<>();
            for (int k = 0; k < c.r().length; k++) {
                if (c.phi()[k] <= upper) {
                    points.add(new XYChart.Data<>(c.r()[k], c.phi()[k]));
                }
            }
            s.getData().setAll(points);
            pairChart.getData().add(s);
        }
    }

    /** Tick labels with as many decimals as the step needs (the default repeats labels of a fixed range). */
    private static StringConverter<Number> fixedDecimals(double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return new StringConverter<>() {
            @Override
            public String toString(Number v) {
                return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v.doubleValue());
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text);
            }
        };
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** Parity and pair charts (for tests). */
    ScatterChart<Number, Number> parityEnergyChart() {
        return parityEnergy;
    }

    ScatterChart<Number, Number> parityForceChart() {
        return parityForce;
    }

    LineChart<Number, Number> pairChart() {
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
