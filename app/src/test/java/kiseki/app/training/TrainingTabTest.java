package kiseki.app.training;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import kiseki.app.AppPreferences;
import kiseki.app.Background;
import kiseki.app.Messages;
import kiseki.app.Workbench;
import kiseki.app.charts.ChartExport;
import kiseki.app.charts.DataSeries;
import kiseki.app.charts.PlotChart;
import kiseki.project.Artefact;
import kiseki.train.EpochRecord;
import kiseki.train.TrainingRun;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless (Monocle): the Training tab shows the form, trains from its buttons, draws the errors per epoch, the parity
 * plots and the pair curves with the shared charts, and saves each chart as PNG and CSV.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingTabTest {

    private Workbench workbench;
    private TrainingTab tab;

    @Start
    void start(Stage stage) {
        workbench = new Workbench(Messages.forLanguage("en"), AppPreferences.inMemory(), Platform::runLater);
        tab = new TrainingTab(workbench);
        stage.setScene(new Scene(new TabPane(tab), 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void showsTheFormWithTheCommandsDefaults(FxRobot robot) {
        assertEquals("Training", tab.getText());
        assertEquals(1000, robot.lookup("#training-epochs").queryAs(Spinner.class).getValue());
        assertEquals(250, robot.lookup("#training-energy-epochs").queryAs(Spinner.class).getValue());
        assertEquals(50, robot.lookup("#training-radial").queryAs(Spinner.class).getValue());
        assertEquals("delta", robot.lookup("#training-model").queryAs(ChoiceBox.class).getValue());
        assertEquals("0.001", robot.lookup("#training-force-weight").queryAs(TextField.class).getText());
        assertEquals("6.0", robot.lookup("#training-pair-cutoff").queryAs(TextField.class).getText());
        // no project: nothing to train on
        assertTrue(robot.lookup("#training-run").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#training-cancel").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#training-no-datasets").queryAs(Label.class).isVisible());
        robot.clickOn("#training-quick");
        assertEquals(5, robot.lookup("#training-epochs").queryAs(Spinner.class).getValue());
        assertEquals(8, robot.lookup("#training-radial").queryAs(Spinner.class).getValue());
        // the optimiser decides whether the warm-up applies
        robot.interact(() -> tab.model().optimizerProperty().set("adam"));
        assertTrue(robot.lookup("#training-energy-epochs").queryAs(Spinner.class).isDisabled());
    }

    @Test
    void trainsFromTheButtonsAndTheChartsFollowTheEpochs(FxRobot robot, @TempDir Path tmp) throws Exception {
        Workbench direct = kiseki.app.TestSupport.headlessWorkbench("en");
        Artefact dataset;
        try {
            dataset = TrainingModelTest.lgpsProject(direct, tmp, 12);
        } finally {
            direct.close();
        }
        workbench.openProject(tmp.resolve("project"), p -> { }).whenDone().get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("lgps12", robot.lookup("#training-dataset").queryAs(ChoiceBox.class).getValue() == null ? null
                : ((Artefact) robot.lookup("#training-dataset").queryAs(ChoiceBox.class).getValue()).name());
        assertEquals(dataset.id(), tab.model().datasetProperty().get().id());
        assertFalse(robot.lookup("#training-no-datasets").queryAs(Label.class).isVisible());

        robot.clickOn("#training-quick");
        robot.interact(() -> {
            robot.lookup("#training-epochs").queryAs(Spinner.class).getValueFactory().setValue(3);
            robot.lookup("#training-energy-epochs").queryAs(Spinner.class).getValueFactory().setValue(1);
            TextField valid = robot.lookup("#training-valid-fraction").queryAs(TextField.class);
            valid.setText("0.25");
            valid.commitValue();
        });
        assertEquals(0.25, tab.model().validFractionProperty().get());
        assertEquals(3, tab.model().epochsProperty().get(), "the spinner writes into the view-model");
        robot.clickOn("#training-run");
        Background.Task task = tab.model().taskProperty().get();
        assertNotNull(task, "training started");
        task.whenDone().get(2, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(3, tab.model().records().size());
        assertRmseChartShows(tab.model().records());
        // the ids the end-to-end flow looks up are on the shared charts' panels
        assertSame(tab.rmseChart().energyChart(), robot.lookup("#training-rmse-energy-chart").query());
        assertSame(tab.rmseChart().forceChart(), robot.lookup("#training-rmse-force-chart").query());
        assertSame(tab.parityEnergyChart(), robot.lookup("#training-parity-energy-chart").query());
        assertSame(tab.parityForceChart(), robot.lookup("#training-parity-force-chart").query());
        assertSame(tab.pairChart(), robot.lookup("#training-pair-chart").query());

        TrainingRun.Parity parity = tab.model().parityProperty().get();
        assertEquals("validation", parity.set());
        List<DataSeries> energy = tab.parityEnergyChart().data();
        assertEquals(1, energy.size());
        assertEquals("Validation", energy.get(0).name());
        assertArrayEquals(parity.referenceEnergy(), energy.get(0).x(), "3 validation frames, all drawn");
        assertArrayEquals(parity.predictedEnergy(), energy.get(0).y());
        assertEquals(3 * 150, tab.parityForceChart().pointCount(), "every force component, no stride");
        assertEquals(parity.rmseEnergyMevAtom() / 1000, tab.parityEnergyChart().rmse("Validation"), 1e-12);
        assertEquals(parity.rmseForce(), tab.parityForceChart().rmse("Validation"), 1e-12);
        assertEquals("Energy per atom, 3 validation frames", tab.parityEnergyChart().getTitle());
        assertTrue(legendTexts(robot, "#training-parity-force-chart").stream()
                .anyMatch(t -> t.startsWith("Validation: RMSE ") && t.endsWith(" eV/Å (450 values)")));

        List<TrainingRun.PairCurve> curves = tab.model().pairCurves();
        assertTrue(curves.size() >= 6, "pairs of Li, Ge, P, S");
        assertEquals(curves.stream().map(TrainingRun.PairCurve::pair).toList(), tab.pairChart().curveNames());
        DataSeries first = tab.pairChart().data().get(0);
        assertArrayEquals(curves.get(0).r(), first.x(), "the whole curve, wall included, is kept for export");
        assertArrayEquals(curves.get(0).phi(), first.y());
        NumberAxis phi = (NumberAxis) tab.pairChart().getYAxis();
        assertFalse(phi.isAutoRanging(), "the wall must not set the range");
        assertTrue(phi.getLowerBound() < 0 && phi.getUpperBound() <= 2.5, phi.getLowerBound() + " .. "
                + phi.getUpperBound());
        if (curves.size() > TrainingTab.PALETTE_SIZE) {
            assertEquals(PlotChart.Style.DASHED, tab.pairChart().styleOf(tab.pairChart().getData().get(
                    TrainingTab.PALETTE_SIZE)), "colours repeat after the palette: those pairs are dashed");
        }
        assertFalse(robot.lookup("#training-no-pairs").queryAs(Label.class).isVisible());

        // every chart saves its picture and its numbers
        for (String chart : List.of("training-rmse", "training-parity-energy", "training-parity-force",
                "training-pair")) {
            assertFalse(robot.lookup("#" + chart + "-png").queryAs(Button.class).isDisabled(), chart);
            Path png = tmp.resolve(chart + ".png");
            Path csv = tmp.resolve(chart + ".csv");
            assertTrue(WaitForAsyncUtils.asyncFx(() -> tab.saveChart(chart, true, png)
                    && tab.saveChart(chart, false, csv)).get(30, TimeUnit.SECONDS), chart);
            BufferedImage picture = ImageIO.read(png.toFile());
            assertTrue(picture.getWidth() > 100 && picture.getHeight() > 100, chart);
            assertTrue(Files.readAllLines(csv).size() > 3, chart);
        }
        List<String> rmseCsv = Files.readAllLines(tmp.resolve("training-rmse.csv"));
        assertEquals("Epoch,Energy RMSE (meV/atom) [Training],Energy RMSE (meV/atom) [Validation],"
                + "Force RMSE (eV/Å) [Training],Force RMSE (eV/Å) [Validation]", rmseCsv.get(0));
        assertEquals(4, rmseCsv.size(), "a header and 3 epochs");
        assertEquals(1 + 450, Files.readAllLines(tmp.resolve("training-parity-force.csv")).size());
        saveTabPictures(robot);

        String status = robot.lookup("#training-status").queryAs(Label.class).getText();
        assertTrue(status.startsWith("3 epochs (all epochs done)"), status);
        assertFalse(robot.lookup("#training-export").queryAs(Button.class).isDisabled());
        assertFalse(robot.lookup("#training-run").queryAs(Button.class).isDisabled());

        // a second run starts the charts afresh
        robot.interact(() -> tab.model().epochsProperty().set(2));
        robot.clickOn("#training-run");
        tab.model().taskProperty().get().whenDone().get(2, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, tab.rmseChart().epochs());
        assertRmseChartShows(tab.model().records());
    }

    @Test
    void pairViewKeepsTheWellsInSightAndCutsTheWall() {
        double[] r = {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0};
        TrainingRun.PairCurve wall = new TrainingRun.PairCurve("Li-Li", r,
                new double[] {5000, 40, 1.2, 0.3, 0.1, 0.02, 0});
        TrainingRun.PairCurve well = new TrainingRun.PairCurve("P-S", r,
                new double[] {800, 3, 0.4, -0.2, -0.05, -0.01, 0});
        TrainingTab.PairView view = TrainingTab.PairView.of(List.of(wall, well));
        assertEquals(-0.3, view.phiLower(), 1e-12, "1.5 x the deepest well");
        assertEquals(0.6, view.phiUpper(), 1e-12, "3 x the deepest well");
        assertEquals(1.5, view.rFrom(), "one step before the first curve comes below the top");
        assertEquals(5.0, view.rTo());
        TrainingTab.PairView repulsive = TrainingTab.PairView.of(List.of(wall));
        assertEquals(-0.1, repulsive.phiLower());
        assertEquals(TrainingTab.MAX_PAIR_ENERGY, repulsive.phiUpper(), "purely repulsive: up to 2 eV");
        assertEquals(1.5, repulsive.rFrom());
        TrainingRun.PairCurve deep = new TrainingRun.PairCurve("Ge-S", r,
                new double[] {900, 10, -1.5, -0.5, -0.1, 0, 0});
        assertEquals(TrainingTab.MAX_PAIR_ENERGY, TrainingTab.PairView.of(List.of(deep)).phiUpper());
        assertEquals(-2.25, TrainingTab.PairView.of(List.of(deep)).phiLower(), 1e-12, "a deep well stays in view");
    }

    /** The error chart holds exactly the view-model's epochs, and draws each of its four curves. */
    private void assertRmseChartShows(List<EpochRecord> records) {
        List<DataSeries> data = tab.rmseChart().data();
        assertEquals(4, data.size());
        double[] epochs = records.stream().mapToDouble(EpochRecord::epoch).toArray();
        for (DataSeries s : data) {
            assertArrayEquals(epochs, s.x(), s.name());
        }
        assertArrayEquals(records.stream().mapToDouble(EpochRecord::trainRmseEMevAtom).toArray(), data.get(0).y());
        assertArrayEquals(records.stream().mapToDouble(EpochRecord::validRmseEMevAtom).toArray(), data.get(1).y());
        assertArrayEquals(records.stream().mapToDouble(EpochRecord::trainRmseFEvA).toArray(), data.get(2).y());
        assertArrayEquals(records.stream().mapToDouble(EpochRecord::validRmseFEvA).toArray(), data.get(3).y());
        assertArrayEquals(new int[] {records.size(), records.size(), records.size(), records.size()},
                tab.rmseChart().drawnPoints());
    }

    private static List<String> legendTexts(FxRobot robot, String chart) {
        return robot.lookup(chart + " .chart-legend-item").queryAllAs(Label.class).stream().map(Label::getText)
                .toList();
    }

    /**
     * With -Dkiseki.tabImages=DIR (absolute) the window is saved once per results tab (errors, parity, pair curves)
     * as DIR/training-tab-*.png, to look at the layout.
     */
    private void saveTabPictures(FxRobot robot) throws Exception {
        String dir = System.getProperty("kiseki.tabImages");
        if (dir == null || dir.isBlank()) {
            return;
        }
        TabPane results = robot.lookup("#training-results").queryAs(TabPane.class);
        for (int i = 0; i < results.getTabs().size(); i++) {
            int index = i;
            Path target = Path.of(dir).resolve("training-tab-" + results.getTabs().get(i).getId() + ".png");
            WaitForAsyncUtils.asyncFx(() -> {
                results.getSelectionModel().select(index);
                return null;
            }).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.asyncFx(() -> {
                Node root = tab.getTabPane().getScene().getRoot();
                root.applyCss();
                root.getScene().getRoot().layout();
                ChartExport.png(root, target);
                return null;
            }).get(30, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.asyncFx(() -> {
            results.getSelectionModel().select(0);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }
}
