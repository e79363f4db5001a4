package kiseki.app.analysis;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import kiseki.analysis.Arrhenius;
import kiseki.analysis.LinearFit;
import kiseki.analysis.MsdAnalysis;
import kiseki.app.AppPreferences;
import kiseki.app.Background;
import kiseki.app.Messages;
import kiseki.app.Workbench;
import kiseki.app.charts.ArrheniusChart;
import kiseki.app.charts.ChartExport;
import kiseki.app.charts.CurveChart;
import kiseki.app.charts.DataSeries;
import kiseki.io.Units;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless (Monocle): the Analysis tab draws the RDF (with n(r) on request), the MSD with its fitted line over the fit
 * window, and the Arrhenius plot with its fit, extrapolation and experiments, through the shared chart components.
 * With -Dkiseki.analysisImages=DIR (absolute) pictures of the three sections are also written to DIR.
 */
@ExtendWith(ApplicationExtension.class)
class AnalysisTabTest {

    private Workbench workbench;
    private AnalysisTab tab;

    @Start
    void start(Stage stage) {
        workbench = new Workbench(Messages.forLanguage("en"), AppPreferences.inMemory(), Platform::runLater);
        tab = new AnalysisTab(workbench);
        TabPane tabs = new TabPane(tab);
        stage.setScene(new Scene(tabs, 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        workbench.close();
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    /** Starts a model task on the FX thread and waits until it has finished and its results are shown. */
    private void run(Callable<Background.Task> start) throws Exception {
        Background.Task task = fx(start);
        task.whenDone().get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get(), workbench.log().toString());
    }

    private void section(FxRobot robot, String id) {
        TabPane sections = robot.lookup("#analysis-sections").queryAs(TabPane.class);
        robot.interact(() -> sections.getSelectionModel().select(
                sections.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    private static List<String> names(List<DataSeries> data) {
        return data.stream().map(DataSeries::name).toList();
    }

    @Test
    void showsTheRdfChartWithCoordinationOnRequest(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path file = Trajectories.fccFrames(tmp.resolve("fcc.extxyz"), 2);
        robot.interact(() -> tab.model().addTrajectory(file, 300));
        run(() -> tab.model().computeRdf());

        @SuppressWarnings("unchecked")
        ComboBox<RunSource> runs = robot.lookup("#analysis-run-choice").queryAs(ComboBox.class);
        assertEquals("fcc.extxyz", runs.getValue().name());
        CurveChart chart = robot.lookup("#analysis-rdf-chart").queryAs(CurveChart.class);
        RdfResult result = tab.model().rdfResultProperty().get();
        List<DataSeries> data = fx(chart::data);
        assertEquals(List.of("Cu-Cu"), names(data));
        assertArrayEquals(result.binCentres(), data.get(0).x());
        assertArrayEquals(result.rdf().g(0), data.get(0).y());
        assertEquals(300, fx(() -> chart.drawnPoints("Cu-Cu")));
        assertEquals("g(r)", chart.getYAxis().getLabel());
        @SuppressWarnings("unchecked")
        TableView<CoordinationRow> table = robot.lookup("#analysis-rdf-table").queryAs(TableView.class);
        assertEquals(1, table.getItems().size());
        assertEquals(12, table.getItems().get(0).coordination(), 1e-12);

        // the running coordination number on request: 12 neighbours within 3.2 Å, 18 within 4.4 Å
        robot.clickOn("#analysis-rdf-coordination");
        assertTrue(tab.model().rdfShowCoordinationProperty().get());
        data = fx(chart::data);
        assertEquals(List.of("Cu-Cu", "n(r) Cu-Cu"), names(data));
        DataSeries n = data.get(1);
        assertEquals(3.2, n.x()[159], 1e-12);
        assertEquals(12, n.y()[159], 1e-12);
        assertEquals(18, n.y()[219], 1e-12);
        assertEquals("g(r), n(r)", chart.getYAxis().getLabel());
        robot.clickOn("#analysis-rdf-coordination");
        assertEquals(List.of("Cu-Cu"), names(fx(chart::data)));

        // a PNG of the chart at twice its size, through ChartExport
        Path png = tmp.resolve("rdf.png");
        assertTrue(fx(() -> tab.exportPng(chart, png)), workbench.log().toString());
        BufferedImage picture = ImageIO.read(png.toFile());
        assertEquals(2 * (int) Math.round(chart.getWidth()), picture.getWidth());
        assertEquals(2 * (int) Math.round(chart.getHeight()), picture.getHeight());
        assertTrue(workbench.log().stream().anyMatch(e -> e.text().equals("Exported " + png)));
    }

    @Test
    void showsTheMsdWithItsFittedLineOverTheFitWindow(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path file = Trajectories.walkers(tmp.resolve("walkers.extxyz"), 3, 120, 20, 15, 120, 1.0);
        robot.interact(() -> {
            tab.model().addTrajectory(file, 600);
            tab.model().msdMaxLagProperty().set(100);
        });
        section(robot, "analysis-section-msd");
        run(() -> tab.model().computeMsd());

        CurveChart chart = robot.lookup("#analysis-msd-chart").queryAs(CurveChart.class);
        MsdAnalysis a = tab.model().msdResultProperty().get().analysis();
        List<DataSeries> data = fx(chart::data);
        assertEquals(List.of("MSD Li"), names(data));
        assertArrayEquals(a.timesFs(), data.get(0).x());
        assertArrayEquals(a.msdA2(), data.get(0).y());
        assertFitLine(chart, a);
        Label summary = robot.lookup("#analysis-msd-result").queryAs(Label.class);
        assertTrue(summary.getText().startsWith("Li: D = ") && summary.getText().contains("\nσ = "),
                summary.getText());

        // a new fit window moves the line (and only one line is drawn)
        robot.interact(() -> {
            tab.model().msdFitFromProperty().set(30);
            tab.model().msdFitToProperty().set(70);
        });
        run(() -> tab.model().computeMsd());
        MsdAnalysis refit = tab.model().msdResultProperty().get().analysis();
        assertEquals(30, refit.fitFromFs());
        assertFitLine(chart, refit);
    }

    /** The one dashed line runs from (fit start, fit(start)) to (fit end, fit(end)) in the chart's axes. */
    private static void assertFitLine(CurveChart chart, MsdAnalysis a) throws Exception {
        fx(() -> {
            chart.layout();
            return null;
        });
        List<Line> lines = fx(() -> chart.lookupAll(".kiseki-guide-line").stream().map(Line.class::cast).toList());
        assertEquals(1, lines.size());
        Line line = lines.get(0);
        NumberAxis x = (NumberAxis) chart.getXAxis();
        NumberAxis y = (NumberAxis) chart.getYAxis();
        LinearFit fit = a.diffusion().fit();
        assertEquals(fx(() -> x.getDisplayPosition(a.fitFromFs())), line.getStartX(), 1e-6);
        assertEquals(fx(() -> x.getDisplayPosition(a.fitToFs())), line.getEndX(), 1e-6);
        assertEquals(fx(() -> y.getDisplayPosition(fit.at(a.fitFromFs()))), line.getStartY(), 1e-6);
        assertEquals(fx(() -> y.getDisplayPosition(fit.at(a.fitToFs()))), line.getEndY(), 1e-6);
    }

    /** Three runs whose σT follows the Arrhenius law with Ea = 0.3 eV exactly (600, 800, 1000 K). */
    private List<Path> arrheniusRuns(Path tmp) throws Exception {
        double ea = 0.3;
        double[] kelvin = {600, 800, 1000};
        List<Path> files = new ArrayList<>();
        for (double t : kelvin) {
            double scale = Math.sqrt(Math.exp(-ea / Units.BOLTZMANN_EV_PER_K * (1 / t - 1 / 1000.0)));
            files.add(Trajectories.walkers(tmp.resolve("run-" + (int) t + ".extxyz"), 9, 40, 8, 10, 60, scale));
        }
        return files;
    }

    private void computeConductivities(FxRobot robot, List<Path> files) throws Exception {
        double[] kelvin = {600, 800, 1000};
        robot.interact(() -> {
            for (int i = 0; i < files.size(); i++) {
                tab.model().addTrajectory(files.get(i), kelvin[i]);
            }
        });
        section(robot, "analysis-section-conductivity");
        run(() -> tab.model().computeConductivities(tab.model().runs().stream()
                .filter(r -> files.contains(r.trajectory())).toList()));
    }

    @Test
    void showsTheArrheniusChartWithItsFitExtrapolationAndExperiments(FxRobot robot, @TempDir Path tmp)
            throws Exception {
        computeConductivities(robot, arrheniusRuns(tmp));

        @SuppressWarnings("unchecked")
        TableView<ConductivityRow> table = robot.lookup("#analysis-conductivity-table").queryAs(TableView.class);
        assertEquals(3, table.getItems().size());
        ArrheniusChart chart = robot.lookup("#analysis-arrhenius-chart").queryAs(ArrheniusChart.class);
        List<DataSeries> data = fx(chart::data);
        assertEquals(List.of("MD", "MD [−]", "MD [+]", "Linear fit", "Quadratic fit", "σ(298.15 K)"), names(data));
        // the MD points at 1000/T, log10 σ of the table; the chart's fit is the model's fit
        assertArrayEquals(new double[] {1000 / 600.0, 1.25, 1.0}, data.get(0).x(), 1e-12);
        assertEquals(Math.log10(table.getItems().get(2).sigmaSPerCm()), data.get(0).y()[2], 1e-12);
        Arrhenius fit = tab.model().arrheniusResultProperty().get().fit();
        assertEquals(fit.activationEnergyEv(), chart.fit().activationEnergyEv(), 1e-12);
        assertEquals(0.3, chart.fit().activationEnergyEv(), 1e-6);
        DataSeries room = data.get(5);
        assertArrayEquals(new double[] {1000 / 298.15}, room.x(), 1e-12);
        assertEquals(Math.log10(tab.model().arrheniusResultProperty().get().sigmaLinear()), room.y()[0], 1e-9);
        assertTrue(chart.getAnnotation().startsWith("Ea = 0.300 ± 0.000 eV\nσ(298.15 K) = "), chart.getAnnotation());
        Label result = robot.lookup("#analysis-arrhenius-result").queryAs(Label.class);
        assertTrue(result.getText().startsWith("Ea = 0.3000 ± 0.0000 eV from 3 temperatures"), result.getText());

        // another extrapolation temperature moves the marked point and the text box
        robot.interact(() -> tab.model().extrapolationTemperatureProperty().set(350));
        data = fx(chart::data);
        room = data.get(5);
        assertEquals("σ(350 K)", room.name());
        assertArrayEquals(new double[] {1000 / 350.0}, room.x(), 1e-12);
        assertEquals(Math.log10(fit.sigmaLinear(350)), room.y()[0], 1e-9);
        assertTrue(chart.getAnnotation().endsWith("\nσ(350 K) = " + chartNumber(fit.sigmaLinear(350))
                + " S/cm (extrapolated)"), chart.getAnnotation());

        // experimental points in their own series; the quadratic fit goes with its check box
        robot.interact(() -> tab.model().addExperiment("LGPS, Kamaya 2011", 298.15, 1.2e-2));
        data = fx(chart::data);
        DataSeries experiment = data.get(data.size() - 1);
        assertEquals("Experiment", experiment.name());
        assertArrayEquals(new double[] {Math.log10(1.2e-2)}, experiment.y(), 1e-12);
        robot.clickOn("#analysis-arrhenius-quadratic");
        assertFalse(tab.model().showQuadraticProperty().get());
        assertFalse(names(fx(chart::data)).contains("Quadratic fit"));

        // removing a row refits the plot at once (two temperatures left)
        robot.interact(() -> tab.model().removeRow(tab.model().conductivityRows().get(0)));
        assertEquals(2, fx(chart::data).get(0).size());
        assertEquals(2, chart.fit().points());
    }

    /** σ as the chart's text box writes it (3 significant digits, plain or mantissa-exponent). */
    private static String chartNumber(double v) {
        return kiseki.app.charts.ChartFormat.significant(v, 3);
    }

    @Test
    void rendersTheThreeSectionsReadably(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path salt = Trajectories.rockSaltFrames(tmp.resolve("lis.extxyz"), 6, 0.08, 5);
        robot.interact(() -> {
            tab.model().addTrajectory(salt, 300);
            tab.model().rdfShowCoordinationProperty().set(true);
        });
        run(() -> tab.model().computeRdf());
        // each Li has 6 S neighbours in its first shell
        CoordinationRow liS = tab.model().coordinationRows().stream().filter(r -> r.pair().equals("Li-S"))
                .findFirst().orElseThrow();
        assertEquals(6, liS.coordination(), 0.01);
        assertEquals(2.5, liS.peakR(), 0.15);
        List<BufferedImage> pictures = new ArrayList<>();
        pictures.add(picture(robot, "analysis-section-rdf", tmp));

        Path walkers = Trajectories.walkers(tmp.resolve("walkers.extxyz"), 3, 120, 20, 15, 120, 1.0);
        robot.interact(() -> {
            tab.model().addTrajectory(walkers, 600);
            tab.model().msdMaxLagProperty().set(100);
        });
        run(() -> tab.model().computeMsd());
        pictures.add(picture(robot, "analysis-section-msd", tmp));

        computeConductivities(robot, arrheniusRuns(tmp));
        robot.interact(() -> tab.model().addExperiment("LGPS, Kamaya 2011", 298.15, 1.2e-2));
        pictures.add(picture(robot, "analysis-section-conductivity", tmp));
        for (BufferedImage p : pictures) {
            assertEquals(1200, p.getWidth());
            assertTrue(p.getHeight() > 700, "the tab below its header: " + p.getHeight());
        }
    }

    /** Shows a section, saves a picture of the whole tab and reads it back. */
    private BufferedImage picture(FxRobot robot, String sectionId, Path tmp) throws Exception {
        section(robot, sectionId);
        Node content = tab.getContent();
        Path png = tmp.resolve(sectionId + ".png");
        fx(() -> {
            content.getParent().layout();
            ChartExport.png(content, png);
            String dir = System.getProperty("kiseki.analysisImages");
            if (dir != null && !dir.isBlank()) {
                Files.createDirectories(Path.of(dir));
                ChartExport.png(content, Path.of(dir).resolve(sectionId + ".png"));
            }
            return null;
        });
        BufferedImage image = ImageIO.read(png.toFile());
        int[] row = image.getRGB(0, image.getHeight() / 2, image.getWidth(), 1, null, 0, image.getWidth());
        assertTrue(Arrays.stream(row).distinct().count() > 3, "something is drawn");
        return image;
    }

    @Test
    void theControlsKeepTheirIds(FxRobot robot) {
        for (String id : List.of("#analysis-rdf-export-png", "#analysis-rdf-export-csv", "#analysis-msd-export-png",
                "#analysis-arrhenius-export-csv", "#analysis-arrhenius-temperature", "#analysis-arrhenius-fit")) {
            assertTrue(robot.lookup(id).tryQuery().isPresent(), id);
        }
        CheckBox coordination = robot.lookup("#analysis-rdf-coordination").queryAs(CheckBox.class);
        assertEquals("Show running coordination n(r)", coordination.getText());
    }
}
