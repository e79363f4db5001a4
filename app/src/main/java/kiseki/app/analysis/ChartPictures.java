package kiseki.app.analysis;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import kiseki.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * PNG pictures of the tab's plots: the chart is rendered on the FX thread ({@link #snapshot}) and the file written
 * atomically from any thread ({@link #write}). To be replaced by {@code kiseki.app.charts.ChartExport} once that is
 * on main.
 */
final class ChartPictures {

    private ChartPictures() {
    }

    /** The node as pixels on a white background, ARGB rows (call on the FX thread). */
    static BufferedImage snapshot(Node node) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("chart pictures must be taken on the JavaFX application thread");
        }
        SnapshotParameters parameters = new SnapshotParameters();
        parameters.setFill(Color.WHITE);
        WritableImage image = node.snapshot(parameters, null);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(0, 0, width, height, argb, 0, width);
        return picture;
    }

    /** Writes the picture as PNG, replacing {@code target} atomically. */
    static void write(BufferedImage picture, Path target) throws IOException {
        AtomicFiles.writeBytes(target, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new IOException("no PNG writer is available in this Java runtime");
            }
        });
    }
}
