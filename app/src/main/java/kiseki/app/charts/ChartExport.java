package kiseki.app.charts;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import kiseki.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Saving charts: a PNG picture of any node, and CSV files of the numbers behind a chart. Files are replaced
 * atomically ({@link AtomicFiles}), so a crash never leaves half a file.
 */
public final class ChartExport {

    private ChartExport() {
    }

    // ---- PNG ------------------------------------------------------------------------------------------------------

    /** Saves a picture of {@code node} at its on-screen size, on a white background. Call on the FX thread. */
    public static void png(Node node, Path target) throws IOException {
        png(node, target, 1.0);
    }

    /**
     * Saves a picture of {@code node} magnified by {@code scale} (2 gives a sharp figure for print), on a white
     * background. Call on the FX thread.
     */
    public static void png(Node node, Path target, double scale) throws IOException {
        WritableImage image = snapshot(node, scale);
        BufferedImage picture = toBufferedImage(image);
        AtomicFiles.writeBytes(target, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new IOException("no PNG writer is available in this Java runtime");
            }
        });
    }

    /** The node rendered into an image, magnified by {@code scale}, on white. Call on the FX thread. */
    public static WritableImage snapshot(Node node, double scale) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("chart pictures must be taken on the JavaFX application thread");
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("picture scale must be positive, got " + scale);
        }
        SnapshotParameters parameters = new SnapshotParameters();
        parameters.setFill(Color.WHITE);
        if (scale != 1.0) {
            parameters.setTransform(Transform.scale(scale, scale));
        }
        return node.snapshot(parameters, null);
    }

    static BufferedImage toBufferedImage(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(0, 0, width, height, argb, 0, width);
        return picture;
    }

    // ---- CSV ------------------------------------------------------------------------------------------------------

    /**
     * Writes series side by side, joined on x: the first column is x (header {@code xHeader}), then one column per
     * series headed by its name. Rows run over the distinct x values in ascending order; a series without a value at
     * some x leaves its cell empty (as do NaN values). Series that share the same x grid (RDF pairs, train/valid
     * per epoch) therefore give one plain table.
     */
    public static void csv(List<DataSeries> series, String xHeader, Path target) throws IOException {
        String text = csvText(series, xHeader);
        AtomicFiles.writeString(target, text);
    }

    /** The text {@link #csv(List, String, Path)} writes. */
    public static String csvText(List<DataSeries> series, String xHeader) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        header.add(xHeader);
        for (DataSeries s : series) {
            header.add(s.name());
        }
        appendRow(out, header);
        int count = series.size();
        int[][] order = new int[count][];
        for (int k = 0; k < count; k++) {
            order[k] = sortedFiniteX(series.get(k));
        }
        int[] next = new int[count];
        String[] cells = new String[count + 1];
        while (true) {
            double rowX = Double.POSITIVE_INFINITY;
            for (int k = 0; k < count; k++) {
                if (next[k] < order[k].length) {
                    rowX = Math.min(rowX, series.get(k).xAt(order[k][next[k]]));
                }
            }
            if (rowX == Double.POSITIVE_INFINITY) {
                break;
            }
            cells[0] = number(rowX);
            for (int k = 0; k < count; k++) {
                // one value per series per row: repeated x values in a series give repeated rows
                if (next[k] < order[k].length && series.get(k).xAt(order[k][next[k]]) == rowX) {
                    cells[k + 1] = number(series.get(k).yAt(order[k][next[k]]));
                    next[k]++;
                } else {
                    cells[k + 1] = "";
                }
            }
            appendRow(out, Arrays.asList(cells));
        }
        return out.toString();
    }

    /**
     * Writes columns of possibly different lengths side by side under the given headers (a shorter column leaves its
     * cells empty below its end): for data that are not functions of one x, such as the point clouds of a parity
     * plot.
     */
    public static void csvColumns(List<String> header, List<double[]> columns, Path target) throws IOException {
        AtomicFiles.writeString(target, csvColumnsText(header, columns));
    }

    /** The text {@link #csvColumns(List, List, Path)} writes. */
    public static String csvColumnsText(List<String> header, List<double[]> columns) {
        if (header.size() != columns.size()) {
            throw new IllegalArgumentException(header.size() + " headers for " + columns.size() + " columns");
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header);
        int rows = 0;
        for (double[] c : columns) {
            rows = Math.max(rows, c.length);
        }
        String[] cells = new String[columns.size()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cells.length; c++) {
                double[] column = columns.get(c);
                cells[c] = r < column.length ? number(column[r]) : "";
            }
            appendRow(out, Arrays.asList(cells));
        }
        return out.toString();
    }

    private static int[] sortedFiniteX(DataSeries s) {
        return java.util.stream.IntStream.range(0, s.size()).filter(i -> !Double.isNaN(s.xAt(i))).boxed()
                .sorted((a, b) -> Double.compare(s.xAt(a), s.xAt(b))).mapToInt(Integer::intValue).toArray();
    }

    /** A CSV column name for one quantity of one data set: "quantity [set]" (both texts from the caller). */
    public static String columnName(String quantity, String set) {
        return quantity + " [" + set + "]";
    }

    /** Shortest text that reads back to the same double; whole numbers without ".0"; NaN as an empty cell. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static void appendRow(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append('\n');
    }

    /** RFC 4180 quoting for cells holding a comma, quote or line break. */
    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
