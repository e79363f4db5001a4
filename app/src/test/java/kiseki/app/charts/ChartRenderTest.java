package kiseki.app.charts;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import kiseki.analysis.Arrhenius;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless (Monocle) rendering of every chart with synthetic data: the chart lays out, draws its data in the expected
 * colours, and its PNG export reads back at the right size and not blank. With -Dkiseki.chartImages=DIR (absolute)
 * the documented pictures are also written to DIR: that is how docs/images/charts-*.png are made.
 */
@ExtendWith(ApplicationExtension.class)
class ChartRenderTest {

    private static final int BLUE = 0x0072B2;      // palette slot 0
    private static final int VERMILLION = 0xD55E00; // palette slot 1

    /** The pictures shown in the documentation (docs/images/charts-NAME.png). */
    private static final Set<String> DOCUMENTED = Set.of("rmse", "parity", "pair-terms", "rdf", "msd", "temperature",
            "arrhenius");

    @TempDir
    Path temp;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.show();
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(60, TimeUnit.SECONDS);
    }

    /** Shows the chart alone in the window at the given size, lays it out, saves a PNG and reads it back. */
    private BufferedImage render(Region chart, int width, int height, String name) throws Exception {
        Path png = temp.resolve(name + ".png");
        fx(() -> {
            stage.setScene(chart.getScene() != null ? chart.getScene() : new Scene(chart, width, height));
            chart.applyCss();
            chart.layout();
            ChartExport.png(chart, png);
            String dir = System.getProperty("kiseki.chartImages");
            if (dir != null && !dir.isBlank() && DOCUMENTED.contains(name)) {
                ChartExport.png(chart, Path.of(dir).resolve("charts-" + name + ".png"));
            }
            return null;
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "the PNG reads back");
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        return image;
    }

    private static int countColour(BufferedImage image, int rgb, int tolerance) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) <= tolerance
                        && Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255)) <= tolerance
                        && Math.abs((p & 255) - (rgb & 255)) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int countNonWhite(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Every text shown under {@code root}: labels (titles, axis labels, legend) and plain texts (tick labels). */
    private static Set<String> texts(Node root) {
        Set<String> out = new java.util.TreeSet<>();
        collectTexts(root, out);
        return out;
    }

    private static void collectTexts(Node node, Set<String> out) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null) {
            out.add(labeled.getText());
        } else if (node instanceof Text text) {
            out.add(text.getText());
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collectTexts(child, out);
            }
        }
    }

    private static boolean visibleText(Node root, String text) throws Exception {
        return fx(() -> texts(root).contains(text));
    }

    @Test
    void rmseChartDrawsBothPanelsOnLogAxesWithinThePointBudget() throws Exception {
        RmseChart chart = fx(() -> {
            RmseChart c = new RmseChart(ChartSamples.RMSE_LABELS, 400);
            ChartSamples.fillRmse(c, 3000, 7);
            return c;
        });
        BufferedImage image = render(chart, 1000, 420, "rmse");
        assertEquals(3000, chart.epochs());
        for (int drawn : fx(chart::drawnPoints)) {
            assertTrue(drawn <= 400 && drawn >= 200, "points drawn per curve within budget: " + drawn);
        }
        assertTrue(countColour(image, BLUE, 40) > 800, "training curves drawn in blue");
        assertTrue(countColour(image, VERMILLION, 40) > 800, "validation curves drawn in vermillion");
        // log axes: energy 0.9..61 meV/atom → decades 1 and 10 labelled; forces 0.045..0.65 → 0.1 labelled
        assertTrue(visibleText(chart, "Energy RMSE (meV/atom)"));
        assertTrue(visibleText(chart, "Force RMSE (eV/Å)"));
        assertTrue(visibleText(chart.energyChart(), "10"));
        assertTrue(visibleText(chart.energyChart(), "1"));
        assertTrue(visibleText(chart.forceChart(), "0.1"));
        LogAxis energyAxis = (LogAxis) chart.energyChart().getYAxis();
        double lower = fx(energyAxis::getLowerBound);
        double upper = fx(energyAxis::getUpperBound);
        assertTrue(lower > 0.5 && lower <= 0.9 && upper >= 60 && upper <= 100, lower + " .. " + upper);
    }

    @Test
    void rmseChartAddsThousandsOfEpochsQuickly() throws Exception {
        RmseChart chart = fx(() -> new RmseChart(ChartSamples.RMSE_LABELS));
        render(chart, 800, 400, "rmse-empty");
        long start = System.nanoTime();
        fx(() -> {
            ChartSamples.fillRmse(chart, 20_000, 3);
            chart.layout();
            return null;
        });
        double seconds = (System.nanoTime() - start) * 1e-9;
        assertTrue(seconds < 5, "20,000 epochs took " + seconds + " s");
        for (int drawn : fx(chart::drawnPoints)) {
            assertTrue(drawn <= RmseChart.DEFAULT_MAX_POINTS, "bounded: " + drawn);
        }
        assertEquals(20_000, chart.data().get(0).size(), "the full history is kept for export");
    }

    @Test
    void parityChartPaintsTensOfThousandsOfPointsWithTheDiagonalAndRmseInTheLegend() throws Exception {
        double[][] train = ChartSamples.parity(60_000, 1.2, 0.08, 1);
        double[][] valid = ChartSamples.parity(15_000, 1.2, 0.11, 2);
        ParityChart chart = fx(() -> {
            ParityChart c = new ParityChart(ChartSamples.PARITY_LABELS);
            c.setPoints("training", train[0], train[1]);
            c.setPoints("validation", valid[0], valid[1]);
            return c;
        });
        BufferedImage image = render(chart, 620, 620, "parity");
        assertEquals(75_000, chart.pointCount());
        double rmse = chart.rmse("training");
        assertEquals(ParityChart.rmse(train[0], train[1]), rmse, 0);
        assertTrue(rmse > 0.07 && rmse < 0.1, "rmse " + rmse);
        String legend = "training: RMSE " + ChartFormat.significant(rmse, 3) + " eV/Å (60000 values)";
        assertTrue(visibleText(chart, legend), "legend shows the RMSE: " + fx(() -> texts(chart)));
        // equal axes
        assertEquals(fx(() -> ((javafx.scene.chart.NumberAxis) chart.getXAxis()).getLowerBound()),
                fx(() -> ((javafx.scene.chart.NumberAxis) chart.getYAxis()).getLowerBound()));
        // translucent clouds: bluish (training) and orange (validation, painted on top) pixels
        assertTrue(countTinted(image, true) > 300, "training cloud painted: " + countTinted(image, true));
        assertTrue(countTinted(image, false) > 5000, "validation cloud painted: " + countTinted(image, false));
        // alone, the training cloud covers the diagonal band
        fx(() -> {
            chart.removeSet("validation");
            return null;
        });
        BufferedImage alone = render(chart, 620, 620, "parity-training-only");
        assertTrue(countTinted(alone, true) > 5000, "training cloud painted: " + countTinted(alone, true));
        assertEquals(0, countTinted(alone, false), "no validation points left");
    }

    /** Pixels clearly tinted blue (blue channel well above red) or orange (red well above blue). */
    private static int countTinted(BufferedImage image, boolean blue) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int r = (p >> 16) & 255;
                int b = p & 255;
                if (blue ? b > r + 60 : r > b + 60) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void curveChartShowsPairTermsWithAFixedRange() throws Exception {
        double[] r = ChartSamples.grid(0.8, 6.0, 400);
        CurveChart chart = fx(() -> {
            CurveChart c = new CurveChart("Δ pair terms", "r (Å)", "φ(r) (eV)");
            c.setCurve("Li–S", r, ChartSamples.pairTerm(r, 0.15, 1.6, 2.45));
            c.setCurve("P–S", r, ChartSamples.pairTerm(r, 0.4, 2.0, 2.05));
            c.setCurve("Li–Li", r, ChartSamples.pairTerm(r, 0.05, 1.2, 3.0));
            c.setYRange(-0.5, 1.5);
            return c;
        });
        BufferedImage image = render(chart, 760, 460, "pair-terms");
        assertTrue(countColour(image, BLUE, 40) > 300);
        assertTrue(countColour(image, VERMILLION, 40) > 300);
        assertTrue(visibleText(chart, "φ(r) (eV)"));
        assertTrue(visibleText(chart, "Li–S"));
        assertEquals(List.of("Li–S", "P–S", "Li–Li"), chart.curveNames());
        javafx.scene.chart.NumberAxis y = (javafx.scene.chart.NumberAxis) chart.getYAxis();
        assertEquals(-0.5, fx(y::getLowerBound));
        assertEquals(1.5, fx(y::getUpperBound));
        assertEquals(0.5, fx(y::getTickUnit));
        assertTrue(visibleText(chart, "-0.5") && visibleText(chart, "1.5"), "ticks on round values");
    }

    @Test
    void curveChartShowsRdfOfSeveralPairs() throws Exception {
        double[] r = ChartSamples.grid(0.0, 8.0, 400);
        CurveChart chart = fx(() -> {
            CurveChart c = new CurveChart("Radial distribution", "r (Å)", "g(r)");
            c.setCurve("Li–S", r, ChartSamples.rdf(r, 2.45, 0.12, 3.5));
            c.setCurve("P–S", r, ChartSamples.rdf(r, 2.05, 0.05, 14));
            c.setCurve("Li–Li", r, ChartSamples.rdf(r, 2.9, 0.25, 1.2));
            return c;
        });
        BufferedImage image = render(chart, 760, 460, "rdf");
        assertTrue(countColour(image, BLUE, 40) > 300);
        assertTrue(countNonWhite(image) > 10_000);
        assertEquals(3, chart.data().size());
        assertEquals(400, chart.data().get(0).size());
    }

    @Test
    void curveChartShowsMsdWithFitLinesOverTheFitWindow() throws Exception {
        double[] t = ChartSamples.grid(0, 50, 2001);
        double[] li = ChartSamples.msd(t, 0.12, 5);
        double[] s = ChartSamples.msd(t, 0.004, 6);
        CurveChart chart = fx(() -> {
            CurveChart c = new CurveChart("Mean squared displacement, 800 K", "t (ps)", "MSD (Å²)");
            c.setCurve("Li", t, li);
            c.setCurve("S", t, s);
            c.setFitLine("Li", 6 * 0.12, 1.2, 10, 40);
            c.setFitLine("S", 6 * 0.004, 1.2, 10, 40);
            return c;
        });
        BufferedImage image = render(chart, 760, 460, "msd");
        long fitLines = fx(() -> chart.lookupAll(".kiseki-guide-line").size());
        assertEquals(2, fitLines);
        assertTrue(countColour(image, 0x1A1A1A, 30) > 100, "dark dashed fit lines drawn");
        assertEquals(2001, chart.data().get(0).size(), "whole curves are exported in full");
    }

    @Test
    void curveChartKeepsLiveSeriesBounded() throws Exception {
        CurveChart chart = fx(() -> new CurveChart("NVT, 800 K", "t (ps)", "T (K)"));
        render(chart, 760, 400, "temperature-empty");
        java.util.Random random = new java.util.Random(11);
        fx(() -> {
            chart.setMaxLivePoints(1500);
            double temperature = 300;
            for (int step = 0; step <= 100_000; step++) {
                temperature += (800 - temperature) * 0.0008 + 2.0 * random.nextGaussian();
                chart.append("temperature", step * 0.002, temperature);
            }
            return null;
        });
        BufferedImage image = render(chart, 760, 400, "temperature");
        int drawn = fx(() -> chart.drawnPoints("temperature"));
        assertTrue(drawn <= 1500 && drawn > 700, "bounded live curve: " + drawn);
        DataSeries data = chart.data().get(0);
        double[] drawnX = fx(() -> ((javafx.scene.chart.XYChart.Series<Number, Number>) chart.getData().get(0))
                .getData().stream().mapToDouble(d -> d.getXValue().doubleValue()).toArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(data.x(), drawnX, "the chart mirrors the kept points");
        assertEquals(0.0, data.x()[0], "first point kept");
        assertEquals(200.0, data.x()[data.size() - 1], 1e-9, "latest point kept");
        assertTrue(countColour(image, BLUE, 40) > 500);
    }

    @Test
    void arrheniusChartShowsFitExtrapolationErrorBarsExperimentAndTextBox() throws Exception {
        double[] kelvin = {500, 600, 700, 800, 900, 1000};
        double[] sigma = new double[kelvin.length];
        double[] error = new double[kelvin.length];
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < kelvin.length; i++) {
            double sigmaT = 2.0e3 * Math.exp(-0.22 / (8.617333262e-5 * kelvin[i])); // S·K/cm
            sigma[i] = sigmaT / kelvin[i] * (1 + 0.08 * random.nextGaussian());
            error[i] = 0.15 * sigma[i];
        }
        ArrheniusChart chart = fx(() -> {
            ArrheniusChart c = new ArrheniusChart(ChartSamples.ARRHENIUS_LABELS);
            c.setData(kelvin, sigma, error);
            c.setShowQuadratic(true);
            c.setExperimental("experiment (Kamaya 2011)", new double[] {298.15, 373, 423},
                    new double[] {1.2e-2, 3.5e-2, 6.5e-2});
            return c;
        });
        BufferedImage image = render(chart, 760, 520, "arrhenius");
        Arrhenius fit = chart.fit();
        assertEquals(new Arrhenius(kelvin, sigma).activationEnergyEv(), fit.activationEnergyEv(), 1e-12);
        String box = fx(() -> chart.annotationLabel().getText());
        assertEquals(String.format(java.util.Locale.ROOT, "Eₐ = %.3f ± %.3f eV%nσ(298.15 K) = %s S/cm",
                fit.activationEnergyEv(), fit.activationEnergyErrorEv(),
                ChartFormat.significant(fit.sigmaLinear(298.15), 3)).replace(System.lineSeparator(), "\n"), box);
        assertTrue(fx(() -> chart.annotationLabel().isVisible()));
        // the text box lies inside the plot area, in its top-right corner
        javafx.geometry.Bounds plot = fx(chart::plotAreaBounds);
        javafx.geometry.Bounds label = fx(() -> chart.annotationLabel().getBoundsInParent());
        javafx.geometry.Bounds labelInChart = fx(() -> chart.sceneToLocal(
                chart.annotationLabel().localToScene(chart.annotationLabel().getLayoutBounds())));
        assertTrue(plot.contains(labelInChart), plot + " should contain " + labelInChart + " / " + label);
        assertTrue(labelInChart.getMaxX() > plot.getMaxX() - 20 && labelInChart.getMinY() < plot.getMinY() + 20);
        // every x from 1000/T of the data to 1000/298.15 is inside the axis range
        double xUpper = fx(() -> ((javafx.scene.chart.NumberAxis) chart.getXAxis()).getUpperBound());
        assertTrue(xUpper >= 1000 / 298.15, "room temperature visible: " + xUpper);
        assertTrue(fx(() -> chart.lookupAll(".kiseki-error-bars").size()) == 1);
        assertTrue(countColour(image, BLUE, 40) > 150, "data points");
        assertTrue(countColour(image, VERMILLION, 40) > 150, "fit line");
        assertTrue(visibleText(chart, "experiment (Kamaya 2011)"));
        assertTrue(visibleText(chart, "298.15 K (extrapolated)"));
    }

    @Test
    void arrheniusLegendLeavesOutElementsThatAreNotShown() throws Exception {
        ArrheniusChart chart = fx(() -> {
            ArrheniusChart c = new ArrheniusChart(ChartSamples.ARRHENIUS_LABELS);
            c.setData(new double[] {600, 800}, new double[] {1e-2, 5e-2}, null);
            return c;
        });
        render(chart, 600, 450, "arrhenius-two-points");
        assertFalse(visibleText(chart, "quadratic fit"));
        assertTrue(visibleText(chart, "Arrhenius fit"));
        assertTrue(fx(() -> chart.annotationLabel().getText()).startsWith("Eₐ = "));
        assertTrue(fx(() -> chart.annotationLabel().getText()).contains("± — eV"), "no error from two points");
        assertTrue(fx(() -> chart.lookupAll(".kiseki-error-bars").isEmpty()));
    }

    @Test
    void arrheniusChartExtrapolatesToAChosenTemperature() throws Exception {
        ArrheniusChart.Labels labels = new ArrheniusChart.Labels("", "1000/T (1/K)", "log₁₀ σ (S/cm)", "MD",
                "Arrhenius fit", "quadratic fit", "σ({0} K)", "Eₐ = {0} ± {1} eV", "σ({1} K) = {0} S/cm");
        double[] kelvin = {600, 800, 1000};
        double[] sigma = {0.01, 0.04, 0.09};
        ArrheniusChart chart = fx(() -> {
            ArrheniusChart c = new ArrheniusChart(labels);
            c.setData(kelvin, sigma, new double[] {0.001, Double.NaN, 0.002});
            return c;
        });
        Arrhenius fit = new Arrhenius(kelvin, sigma);
        assertEquals(ArrheniusChart.ROOM_TEMPERATURE_K, chart.getExtrapolationTemperature());
        assertTrue(fx(chart::annotationText).endsWith("\nσ(298.15 K) = "
                + ChartFormat.significant(fit.sigmaLinear(298.15), 3) + " S/cm"));

        fx(() -> {
            chart.setExtrapolationTemperature(350);
            return null;
        });
        render(chart, 600, 450, "arrhenius-350K");
        DataSeries point = extrapolated(chart);
        assertEquals("σ(350 K)", point.name());
        assertEquals(1000 / 350.0, point.x()[0], 1e-12);
        assertEquals(Math.log10(fit.sigmaLinear(350)), point.y()[0], 1e-12);
        assertTrue(visibleText(chart, "σ(350 K)"), "legend names the temperature");
        assertTrue(fx(chart::annotationText).endsWith("\nσ(350 K) = " + ChartFormat.significant(fit.sigmaLinear(350),
                3) + " S/cm"));
        DataSeries line = fx(() -> chart.data()).stream().filter(d -> d.name().equals("Arrhenius fit")).findFirst()
                .orElseThrow();
        assertEquals(1.0, line.x()[0], 1e-12, "the fit line starts at the hottest point");
        assertEquals(1000 / 350.0, line.x()[line.size() - 1], 1e-12, "and reaches the extrapolated point");
        // an unknown error (NaN) draws no bar; the other two points have theirs
        assertEquals(2, fx(() -> ((javafx.scene.shape.Path) chart.lookup(".kiseki-error-bars")).getElements().size())
                / 6);

        // hotter than every run: the line reaches out to the left instead
        fx(() -> {
            chart.setExtrapolationTemperature(1250);
            return null;
        });
        line = fx(() -> chart.data()).stream().filter(d -> d.name().equals("Arrhenius fit")).findFirst().orElseThrow();
        assertEquals(0.8, line.x()[0], 1e-12);
        assertEquals(1000 / 600.0, line.x()[line.size() - 1], 1e-12);
        assertEquals("σ(1250 K)", extrapolated(chart).name());
        double xLower = fx(() -> ((javafx.scene.chart.NumberAxis) chart.getXAxis()).getLowerBound());
        assertTrue(xLower <= 0.8, "the extrapolated point is inside the plot: " + xLower);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> chart.setExtrapolationTemperature(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> chart.setExtrapolationTemperature(Double.NaN));
        assertEquals(1250, chart.getExtrapolationTemperature());
    }

    private static DataSeries extrapolated(ArrheniusChart chart) throws Exception {
        return fx(() -> chart.data()).stream().filter(d -> d.name().startsWith("σ(")).findFirst().orElseThrow();
    }

    @Test
    void logAxisPlacesDecadesEvenly() throws Exception {
        LogAxis axis = fx(() -> {
            LogAxis a = new LogAxis("y", 0.01, 100);
            a.setSide(javafx.geometry.Side.BOTTOM);
            a.resize(400, 30);
            return a;
        });
        assertEquals(0, fx(() -> axis.getDisplayPosition(0.01)), 1e-9);
        assertEquals(200, fx(() -> axis.getDisplayPosition(1)), 1e-9);
        assertEquals(300, fx(() -> axis.getDisplayPosition(10)), 1e-9);
        assertEquals(100 * Math.log10(2) + 200, fx(() -> axis.getDisplayPosition(2)), 1e-9);
        assertEquals(10.0, fx(() -> axis.getValueForDisplay(300).doubleValue()), 1e-12);
        assertEquals(-300, fx(() -> axis.getDisplayPosition(0)), 1e-9, "zero is drawn 3 decades below the axis");
        LogAxis vertical = fx(() -> {
            LogAxis a = new LogAxis("y", 1, 1000);
            a.setSide(javafx.geometry.Side.LEFT);
            a.resize(40, 300);
            return a;
        });
        assertEquals(300, fx(() -> vertical.getDisplayPosition(1)), 1e-9);
        assertEquals(100, fx(() -> vertical.getDisplayPosition(100)), 1e-9);
        assertTrue(fx(() -> vertical.isValueOnAxis(1000)));
        assertFalse(fx(() -> vertical.isValueOnAxis(-1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new LogAxis("y", 0, 1));
    }

    @Test
    void labelsComeFromTheCallersResourceBundle() throws Exception {
        java.util.ResourceBundle bundle = new java.util.ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return new Object[][] {
                    {"fit.title", "イオン伝導度"}, {"fit.xAxis", "1000/T (1/K)"}, {"fit.yAxis", "log₁₀ σ (S/cm)"},
                    {"fit.data", "MD"}, {"fit.linearFit", "直線フィット"}, {"fit.quadraticFit", "二次フィット"},
                    {"fit.extrapolated", "298.15 K (外挿)"}, {"fit.activationEnergyPattern", "活性化エネルギー {0} ± {1} eV"},
                    {"fit.roomSigmaPattern", "σ(298.15 K) = {0} S/cm"},
                    {"rmse.energyTitle", "エネルギー"}, {"rmse.forceTitle", "力"}, {"rmse.epochAxis", "エポック"},
                    {"rmse.energyAxis", "E RMSE (meV/atom)"}, {"rmse.forceAxis", "F RMSE (eV/Å)"},
                    {"rmse.train", "訓練"}, {"rmse.valid", "検証"},
                    {"parity.title", "力"}, {"parity.referenceAxis", "DFT"}, {"parity.predictedAxis", "NNP"},
                    {"parity.legendPattern", "{0} RMSE {1}"}};
            }
        };
        ArrheniusChart arrhenius = fx(() -> {
            ArrheniusChart c = new ArrheniusChart(ArrheniusChart.Labels.fromBundle(bundle, "fit"));
            c.setData(new double[] {600, 700, 800}, new double[] {0.01, 0.03, 0.06}, null);
            return c;
        });
        render(arrhenius, 600, 450, "arrhenius-bundle");
        assertTrue(visibleText(arrhenius, "イオン伝導度"));
        assertTrue(visibleText(arrhenius, "直線フィット"));
        assertTrue(fx(() -> arrhenius.annotationLabel().getText()).startsWith("活性化エネルギー "));
        RmseChart rmse = fx(() -> new RmseChart(RmseChart.Labels.fromBundle(bundle, "rmse")));
        fx(() -> {
            rmse.addEpoch(1, 10, Double.NaN, 0.5, Double.NaN);
            rmse.addEpoch(2, 5, Double.NaN, 0.3, Double.NaN);
            return null;
        });
        render(rmse, 800, 400, "rmse-bundle");
        assertTrue(visibleText(rmse, "エポック") && visibleText(rmse, "訓練") && visibleText(rmse, "検証"));
        assertEquals(0, fx(rmse::drawnPoints)[1], "NaN validation values are not drawn");
        assertEquals("エポック,E RMSE (meV/atom) [訓練],E RMSE (meV/atom) [検証],F RMSE (eV/Å) [訓練],"
                + "F RMSE (eV/Å) [検証]\n1,10,,0.5,\n2,5,,0.3,\n", ChartExport.csvText(rmse.data(), "エポック"));
        ParityChart parity = fx(() -> new ParityChart(ParityChart.Labels.fromBundle(bundle, "parity")));
        fx(() -> parity.setPoints("訓練", new double[] {0, 1}, new double[] {0, 1.5}));
        render(parity, 500, 500, "parity-bundle");
        assertTrue(visibleText(parity, "訓練 RMSE 0.354"));
    }

    @Test
    void chartCsvExportsUseTheChartsOwnNumbers() throws Exception {
        ParityChart parity = fx(() -> {
            ParityChart c = new ParityChart(ChartSamples.PARITY_LABELS);
            c.setPoints("train", new double[] {1, 2, Double.NaN}, new double[] {1.5, 2, 7});
            c.setPoints("valid", new double[] {3}, new double[] {2.5});
            return c;
        });
        Path csv = temp.resolve("parity.csv");
        parity.exportCsv(csv);
        assertEquals("DFT force (eV/Å) [train],NNP force (eV/Å) [train],DFT force (eV/Å) [valid],"
                + "NNP force (eV/Å) [valid]\n1,1.5,3,2.5\n2,2,,\n", Files.readString(csv));
        CurveChart curves = fx(() -> {
            CurveChart c = new CurveChart("", "t (ps)", "MSD (Å²)");
            c.setCurve("Li", new double[] {0, 1, 2}, new double[] {0, 0.5, 1.25});
            c.append("live", 1, 7);
            return c;
        });
        Path curveCsv = temp.resolve("msd.csv");
        curves.exportCsv(curveCsv);
        assertEquals("t (ps),Li,live\n0,0,\n1,0.5,7\n2,1.25,\n", Files.readString(curveCsv));
    }

    @Test
    void pngExportIsScaledOnRequest() throws Exception {
        CurveChart chart = fx(() -> {
            CurveChart c = new CurveChart("", "x", "y");
            c.setCurve("line", new double[] {0, 1, 2}, new double[] {0, 1, 4});
            return c;
        });
        render(chart, 400, 300, "scaled-source");
        Path png = temp.resolve("double.png");
        fx(() -> {
            ChartExport.png(chart, png, 2.0);
            return null;
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
        assertTrue(countColour(image, BLUE, 40) > 300);
        try (var files = Files.list(temp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void pngExportRefusesTheWrongThread() {
        CurveChart chart = new CurveChart("", "x", "y");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ChartExport.png(chart, temp.resolve("x.png")));
    }

}
