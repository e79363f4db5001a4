package kiseki.app.analysis;

import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import kiseki.analysis.LinearFit;
import kiseki.analysis.MsdAnalysis;
import kiseki.analysis.Rdf;
import kiseki.app.Workbench;
import kiseki.app.WorkbenchTab;
import kiseki.app.charts.ArrheniusChart;
import kiseki.app.charts.ChartExport;
import kiseki.app.charts.CurveChart;
import kiseki.app.charts.PlotChart;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Analysis tab: pick an MD run (or a trajectory file), then the RDF with coordination numbers, the MSD with D and σ,
 * and the conductivity table of several runs with the Arrhenius plot. A thin view over {@link AnalysisModel}: the
 * charts ({@code kiseki.app.charts}) are redrawn from the model's results and tables whenever these change.
 */
public final class AnalysisTab extends WorkbenchTab {

    /** Pictures are saved at twice the on-screen size, sharp enough for slides and print. */
    private static final double PICTURE_SCALE = 2.0;

    private final Workbench workbench;
    private final AnalysisModel model;
    private final CurveChart rdfChart;
    private final CurveChart msdChart;
    private final ArrheniusChart arrheniusChart;

    public AnalysisTab(Workbench workbench) {
        super(workbench.text("tab.analysis"), "tab-analysis");
        this.workbench = workbench;
        this.model = new AnalysisModel(workbench);
        rdfChart = chart(new CurveChart("", workbench.text("analysis.rdf.xAxis"),
                workbench.text("analysis.rdf.yAxis")), "analysis-rdf-chart");
        msdChart = chart(new CurveChart("", workbench.text("analysis.msd.xAxis"),
                workbench.text("analysis.msd.yAxis")), "analysis-msd-chart");
        arrheniusChart = chart(new ArrheniusChart(arrheniusLabels()), "analysis-arrhenius-chart");
        model.rdfResultProperty().addListener((o, a, b) -> showRdf());
        model.rdfShowCoordinationProperty().addListener((o, a, b) -> showRdf());
        model.msdResultProperty().addListener((o, a, b) -> showMsd());
        model.conductivityRows().addListener((ListChangeListener<ConductivityRow>) c -> showArrhenius());
        model.experiments().addListener((ListChangeListener<ExperimentPoint>) c -> showArrhenius());
        model.showQuadraticProperty().addListener((o, a, b) -> showArrhenius());
        model.extrapolationTemperatureProperty().addListener((o, a, b) -> showArrhenius());
        showRdf();
        showMsd();
        showArrhenius();

        TabPane sections = new TabPane(section("analysis.section.rdf", "analysis-section-rdf", rdfPane()),
                section("analysis.section.msd", "analysis-section-msd", msdPane()),
                section("analysis.section.conductivity", "analysis-section-conductivity", conductivityPane()));
        sections.setId("analysis-sections");
        BorderPane content = new BorderPane(sections);
        content.setTop(runBar());
        setContent(content);
    }

    public AnalysisModel model() {
        return model;
    }

    @Override
    public boolean open(Artefact artefact) {
        if (artefact.kind() != ArtefactKind.MD_RUN) {
            return false;
        }
        model.open(artefact);
        return true;
    }

    // ------------------------------------------------------------------------------------------------- the run

    private ToolBar runBar() {
        ComboBox<RunSource> runs = new ComboBox<>(model.runs());
        runs.setId("analysis-run-choice");
        runs.setPrefWidth(260);
        runs.valueProperty().bindBidirectional(model.selectedRunProperty());
        runs.setPromptText(workbench.text("analysis.run.prompt"));
        Button pick = new Button(workbench.text("analysis.run.pick"));
        pick.setId("analysis-open-trajectory");
        pick.setOnAction(e -> pickTrajectory());
        TextField temperature = numberField(model.temperatureProperty(), "analysis-temperature", true);
        temperature.setPromptText(workbench.text("analysis.temperature.prompt"));
        return new ToolBar(new Label(workbench.text("analysis.run")), runs, pick,
                new Label(workbench.text("analysis.temperature")), temperature);
    }

