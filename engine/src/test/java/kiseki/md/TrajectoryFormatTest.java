package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiseki.io.ExtxyzFormat;
import kiseki.io.LammpsDumpFormat;
import kiseki.io.ReadOptions;
import kiseki.structure.Frame;

/** MD trajectories as extxyz and LAMMPS dumps: same positions, unwrapped across the boundary, times, truncation. */
class TrajectoryFormatTest {

    /** Steps between frames and the time step: 10 × 2 fs = 20 fs between frames. */
    private static final int EVERY = 10;
    private static final double DT_FS = 2.0;
    private static final int STEPS = 300;

    @TempDir
    Path dir;

    /** 300 steps of 32 argon atoms at 150 K (NVE), same seed every time, writing a trajectory to {@code file}. */
    private static void run(Path file, TrajectoryFormat format) throws IOException {
        MdState state = new MdState(MdTest.argon(2));
        state.maxwellBoltzmann(150, 5);
        MdRun run = new MdRun(new VelocityVerlet(MdTest.ARGON, state, DT_FS, Thermostat.none())).thermoEvery(100);
        if (format == null) {
            run.trajectory(file, EVERY);
        } else {
            run.trajectory(file, EVERY, format);
        }
        assertEquals(MdRun.Outcome.COMPLETED, run.run(STEPS).outcome());
    }

