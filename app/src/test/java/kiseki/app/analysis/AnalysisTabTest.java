package kiseki.app.analysis;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import kiseki.app.AppPreferences;
import kiseki.app.Background;
import kiseki.app.Messages;
import kiseki.app.Workbench;
import kiseki.io.Units;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headless (Monocle): the Analysis tab shows the RDF of a trajectory and the Arrhenius plot with its fit. */
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

    private static void await(Background.Task task) throws Exception {
        task.whenDone().get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void section(FxRobot robot, String id) {
        TabPane sections = robot.lookup("#analysis-sections").queryAs(TabPane.class);
        robot.interact(() -> sections.getSelectionModel().select(
                sections.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    @Test
    void showsTheRdfChartWithData(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path file = Trajectories.fccFrames(tmp.resolve("fcc.extxyz"), 2);
        robot.interact(() -> tab.model().addTrajectory(file, 300));
        Background.Task task = WaitForAsyncUtils.asyncFx(() -> tab.model().computeRdf()).get(10, TimeUnit.SECONDS);
        await(task);
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get(), workbench.log().toString());

        @SuppressWarnings("unchecked")
        ComboBox<RunSource> runs = robot.lookup("#analysis-run-choice").queryAs(ComboBox.class);
        assertEquals("fcc.extxyz", runs.getValue().name());
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#analysis-rdf-chart").queryAs(LineChart.class);
        assertEquals(1, chart.getData().size());
        XYChart.Series<Number, Number> series = chart.getData().get(0);
        assertEquals("Cu-Cu", series.getName());
        assertEquals(300, series.getData().size());
        assertNotNull(series.getNode(), "the g(r) line is drawn");
        @SuppressWarnings("unchecked")
        TableView<CoordinationRow> table = robot.lookup("#analysis-rdf-table").queryAs(TableView.class);
        assertEquals(1, table.getItems().size());
        assertEquals(12, table.getItems().get(0).coordination(), 1e-12);

        // a PNG of the chart, written atomically
        Path png = tmp.resolve("rdf.png");
        java.awt.image.BufferedImage picture = WaitForAsyncUtils.asyncFx(() -> ChartPictures.snapshot(chart))
                .get(10, TimeUnit.SECONDS);
        ChartPictures.write(picture, png);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertTrue(picture.getWidth() > 100 && picture.getHeight() > 100);
    }

    @Test
    void showsTheArrheniusChartWithItsFit(FxRobot robot, @TempDir Path tmp) throws Exception {
        double ea = 0.3;
        double[] kelvin = {600, 800, 1000};
        List<Path> files = new ArrayList<>();
        for (double t : kelvin) {
            double scale = Math.sqrt(Math.exp(-ea / Units.BOLTZMANN_EV_PER_K * (1 / t - 1 / 1000.0)));
            files.add(Trajectories.walkers(tmp.resolve("run-" + (int) t + ".extxyz"), 9, 40, 8, 10, 60, scale));
        }
        robot.interact(() -> {
            for (int i = 0; i < 3; i++) {
                tab.model().addTrajectory(files.get(i), kelvin[i]);
            }
        });
        section(robot, "analysis-section-conductivity");
        Background.Task task = WaitForAsyncUtils.asyncFx(
                () -> tab.model().computeConductivities(List.copyOf(tab.model().runs()))).get(10, TimeUnit.SECONDS);
        await(task);
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get(), workbench.log().toString());

        @SuppressWarnings("unchecked")
        TableView<ConductivityRow> table = robot.lookup("#analysis-conductivity-table").queryAs(TableView.class);
        assertEquals(3, table.getItems().size());
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#analysis-arrhenius-chart").queryAs(LineChart.class);
        List<String> names = chart.getData().stream().map(XYChart.Series::getName).toList();
        assertEquals(List.of("MD", "Linear fit", "Quadratic fit", "σ(298.15 K)"), names);
        assertEquals(3, chart.getData().get(0).getData().size());
        assertEquals(60, chart.getData().get(1).getData().size());
        // the linear fit passes through the MD points (σ(T) follows the Arrhenius law exactly)
        XYChart.Data<Number, Number> hottest = chart.getData().get(0).getData().get(2);
        assertEquals(1.0, hottest.getXValue().doubleValue(), 1e-12);
        Label result = robot.lookup("#analysis-arrhenius-result").queryAs(Label.class);
        assertTrue(result.getText().startsWith("Ea = 0.3000 ± 0.0000 eV from 3 temperatures"), result.getText());
    }
}