    private void pickTrajectory() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(workbench.text("analysis.run.pickTitle"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(workbench.text("analysis.run.trajectories"), "*.extxyz", "*.xyz",
                        "*.lammpstrj", "*.dump"),
                new FileChooser.ExtensionFilter(workbench.text("dialog.import.all"), "*"));
        File f = chooser.showOpenDialog(window());
        if (f != null) {
            model.addTrajectory(f.toPath(), Double.NaN);
        }
    }

    // -------------------------------------------------------------------------------------------------------- RDF

    private Node rdfPane() {
        ComboBox<String> pairs = new ComboBox<>(model.pairChoices());
        pairs.setId("analysis-rdf-pairs");
        pairs.setEditable(true);
        pairs.setPrefWidth(150);
        pairs.setValue(model.rdfPairsProperty().get());
        pairs.valueProperty().addListener((o, a, v) -> {
            if (v != null) {
                model.rdfPairsProperty().set(v);
            } else {
                // new choices for another trajectory clear the box: show the pairs still chosen
                Platform.runLater(() -> pairs.setValue(model.rdfPairsProperty().get()));
            }
        });
        model.rdfPairsProperty().addListener((o, a, v) -> pairs.setValue(v));
        Button compute = new Button(workbench.text("analysis.rdf.compute"));
        compute.setId("analysis-rdf-compute");
        compute.setOnAction(e -> {
            pairs.commitValue();
            model.computeRdf();
        });
        CheckBox coordination = new CheckBox(workbench.text("analysis.rdf.showCoordination"));
        coordination.setId("analysis-rdf-coordination");
        coordination.selectedProperty().bindBidirectional(model.rdfShowCoordinationProperty());
        FlowPane controls = controls(
                new Label(workbench.text("analysis.rdf.pairs")), pairs,
                new Label(workbench.text("analysis.rdf.rmax")), numberField(model.rdfRmaxProperty(),
                        "analysis-rdf-rmax", false),
                new Label(workbench.text("analysis.rdf.bin")), numberField(model.rdfBinProperty(),
                        "analysis-rdf-bin", false),
                new Label(workbench.text("analysis.rdf.every")), intField(model.rdfEveryProperty(),
                        "analysis-rdf-every"),
                compute, coordination, exportButtons(AnalysisModel.Plot.RDF, rdfChart, "analysis-rdf", "rdf"));

        TableView<CoordinationRow> table = new TableView<>(model.coordinationRows());
        table.setId("analysis-rdf-table");
        table.getColumns().add(column(workbench.text("analysis.rdf.pair"), CoordinationRow::pair, 70));
        table.getColumns().add(column(workbench.text("analysis.rdf.peak"), r -> fixed(r.peakR(), 3), 115));
        table.getColumns().add(column(workbench.text("analysis.rdf.peakG"), r -> fixed(r.peakG(), 2), 80));
        table.getColumns().add(column(workbench.text("analysis.rdf.minimum"), r -> fixed(r.minimumR(), 3), 135));
        table.getColumns().add(column(workbench.text("analysis.rdf.coordination"), r -> fixed(r.coordination(), 2),
                100));
        table.setPlaceholder(new Label(workbench.text("analysis.rdf.none")));
        SplitPane split = new SplitPane(rdfChart, table);
        split.setDividerPositions(0.6);
        return borderWithTop(controls, split);
    }

    // -------------------------------------------------------------------------------------------------------- MSD