    @Test
    void formatFollowsTheFileName() {
        assertEquals(TrajectoryFormat.LAMMPS_DUMP, TrajectoryFormat.forPath(Path.of("a/run.lammpstrj")));
        assertEquals(TrajectoryFormat.LAMMPS_DUMP, TrajectoryFormat.forPath(Path.of("RUN.DUMP")));
        assertEquals(TrajectoryFormat.EXTXYZ, TrajectoryFormat.forPath(Path.of("run.extxyz")));
        assertEquals(TrajectoryFormat.EXTXYZ, TrajectoryFormat.forPath(Path.of("run.xyz")));
        assertEquals(TrajectoryFormat.LAMMPS_DUMP_IMAGES, TrajectoryFormat.fromId("lammps-dump-images"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrajectoryFormat.fromId("dcd"));
        assertTrue(e.getMessage().contains("extxyz, lammps-dump"), e.getMessage());
    }

    @Test
    void dumpAndExtxyzHoldTheSameUnwrappedTrajectory() throws IOException {
        Path xyz = dir.resolve("run.extxyz");
        Path dump = dir.resolve("run.lammpstrj");
        Path images = dir.resolve("images.dump");
        run(xyz, null);
        run(dump, null); // the extension picks the dump format
        run(images, TrajectoryFormat.LAMMPS_DUMP_IMAGES);

        List<String> text = Files.readAllLines(dump, StandardCharsets.UTF_8);
        assertEquals(List.of("ITEM: UNITS", "metal", "ITEM: TIME", "0.0", "ITEM: TIMESTEP", "0"), text.subList(0, 6));
        assertEquals(1, text.stream().filter(l -> l.equals("ITEM: UNITS")).count(), "units once, at the top");
        assertTrue(text.contains("ITEM: ATOMS id type element xu yu zu fx fy fz vx vy vz"), text.get(12));
        assertTrue(Files.readString(images).contains("ITEM: ATOMS id type element x y z ix iy iz fx fy fz vx vy vz"));

        List<Frame> fromXyz = new ExtxyzFormat().readAll(xyz, ReadOptions.DEFAULT);
        List<Frame> fromDump = new LammpsDumpFormat().readAll(dump, ReadOptions.DEFAULT);
        List<Frame> fromImages = new LammpsDumpFormat().readAll(images, ReadOptions.DEFAULT);
        assertEquals(STEPS / EVERY + 1, fromXyz.size());
        assertEquals(fromXyz.size(), fromDump.size());
        assertEquals(fromXyz.size(), fromImages.size());
        double box = fromXyz.get(0).structure().lattice().a();
        boolean crossed = false;
        boolean imageFlags = false;
        double largestJump = 0;
        for (int f = 0; f < fromXyz.size(); f++) {
            Frame a = fromXyz.get(f);
            Frame b = fromDump.get(f);
            Frame c = fromImages.get(f);
            assertEquals(Long.toString((long) f * EVERY), b.info().get("timestep"));
            assertEquals(f * EVERY * DT_FS / 1000, Double.parseDouble(b.info().get("time")), 1e-12, "time in ps");
            assertEquals("metal", b.info().get("lammps.units"), "frame " + f + " keeps the file's units");
            assertEquals("unwrapped", c.info().get("lammps.coordinates"));
            double[] x = a.structure().positions();
            double[] y = b.structure().positions();
            double[] z = c.structure().positions();
            for (int k = 0; k < x.length; k++) {
                // extxyz prints 10 decimals, the dump every digit
                assertEquals(x[k], y[k], 0.51e-10, "frame " + f + " coordinate " + k);
                assertEquals(y[k], z[k], 1e-12, "wrapped + image flags gives the same unwrapped position");
                crossed |= y[k] < 0 || y[k] >= box;
                if (f > 0) {
                    largestJump = Math.max(largestJump, Math.abs(y[k] - fromDump.get(f - 1).structure()
                            .positions()[k]));
                }
            }
            for (int k = 0; k < x.length; k++) {
                assertEquals(a.velocities()[k], b.velocities()[k], 1e-10 + 1e-12 * Math.abs(b.velocities()[k]),
                        "velocity (Å/ps in the dump, Å/fs when read)");
                assertEquals(a.forces()[k], b.forces()[k], 0.51e-10, "force");
            }
        }
        for (String line : Files.readAllLines(images)) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 15 && !line.startsWith("ITEM")) {
                imageFlags |= !t[6].equals("0") || !t[7].equals("0") || !t[8].equals("0");
                for (int d = 3; d < 6; d++) {
                    double w = Double.parseDouble(t[d]);
                    assertTrue(w >= 0 && w < box, "wrapped coordinate " + w + " lies in the box");
                }
            }
        }
        assertTrue(crossed, "some atom should leave the first box image in 300 steps at 150 K");
        assertTrue(imageFlags, "so some image flag is not 0");
        assertTrue(largestJump < 1.0, "unwrapped positions move continuously, largest move between frames "
                + largestJump + " Å");
    }

    @Test
    void truncatingDropsLaterAndTornFramesAndAppendingContinues() throws IOException {
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            Path file = dir.resolve("cut" + format.ordinal() + format.extension());
            run(file, format);
            byte[] whole = Files.readAllBytes(file);
            assertEquals(STEPS / EVERY + 1, format.truncateAfter(file, STEPS), format + ": nothing after the end");
            assertEquals(whole.length, Files.size(file));

            assertEquals(13, format.truncateAfter(file, 125), format + ": frames of steps 0..120");
            List<Frame> kept = read(format, file);
            assertEquals(13, kept.size());

            // a torn last frame (killed while writing): only complete frames stay
            Files.write(file, Arrays.copyOf(whole, whole.length - 57));
            assertEquals(STEPS / EVERY, format.truncateAfter(file, Long.MAX_VALUE), format + ": torn frame goes");
            assertEquals(STEPS / EVERY, read(format, file).size());

            // appending after the cut gives a readable file again
            assertEquals(5, format.truncateAfter(file, 40));
            try (TrajectoryWriter w = format.open(file, true)) {
                Frame next = read(format, file).get(4);
                next.info().put("step", "50");
                next.info().put("time_fs", "100.0");
                w.append(next);
            }
            List<Frame> after = read(format, file);
            assertEquals(6, after.size(), format.toString());
            if (format != TrajectoryFormat.EXTXYZ) {
                assertEquals("50", after.get(5).info().get("timestep"));
                assertEquals("metal", after.get(5).info().get("lammps.units"));
            }

            assertEquals(0, format.truncateAfter(file, -1), "a cut before the first frame empties the file");
            assertEquals(0, Files.size(file));
            assertEquals(0, format.truncateAfter(dir.resolve("missing" + format.extension()), 5));
            assertFalse(Files.exists(dir.resolve("missing" + format.extension())));
        }
    }

    @Test
    void thermoRowsAreCutAfterAStep() throws IOException {
        Path csv = dir.resolve("thermo.csv");
        Files.writeString(csv, MdRun.CSV_HEADER + "\n0,0.0,1\n100,0.2,2\n200,0.4,3\n300,0.6,4\n40");
        assertEquals(3, TrajectoryTruncation.csvRows(csv, 250));
        assertEquals(MdRun.CSV_HEADER + "\n0,0.0,1\n100,0.2,2\n200,0.4,3\n", Files.readString(csv));
        assertEquals(3, TrajectoryTruncation.csvRows(csv, 1000));
        assertEquals(0, TrajectoryTruncation.csvRows(csv, -1));
        assertEquals(MdRun.CSV_HEADER + "\n", Files.readString(csv));
    }

    private static List<Frame> read(TrajectoryFormat format, Path file) throws IOException {
        return format == TrajectoryFormat.EXTXYZ ? new ExtxyzFormat().readAll(file, ReadOptions.DEFAULT)
                : new LammpsDumpFormat().readAll(file, ReadOptions.DEFAULT);
    }
}
