package kiseki.app.md;

import kiseki.io.StructureFormats;
import kiseki.io.WriteOptions;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trajectory player without a screen: frames into the sink, play/pause, speed, looping, reading files. */
class TrajectoryPlayerTest {

    private static final long MS = 1_000_000L;

    /** Records what the player sends. */
    private static final class Sink implements FrameSink {
        final List<Structure> structures = new ArrayList<>();
        final List<double[]> positions = new ArrayList<>();

        @Override
        public void setStructure(Structure structure) {
            structures.add(structure);
        }

        @Override
        public void updatePositions(double[] p) {
            positions.add(p);
        }

        double[] last() {
            return positions.get(positions.size() - 1);
        }
    }

    /** Two Li atoms; in frame i atom 0 sits at x = i / 10 Å. */
    private static Structure pair(double x) {
        Element li = PeriodicTable.require("Li");
        return new Structure(Lattice.orthorhombic(5, 5, 5), new Element[] {li, li},
                new double[] {x, 0, 0, 2.5, 2.5, 2.5});
    }

    private static Trajectory synthetic(int frames) {
        List<double[]> positions = new ArrayList<>();
        long[] steps = new long[frames];
        double[] times = new double[frames];
        for (int i = 0; i < frames; i++) {
            positions.add(pair(i / 10.0).positions());
            steps[i] = 10L * i;
            times[i] = 5.0 * i;
        }
        return new Trajectory(pair(0), positions, steps, times, 1);
    }

    @Test
    void framesGoToTheSinkByIndexSliderAndSteps() {
        TrajectoryPlayer player = new TrajectoryPlayer();
        Sink sink = new Sink();
        player.setSink(sink);
        assertNull(player.positions());
        Trajectory t = synthetic(6);
        player.setTrajectory(t);
        assertEquals(6, player.frameCountProperty().get());
        assertEquals(1, sink.structures.size());
        assertEquals(2, sink.structures.get(0).size());
        assertSame(t.positions().get(0), sink.last(), "the packed frame array itself, no copy");
        player.frameProperty().set(3);
        assertSame(t.positions().get(3), sink.last());
        assertEquals(0.3, sink.last()[0], 1e-12);
        player.frameProperty().set(99);
        assertEquals(5, player.frame(), "clamped to the last frame");
        player.frameProperty().set(-4);
        assertEquals(0, player.frame());
        player.previous();
        assertEquals(5, player.frame(), "previous from the first wraps to the last");
        player.next();
        assertEquals(0, player.frame());
        player.last();
        assertEquals(5, player.frame());
        player.first();
        assertEquals(0, player.frame());
        assertArrayEquals(t.positions().get(0), player.positions());
        // a sink attached later gets the structure and the current frame at once
        Sink late = new Sink();
        player.frameProperty().set(2);
        player.setSink(late);
        assertEquals(1, late.structures.size());
        assertSame(t.positions().get(2), late.last());
    }

    @Test
    void playAdvancesAtTheChosenSpeedPausesAndLoops() {
        TrajectoryPlayer player = new TrajectoryPlayer();
        Sink sink = new Sink();
        player.setSink(sink);
        player.setTrajectory(synthetic(6));
        player.tick(0);
        assertEquals(0, player.frame(), "paused: ticks do nothing");
        player.speedProperty().set(10); // frames per second
        player.play();
        assertTrue(player.isPlaying());
        player.tick(1000 * MS);
        assertEquals(0, player.frame(), "the first tick only starts the clock");
        player.tick(1250 * MS); // 2.5 frames
        assertEquals(2, player.frame());
        player.tick(1300 * MS); // 0.5 left over + 0.5
        assertEquals(3, player.frame());
        player.speedProperty().set(20);
        player.tick(1400 * MS); // 2 frames
        assertEquals(5, player.frame());
        player.tick(1450 * MS); // 1 frame, past the end: loops
        assertEquals(0, player.frame());
        assertTrue(player.isPlaying());
        player.pause();
        player.tick(5000 * MS);
        assertEquals(0, player.frame());
        // after a pause the clock starts again: the time paused is not played
        player.togglePlaying();
        player.tick(6000 * MS);
        player.tick(6050 * MS);
        assertEquals(1, player.frame());

        player.loopProperty().set(false);
        player.tick(6500 * MS); // 10 frames: stops at the last one
        assertEquals(5, player.frame());
        assertFalse(player.isPlaying());
        player.play();
        assertEquals(0, player.frame(), "play at the end without looping starts again");
        assertTrue(player.isPlaying());
        player.next();
        assertFalse(player.isPlaying(), "stepping pauses");
        assertEquals(1, player.frame());
    }

