package kiseki.app.viewer;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import kiseki.io.AtomicFiles;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Draws a structure file with {@link StructureViewer} in a window and saves the picture as PNG, for documentation
 * screenshots; optionally times trajectory-style position updates with real rendering. Needs a display with OpenGL:
 * on a machine without one run it under Xvfb with Mesa's software OpenGL (see docs/viewer.md):
 *
 * <pre>
 * xvfb-run -a -s "-screen 0 1600x1000x24" java -Dprism.order=es2 -Dprism.forceGPU=true ... \
 *     kiseki.app.viewer.ViewerSnapshot STRUCTURE OUT.png [--size 1200x800] [--repeat 2x2x1] [--select 7]
 *     [--rotate DX,DY] [--time-updates FRAMES]
 * </pre>
 */
public final class ViewerSnapshot {

    /** A developer tool for documentation pictures: its window title is not translated. */
    private static final String WINDOW_TITLE = "Kiseki viewer snapshot";


    private ViewerSnapshot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ViewerSnapshot STRUCTURE OUT.png [--size WxH] [--repeat AxBxC] [--select ATOM]"
                    + " [--rotate DX,DY] [--time-updates FRAMES]");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int width = 1200;
        int height = 800;
        int[] repeat = {1, 1, 1};
        int select = -1;
        double[] rotate = {0, 0};
        int timedFrames = 0;
        for (int k = 2; k < args.length; k++) {
            String value = k + 1 < args.length ? args[k + 1] : "";
            switch (args[k]) {
                case "--size" -> {
                    String[] wh = value.split("x");
                    width = Integer.parseInt(wh[0]);
                    height = Integer.parseInt(wh[1]);
                }
                case "--repeat" -> repeat = Supercells.parseSize(value);
                case "--select" -> select = Integer.parseInt(value) - 1;
                case "--rotate" -> {
                    String[] d = value.split(",");
                    rotate = new double[] {Double.parseDouble(d[0]), Double.parseDouble(d[1])};
                }
                case "--time-updates" -> timedFrames = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[k]);
            }
            k++;
        }
        Structure structure = StructureFormats.forPath(input)
                .orElseThrow(() -> new IllegalArgumentException("unknown structure format: " + input))
                .readFirst(input, ReadOptions.DEFAULT).structure();
        if (repeat[0] * repeat[1] * repeat[2] > 1) {
            structure = Supercells.repeat(structure, repeat[0], repeat[1], repeat[2]);
        }

        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Structure shown = structure;
        int w = width;
        int h = height;
        int pick = select;
        double[] turn = rotate;
        int frames = timedFrames;
        Platform.startup(() -> {
            try {
                StructureViewer viewer = new StructureViewer();
                System.out.println("3D supported: " + viewer.isShowing3D());
                Stage stage = new Stage();
                stage.setScene(new Scene(viewer, w, h));
                stage.setTitle(WINDOW_TITLE);
                long t0 = System.nanoTime();
                viewer.setStructure(shown);
                System.out.printf(Locale.ROOT, "setStructure: %d atoms, %d bonds, %.1f ms%n", shown.size(),
                        viewer.geometry().bonds().size(), (System.nanoTime() - t0) / 1e6);
                viewer.rotate(turn[0], turn[1]);
                viewer.select(pick);
                stage.show();
                afterPulses(frames > 0 ? 3 : 5, () -> {
                    if (frames > 0) {
                        timeUpdates(viewer, shown, frames, () -> save(viewer, output, failure, done));
                    } else {
                        save(viewer, output, failure, done);
                    }
                });
            } catch (Throwable t) {
                failure.set(t);
                done.countDown();
            }
        });
        done.await();
        Platform.exit();
        if (failure.get() != null) {
            failure.get().printStackTrace();
            System.exit(1);
        }
        System.out.println("wrote " + output.toAbsolutePath());
    }

    private static void save(StructureViewer viewer, Path output, AtomicReference<Throwable> failure,
            CountDownLatch done) {
        try {
            writePng(viewer.snapshot(), output);
        } catch (Throwable t) {
            failure.set(t);
        }
        done.countDown();
    }

    /** Runs {@code then} after {@code pulses} rendered frames. */
    private static void afterPulses(int pulses, Runnable then) {
        new AnimationTimer() {
            int seen;

            @Override
            public void handle(long now) {
                if (++seen >= pulses) {
                    stop();
                    then.run();
                }
            }
        }.start();
    }

    /** Moves every atom by a small random step each frame, as a trajectory player would, and reports the times. */
    private static void timeUpdates(StructureViewer viewer, Structure s, int frames, Runnable then) {
        double[] base = s.positions().clone();
        double[] frame = new double[base.length];
        Random random = new Random(1);
        new AnimationTimer() {
            int count;
            long first;
            long updateNanos;

            @Override
            public void handle(long now) {
                if (count == 0) {
                    first = now;
                }
                if (count == frames) {
                    stop();
                    System.out.printf(Locale.ROOT,
                            "updatePositions: %.2f ms per frame (mean of %d); rendered frame interval %.1f ms%n",
                            updateNanos / 1e6 / frames, frames, (now - first) / 1e6 / frames);
                    viewer.updatePositions(base);
                    afterPulses(2, then);
                    return;
                }
                for (int i = 0; i < base.length; i++) {
                    frame[i] = base[i] + 0.15 * random.nextGaussian();
                }
                long t0 = System.nanoTime();
                viewer.updatePositions(frame);
                updateNanos += System.nanoTime() - t0;
                count++;
            }
        }.start();
    }

    /** Saves a JavaFX image as PNG (atomically). */
    public static void writePng(WritableImage image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        AtomicFiles.writeBytes(file, stream -> {
            if (!ImageIO.write(out, "png", stream)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }
}