    private Node msdPane() {
        ComboBox<String> species = new ComboBox<>(model.speciesChoices());
        species.setId("analysis-msd-species");
        species.setEditable(true);
        species.setPrefWidth(80);
        species.valueProperty().bindBidirectional(model.msdSpeciesProperty());
        Button compute = new Button(workbench.text("analysis.msd.compute"));
        compute.setId("analysis-msd-compute");
        compute.setOnAction(e -> {
            species.commitValue();
            model.computeMsd();
        });
        Button addRow = new Button(workbench.text("analysis.msd.addRow"));
        addRow.setId("analysis-msd-add-row");
        addRow.disableProperty().bind(model.msdResultProperty().isNull());
        addRow.setOnAction(e -> model.addMsdToTable());
        FlowPane controls = controls(
                new Label(workbench.text("analysis.msd.species")), species,
                new Label(workbench.text("analysis.msd.charge")), numberField(model.msdChargeProperty(),
                        "analysis-msd-charge", false),
                new Label(workbench.text("analysis.msd.dt")), numberField(model.msdDtProperty(), "analysis-msd-dt",
                        true),
                new Label(workbench.text("analysis.msd.maxLag")), numberField(model.msdMaxLagProperty(),
                        "analysis-msd-max-lag", true),
                new Label(workbench.text("analysis.msd.stride")), intField(model.msdOriginStrideProperty(),
                        "analysis-msd-stride"),
                new Label(workbench.text("analysis.msd.fitFrom")), numberField(model.msdFitFromProperty(),
                        "analysis-msd-fit-from", true),
                new Label(workbench.text("analysis.msd.fitTo")), numberField(model.msdFitToProperty(),
                        "analysis-msd-fit-to", true),
                new Label(workbench.text("analysis.msd.blocks")), intField(model.msdBlocksProperty(),
                        "analysis-msd-blocks"),
                compute, addRow, exportButtons(AnalysisModel.Plot.MSD, msdChart, "analysis-msd", "msd"));
        Label result = new Label();
        result.setId("analysis-msd-result");
        result.setWrapText(true);
        result.textProperty().bind(model.msdSummaryProperty());
        VBox box = new VBox(6, result, msdChart);
        VBox.setVgrow(msdChart, Priority.ALWAYS);
        box.setPadding(new Insets(0, 6, 6, 6));
        return borderWithTop(controls, box);
    }

    // ------------------------------------------------------------------------------------ conductivity, Arrhenius