    @Test
    void speedStaysInItsRangeAndOneFrameDoesNotPlay() {
        TrajectoryPlayer player = new TrajectoryPlayer();
        player.speedProperty().set(1000);
        assertEquals(TrajectoryPlayer.MAX_FPS, player.speedProperty().get());
        player.speedProperty().set(0);
        assertEquals(TrajectoryPlayer.MIN_FPS, player.speedProperty().get());
        player.speedProperty().set(Double.NaN);
        assertEquals(TrajectoryPlayer.MIN_FPS, player.speedProperty().get());
        player.play();
        assertFalse(player.isPlaying(), "nothing to play");
        player.setTrajectory(synthetic(1));
        player.play();
        assertFalse(player.isPlaying());
        player.next();
        assertEquals(0, player.frame());
        player.setTrajectory(synthetic(3));
        player.frameProperty().set(2);
        player.play();
        player.setTrajectory(synthetic(4));
        assertFalse(player.isPlaying(), "a new trajectory starts paused");
        assertEquals(0, player.frame());
        player.setTrajectory(null);
        assertEquals(0, player.frameCountProperty().get());
        assertNull(player.positions());
    }

    @Test
    void readingKeepsPositionsStepsAndTimesAndThinsALongTrajectory(@TempDir Path tmp) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Frame f = new Frame(pair(i / 10.0));
            f.info().put("step", Integer.toString(100 * i));
            f.info().put("time_fs", Double.toString(50.0 * i));
            frames.add(f);
        }
        Path file = tmp.resolve("traj.extxyz");
        StructureFormats.require("extxyz").write(file, frames, WriteOptions.DEFAULT);

        Trajectory all = Trajectory.read(file, Trajectory.DEFAULT_MAX_VALUES, () -> false);
        assertEquals(9, all.frameCount());
        assertEquals(2, all.atoms());
        assertEquals(1, all.stride());
        assertArrayEquals(new long[] {0, 100, 200, 300, 400, 500, 600, 700, 800}, all.steps());
        assertEquals(350.0, all.timesFs()[7]);
        assertArrayEquals(new double[] {0.7, 0, 0, 2.5, 2.5, 2.5}, all.positions().get(7), 1e-12);

        // a budget of 4 frames (24 coordinates): every 4th frame is kept, evenly from the first
        Trajectory thin = Trajectory.read(file, 24, () -> false);
        assertEquals(4, thin.stride());
        assertArrayEquals(new long[] {0, 400, 800}, thin.steps());
        assertArrayEquals(new double[] {0.8, 0, 0, 2.5, 2.5, 2.5}, thin.positions().get(2), 1e-12);

        assertThrows(CancellationException.class, () -> Trajectory.read(file, 1000, () -> true));

        Element li = PeriodicTable.require("Li");
        frames.add(new Frame(new Structure(Lattice.orthorhombic(5, 5, 5), new Element[] {li},
                new double[] {1, 1, 1})));
        Path mixed = tmp.resolve("mixed.extxyz");
        StructureFormats.require("extxyz").write(mixed, frames, WriteOptions.DEFAULT);
        IOException e = assertThrows(IOException.class, () -> Trajectory.read(mixed, 1000, () -> false));
        assertTrue(e.getMessage().startsWith("mixed.extxyz: frame 10 has 1 atoms"), e.getMessage());
    }
}
