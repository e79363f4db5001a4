package kiseki.app.md;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * Plays a {@link Trajectory} into a {@link FrameSink}: the frame shown, play/pause, speed (frames per second) and
 * looping. Time comes from outside through {@link #tick(long)} (an AnimationTimer in the view, plain numbers in
 * tests), so the player runs without the FX toolkit. Changed on the UI thread only.
 */
public final class TrajectoryPlayer {

    public static final double DEFAULT_FPS = 10;
    public static final double MIN_FPS = 0.5;
    public static final double MAX_FPS = 120;

    private final ReadOnlyObjectWrapper<Trajectory> trajectory = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper frameCount = new ReadOnlyIntegerWrapper();
    private final IntegerProperty frame = new SimpleIntegerProperty();
    private final BooleanProperty playing = new SimpleBooleanProperty();
    private final DoubleProperty speed = new SimpleDoubleProperty(DEFAULT_FPS);
    private final BooleanProperty loop = new SimpleBooleanProperty(true);
    private FrameSink sink;
    /** Time of the previous tick (ns), or -1 when the next tick only starts the clock. */
    private long lastTick = -1;
    /** Frames owed to the clock but not yet shown (fraction of a frame). */
    private double pending;

    public TrajectoryPlayer() {
        frame.addListener((o, before, now) -> {
            int i = now.intValue();
            int clamped = clamp(i);
            if (clamped != i) {
                frame.set(clamped);
                return;
            }
            show();
        });
        speed.addListener((o, before, now) -> {
            double v = now.doubleValue();
            if (!(v >= MIN_FPS)) {
                speed.set(MIN_FPS);
            } else if (v > MAX_FPS) {
                speed.set(MAX_FPS);
            }
        });
        playing.addListener((o, before, now) -> {
            lastTick = -1;
            pending = 0;
            if (now && frameCount.get() < 2) {
                playing.set(false);
            }
        });
    }

    /** Where frames go (the 3D viewer); the current frame is shown at once. */
    public void setSink(FrameSink sink) {
        this.sink = sink;
        Trajectory t = trajectory.get();
        if (sink != null && t != null) {
            sink.setStructure(t.structure().copy());
            show();
        }
    }

    /** Starts showing {@code t} at its first frame (paused); null clears the player. */
    public void setTrajectory(Trajectory t) {
        playing.set(false);
        trajectory.set(t);
        frameCount.set(t == null ? 0 : t.frameCount());
        if (t != null && sink != null) {
            sink.setStructure(t.structure().copy());
        }
        if (frame.get() == 0) {
            show();
        } else {
            frame.set(0);
        }
    }

    public ReadOnlyObjectProperty<Trajectory> trajectoryProperty() {
        return trajectory.getReadOnlyProperty();
    }

    public Trajectory trajectory() {
        return trajectory.get();
    }

    public ReadOnlyIntegerProperty frameCountProperty() {
        return frameCount.getReadOnlyProperty();
    }

    /** Index of the frame shown (0-based); setting it (slider) shows that frame. */
    public IntegerProperty frameProperty() {
        return frame;
    }

    public int frame() {
        return frame.get();
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public boolean isPlaying() {
        return playing.get();
    }

    /** Playback speed in frames per second ({@value #MIN_FPS} to {@value #MAX_FPS}). */
    public DoubleProperty speedProperty() {
        return speed;
    }

    /** Whether playback starts again at the first frame after the last (else it pauses there). */
    public BooleanProperty loopProperty() {
        return loop;
    }

    /** The positions of the frame shown (null without a trajectory). */
    public double[] positions() {
        Trajectory t = trajectory.get();
        return t == null ? null : t.positions().get(frame.get());
    }

    public void play() {
        if (!loop.get() && frame.get() == frameCount.get() - 1) {
            frame.set(0); // at the end without looping, play means play again
        }
        playing.set(true);
    }

    public void pause() {
        playing.set(false);
    }

    public void togglePlaying() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    public void next() {
        step(1);
    }

    public void previous() {
        step(-1);
    }

    public void first() {
        frame.set(0);
    }

    public void last() {
        frame.set(Math.max(0, frameCount.get() - 1));
    }

    /**
     * Advances playback to the clock time {@code nowNanos} (monotonic, as AnimationTimer gives it): one frame per
     * 1/speed seconds since the previous tick. The first tick after play only starts the clock.
     */
    public void tick(long nowNanos) {
        if (!playing.get()) {
            return;
        }
        if (lastTick < 0) {
            lastTick = nowNanos;
            return;
        }
        pending += (nowNanos - lastTick) * 1e-9 * speed.get();
        lastTick = nowNanos;
        // a whole frame owed up to rounding (0.05 s × 20 fps) counts as whole
        int advance = (int) Math.min(Math.floor(pending + 1e-9), Integer.MAX_VALUE);
        if (advance < 1) {
            return;
        }
        pending -= advance;
        int count = frameCount.get();
        long target = (long) frame.get() + advance;
        if (target < count) {
            frame.set((int) target);
        } else if (loop.get()) {
            frame.set((int) (target % count));
        } else {
            frame.set(count - 1);
            playing.set(false);
        }
    }

    private void step(int delta) {
        int count = frameCount.get();
        if (count == 0) {
            return;
        }
        pause();
        frame.set(Math.floorMod(frame.get() + delta, count));
    }

    private int clamp(int i) {
        int count = frameCount.get();
        return count == 0 ? 0 : Math.max(0, Math.min(count - 1, i));
    }

    private void show() {
        Trajectory t = trajectory.get();
        if (sink != null && t != null) {
            sink.updatePositions(t.positions().get(frame.get()));
        }
    }
}
