package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.structure.Frame;
import kiseki.testing.Programs;

/**
 * The real LAMMPS reads our MD dumps ({@code read_dump}, skipped when {@code lmp} is not on PATH): the last snapshot
 * of a 32-atom argon run, with unwrapped {@code xu yu zu} or wrapped {@code x y z} plus image flags, is read into
 * an empty box and written back with {@code write_dump ... xu yu zu vx vy vz}; positions and velocities must be ours.
 */
class MdDumpLammpsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"lammps-dump, x y z vx vy vz", "lammps-dump-images, x y z ix iy iz vx vy vz"})
    void lammpsReadsOurDump(String format, String fields) throws Exception {
        String lmp = Programs.require("LAMMPS", "lmp");
        MdState state = new MdState(MdTest.argon(2));
        state.maxwellBoltzmann(150, 5);
        MdRun run = new MdRun(new VelocityVerlet(MdTest.ARGON, state, 2.0, Thermostat.none())).thermoEvery(100)
                .trajectory(dir.resolve("traj.lammpstrj"), 100, TrajectoryFormat.fromId(format));
        run.run(300);
        // our own copy of the last frame, to compare with (positions to 10 decimals)
        Path xyz = dir.resolve("last.extxyz");
        MdRun again = new MdRun(new VelocityVerlet(MdTest.ARGON, freshState(), 2.0, Thermostat.none()))
                .thermoEvery(100).trajectory(xyz, 300);
        again.run(300);
        Frame ours = new ExtxyzFormat().readAll(xyz, ReadOptions.DEFAULT).get(1);
        assertEquals("300", ours.info().get("step"));

        Files.writeString(dir.resolve("in.read"), String.join("\n", "units metal", "atom_style atomic",
                "boundary p p p", "region start block 0 1 0 1 0 1", "create_box 1 start", "mass 1 39.948",
                "read_dump traj.lammpstrj 300 " + fields + " box yes add yes",
                "write_dump all custom back.dump id xu yu zu vx vy vz modify sort id format float %20.15g", ""));
        Process p = new ProcessBuilder(lmp, "-in", "in.read", "-log", "log.lammps", "-screen", "none")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "LAMMPS did not finish in time");
        assertEquals(0, p.exitValue(), "LAMMPS failed: " + Files.readString(dir.resolve("log.lammps")));
        assertTrue(Files.readString(dir.resolve("log.lammps")).contains("32 atoms added"),
                Files.readString(dir.resolve("log.lammps")));

        List<String> lines = Files.readAllLines(dir.resolve("back.dump"));
        int start = lines.indexOf("ITEM: ATOMS id xu yu zu vx vy vz") + 1;
        assertTrue(start > 0, String.join("\n", lines));
        double[] x = ours.structure().positions();
        double[] v = ours.velocities();
        double box = ours.structure().lattice().a();
        boolean outside = false;
        for (int i = 0; i < 32; i++) {
            String[] t = lines.get(start + i).trim().split("\\s+");
            assertEquals(i + 1, Integer.parseInt(t[0]));
            for (int k = 0; k < 3; k++) {
                double lammps = Double.parseDouble(t[1 + k]);
                assertEquals(x[3 * i + k], lammps, 1e-9, "atom " + (i + 1) + " unwrapped coordinate " + k);
                outside |= lammps < 0 || lammps >= box;
                // LAMMPS metal velocities are Å/ps, ours Å/fs
                assertEquals(1000 * v[3 * i + k], Double.parseDouble(t[4 + k]), 1e-6, "atom " + (i + 1) + " velocity");
            }
        }
        assertTrue(outside, "some atoms have left the first box image, so LAMMPS had to keep their images");
    }

    private static MdState freshState() {
        MdState state = new MdState(MdTest.argon(2));
        state.maxwellBoltzmann(150, 5);
        return state;
    }
}