    private Node conductivityPane() {
        ListView<RunSource> runs = new ListView<>(model.runs());
        runs.setId("analysis-batch-runs");
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.setPrefHeight(110);
        runs.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunSource run, boolean empty) {
                super.updateItem(run, empty);
                setText(empty || run == null ? null : run.name() + "  " + fixed(run.temperatureK(), 1) + " K");
            }
        });
        Button batch = new Button(workbench.text("analysis.batch.compute"));
        batch.setId("analysis-batch-compute");
        batch.setOnAction(e -> {
            List<RunSource> chosen = List.copyOf(runs.getSelectionModel().getSelectedItems());
            model.computeConductivities(chosen.isEmpty() ? List.copyOf(model.runs()) : chosen);
        });

        TableView<ConductivityRow> table = new TableView<>(model.conductivityRows());
        table.setId("analysis-conductivity-table");
        table.getColumns().add(column(workbench.text("analysis.table.run"), ConductivityRow::run, 120));
        table.getColumns().add(column(workbench.text("analysis.table.species"), ConductivityRow::species, 50));
        table.getColumns().add(column(workbench.text("analysis.table.temperature"),
                r -> fixed(r.temperatureK(), 1), 70));
        table.getColumns().add(column(workbench.text("analysis.table.d"), r -> sci(r.dCm2PerS()), 90));
        table.getColumns().add(column(workbench.text("analysis.table.dErr"), r -> sci(r.dErrCm2PerS()), 90));
        table.getColumns().add(column(workbench.text("analysis.table.sigma"), r -> sci(r.sigmaSPerCm()), 90));
        table.getColumns().add(column(workbench.text("analysis.table.sigmaErr"), r -> sci(r.sigmaErrSPerCm()), 90));
        table.setPlaceholder(new Label(workbench.text("analysis.table.none")));
        Button remove = new Button(workbench.text("analysis.table.remove"));
        remove.setId("analysis-conductivity-remove");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> model.removeRow(table.getSelectionModel().getSelectedItem()));

        TableView<ExperimentPoint> measured = new TableView<>(model.experiments());
        measured.setId("analysis-experiment-table");
        measured.setPrefHeight(110);
        measured.getColumns().add(column(workbench.text("analysis.experiment.label"), ExperimentPoint::label, 150));
        measured.getColumns().add(column(workbench.text("analysis.table.temperature"),
                p -> fixed(p.temperatureK(), 2), 80));
        measured.getColumns().add(column(workbench.text("analysis.table.sigma"), p -> sci(p.sigmaSPerCm()), 90));
        measured.setPlaceholder(new Label(workbench.text("analysis.experiment.none")));
        TextField label = new TextField();
        label.setId("analysis-experiment-name");
        label.setPromptText(workbench.text("analysis.experiment.labelPrompt"));
        label.setPrefColumnCount(12);
        TextField kelvin = new TextField();
        kelvin.setId("analysis-experiment-temperature");
        kelvin.setPromptText(workbench.text("analysis.experiment.temperaturePrompt"));
        kelvin.setPrefColumnCount(6);
        TextField sigma = new TextField();
        sigma.setId("analysis-experiment-sigma");
        sigma.setPromptText(workbench.text("analysis.experiment.sigmaPrompt"));
        sigma.setPrefColumnCount(7);
        Button add = new Button(workbench.text("analysis.experiment.add"));
        add.setId("analysis-experiment-add");
        add.setOnAction(e -> {
            if (model.addExperiment(label.getText(), parse(kelvin.getText()), parse(sigma.getText()))) {
                label.clear();
                kelvin.clear();
                sigma.clear();
            }
        });
        Button removePoint = new Button(workbench.text("analysis.experiment.remove"));
        removePoint.setId("analysis-experiment-remove");
        removePoint.disableProperty().bind(measured.getSelectionModel().selectedItemProperty().isNull());
        removePoint.setOnAction(e -> model.experiments().remove(measured.getSelectionModel().getSelectedItem()));

        VBox left = new VBox(6, new Label(workbench.text("analysis.batch.runs")), runs, batch, table, remove,
                new Label(workbench.text("analysis.experiment.title")), measured,
                controls(label, kelvin, sigma, add, removePoint));
        left.setPadding(new Insets(6));
        VBox.setVgrow(table, Priority.ALWAYS);

        CheckBox quadratic = new CheckBox(workbench.text("analysis.arrhenius.showQuadratic"));
        quadratic.setId("analysis-arrhenius-quadratic");
        quadratic.selectedProperty().bindBidirectional(model.showQuadraticProperty());
        Button fit = new Button(workbench.text("analysis.arrhenius.fit"));
        fit.setId("analysis-arrhenius-fit");
        fit.setOnAction(e -> model.fitArrhenius());
        FlowPane controls = controls(new Label(workbench.text("analysis.arrhenius.temperature")),
                numberField(model.extrapolationTemperatureProperty(), "analysis-arrhenius-temperature", false),
                quadratic, fit, exportButtons(AnalysisModel.Plot.ARRHENIUS, arrheniusChart, "analysis-arrhenius",
                        "arrhenius"));
        Label result = new Label();
        result.setId("analysis-arrhenius-result");
        result.setWrapText(true);
        result.textProperty().bind(model.arrheniusSummaryProperty());
        VBox right = new VBox(6, controls, result, arrheniusChart);
        right.setPadding(new Insets(6));
        VBox.setVgrow(arrheniusChart, Priority.ALWAYS);
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.45);
        return split;
    }

    // -------------------------------------------------------------------------------------------------- charts

    /** Shows g(r) of every pair of the last RDF and, on request, the running coordination numbers n(r). */
    private void showRdf() {
        rdfChart.clear();
        RdfResult result = model.rdfResultProperty().get();
        boolean coordination = model.rdfShowCoordinationProperty().get();
        rdfChart.getYAxis().setLabel(workbench.text(coordination ? "analysis.rdf.yAxisCoordination"
                : "analysis.rdf.yAxis"));
        if (result == null) {
            rdfChart.autoRange();
            return;
        }
        Rdf rdf = result.rdf();
        double[] centres = result.binCentres();
        rdfChart.setXRange(0, result.binUpperEdges()[rdf.bins() - 1]); // 0 .. r max, not the next round number
        for (int p = 0; p < rdf.pairs().size(); p++) {
            rdfChart.setCurve(rdf.pairs().get(p).label(), centres, rdf.g(p));
        }
        if (coordination) {
            double[] edges = result.binUpperEdges();
            for (int p = 0; p < rdf.pairs().size(); p++) {
                rdfChart.setCurve(workbench.text("analysis.rdf.coordinationCurve", rdf.pairs().get(p).label()),
                        edges, rdf.coordination(p), PlotChart.Style.DASHED);
            }
        }
    }

    /** Shows the MSD of the last computation with its fitted straight line drawn over the fit window. */
    private void showMsd() {
        msdChart.clear();
        MsdResult result = model.msdResultProperty().get();
        if (result == null) {
            return;
        }
        MsdAnalysis a = result.analysis();
        String name = workbench.text("analysis.msd.curve", a.species());
        msdChart.setCurve(name, a.timesFs(), a.msdA2());
        LinearFit fit = a.diffusion().fit();
        msdChart.setFitLine(name, fit.slope(), fit.intercept(), a.fitFromFs(), a.fitToFs());
    }

    /**
     * Shows the conductivity table (with its σ errors as bars), its Arrhenius fit extrapolated to the chosen
     * temperature and the experimental points. Rows or points that have no logarithm (σ ≤ 0) are left out.
     */
    private void showArrhenius() {
        List<ConductivityRow> rows = model.conductivityRows().stream()
                .filter(r -> positive(r.temperatureK()) && positive(r.sigmaSPerCm())).toList();
        arrheniusChart.setData(rows.stream().mapToDouble(ConductivityRow::temperatureK).toArray(),
                rows.stream().mapToDouble(ConductivityRow::sigmaSPerCm).toArray(),
                rows.stream().mapToDouble(ConductivityRow::sigmaErrSPerCm).toArray());
        List<ExperimentPoint> measured = model.experiments().stream()
                .filter(e -> positive(e.temperatureK()) && positive(e.sigmaSPerCm())).toList();
        arrheniusChart.setExperimental(measured.isEmpty() ? null : workbench.text("analysis.arrhenius.experiment"),
                measured.stream().mapToDouble(ExperimentPoint::temperatureK).toArray(),
                measured.stream().mapToDouble(ExperimentPoint::sigmaSPerCm).toArray());
        arrheniusChart.setShowQuadratic(model.showQuadraticProperty().get());
        double target = model.extrapolationTemperatureProperty().get();
        if (positive(target)) {
            arrheniusChart.setExtrapolationTemperature(target);
        }
    }

    private ArrheniusChart.Labels arrheniusLabels() {
        return new ArrheniusChart.Labels("", workbench.text("analysis.arrhenius.xAxis"),
                workbench.text("analysis.arrhenius.yAxis"), workbench.text("analysis.arrhenius.md"),
                workbench.text("analysis.arrhenius.linear"), workbench.text("analysis.arrhenius.quadraticFit"),
                workbench.text("analysis.arrhenius.extrapolated"), workbench.text("analysis.arrhenius.eaPattern"),
                workbench.text("analysis.arrhenius.sigmaPattern"));
    }

    private static <C extends PlotChart> C chart(C chart, String id) {
        chart.setId(id);
        chart.setMinSize(200, 160);
        return chart;
    }

    private static boolean positive(double v) {
        return v > 0 && Double.isFinite(v);
    }

    // ------------------------------------------------------------------------------------------------ exports

    private HBox exportButtons(AnalysisModel.Plot plot, PlotChart chart, String idPrefix, String fileStem) {
        Button png = new Button(workbench.text("analysis.export.png"));
        png.setId(idPrefix + "-export-png");
        png.setOnAction(e -> {
            Path target = chooseTarget(fileStem + ".png", "*.png");
            if (target != null) {
                exportPng(chart, target);
            }
        });
        Button csv = new Button(workbench.text("analysis.export.csv"));
        csv.setId(idPrefix + "-export-csv");
        csv.setOnAction(e -> {
            Path target = chooseTarget(fileStem + ".csv", "*.csv");
            if (target != null) {
                model.exportCsv(plot, target);
            }
        });
        return new HBox(4, png, csv);
    }

    /** Saves a picture of {@code chart} (on the FX thread: the chart is drawn there; the file is small). */
    boolean exportPng(PlotChart chart, Path target) {
        try {
            ChartExport.png(chart, target, PICTURE_SCALE);
            workbench.info(workbench.text("analysis.log.exported", target));
            return true;
        } catch (IOException | RuntimeException x) {
            workbench.error(workbench.text("analysis.error.export", target.getFileName()), x);
            return false;
        }
    }

    private Path chooseTarget(String initialName, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(workbench.text("analysis.export.title"));
        chooser.setInitialFileName(initialName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(pattern, pattern));
        File f = chooser.showSaveDialog(window());
        return f == null ? null : f.toPath();
    }

    private javafx.stage.Window window() {
        return getTabPane() == null || getTabPane().getScene() == null ? null : getTabPane().getScene().getWindow();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Tab section(String titleKey, String id, Node content) {
        Tab t = new Tab(workbench.text(titleKey), content);
        t.setId(id);
        t.setClosable(false);
        return t;
    }

    private static FlowPane controls(Node... nodes) {
        FlowPane pane = new FlowPane(Orientation.HORIZONTAL, 6, 4, nodes);
        pane.setPadding(new Insets(6));
        return pane;
    }

    private static BorderPane borderWithTop(Node top, Node center) {
        BorderPane pane = new BorderPane(center);
        pane.setTop(top);
        return pane;
    }

    /**
     * A text field editing a number property: the value is taken on Enter or when the field loses focus; text that
     * is not a number is refused (the field shows the property again). With {@code blankIsAuto} an empty field
     * means NaN ("automatic"/"unknown").
     */
    private static TextField numberField(DoubleProperty property, String id, boolean blankIsAuto) {
        TextField field = new TextField(format(property.get()));
        field.setId(id);
        field.setPrefColumnCount(6);
        Runnable commit = () -> {
            String text = field.getText().strip();
            if (text.isEmpty() && blankIsAuto) {
                property.set(Double.NaN);
                return;
            }
            double v = parse(text);
            if (Double.isFinite(v)) {
                property.set(v);
            }
            field.setText(format(property.get()));
        };
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                commit.run();
            }
        });
        property.addListener((o, a, v) -> {
            if (!field.isFocused()) {
                field.setText(format(v.doubleValue()));
            }
        });
        return field;
    }

    private static TextField intField(IntegerProperty property, String id) {
        TextField field = new TextField(Integer.toString(property.get()));
        field.setId(id);
        field.setPrefColumnCount(4);
        Runnable commit = () -> {
            try {
                property.set(Integer.parseInt(field.getText().strip()));
            } catch (NumberFormatException e) {
                field.setText(Integer.toString(property.get()));
            }
        };
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                commit.run();
            }
        });
        property.addListener((o, a, v) -> field.setText(Integer.toString(v.intValue())));
        return field;
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String format(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String fixed(double v, int decimals) {
        return AnalysisModel.fixed(v, decimals);
    }

    private static String sci(double v) {
        return AnalysisModel.sci(v);
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(value.apply(x.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }
}
