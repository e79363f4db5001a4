package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.potential.Potential;
import kiseki.potential.PotentialResult;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

class MdRunTest {

    @TempDir
    Path dir;

    @Test
    void writesThermoCsvAndTrajectory() throws Exception {
        MdState state = new MdState(MdTest.argon(2));
        state.maxwellBoltzmann(100, 3);
        VelocityVerlet md = new VelocityVerlet(MdTest.ARGON, state, 2.0, new NoseHooverChain(100));
        Path csv = dir.resolve("thermo.csv");
        Path traj = dir.resolve("traj.extxyz");
        AtomicInteger calls = new AtomicInteger();
        MdRun.Result result = new MdRun(md).thermoEvery(10).thermoCsv(csv).trajectory(traj, 50)
                .progress((r, done, total) -> calls.incrementAndGet()).run(100);
        assertEquals(MdRun.Outcome.COMPLETED, result.outcome());
        assertEquals(100, result.stepsDone());
        assertEquals(11, result.thermo().size());
        assertEquals(11, calls.get());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(MdRun.CSV_HEADER, lines.get(0));
        assertEquals(12, lines.size());
        String[] last = lines.get(11).split(",");
        assertEquals("100", last[0]);
        assertEquals(0.2, Double.parseDouble(last[1]), 1e-12);
        MdRun.ThermoRecord end = result.thermo().get(10);
        assertEquals(state.temperature(), end.temperatureK(), 1e-12);
        assertEquals(end.potentialEnergy() + end.kineticEnergy(), end.totalEnergy(), 1e-12);
        assertEquals(end.pressureBar(), Double.parseDouble(last[7]), 1e-3);
        assertTrue(Double.isFinite(end.conservedEnergy()));

        List<Frame> frames = StructureFormats.require("extxyz").readAll(traj, ReadOptions.DEFAULT);
        assertEquals(3, frames.size()); // steps 0, 50, 100
        Frame f = frames.get(2);
        assertArrayEquals(state.structure().positions(), f.structure().positions(), 1e-6);
        assertArrayEquals(state.velocities(), f.velocities(), 1e-6);
        assertEquals(md.potentialEnergy(), f.energy(), 1e-6);
    }

    @Test
    void cancelFlagStopsTheRun() throws Exception {
        MdState state = new MdState(MdTest.argon(2));
        state.maxwellBoltzmann(50, 3);
        AtomicBoolean cancel = new AtomicBoolean();
        MdRun run = new MdRun(new VelocityVerlet(MdTest.ARGON, state, 2.0, Thermostat.none())).thermoEvery(5)
                .cancelFlag(cancel).progress((r, done, total) -> {
                    if (done >= 20) {
                        cancel.set(true);
                    }
                });
        MdRun.Result result = run.run(1000);
        assertEquals(MdRun.Outcome.CANCELLED, result.outcome());
        assertEquals(20, result.stepsDone());
        assertEquals(5, result.thermo().size()); // steps 0, 5, 10, 15, 20
        assertEquals(20, state.step());
    }

    @Test
    void stopsWhenAtomsCollide() throws Exception {
        Structure s = MdTest.argon(2);
        // atom 1 placed 0.4 Å from atom 0
        s.setPosition(1, 0.4, 0, 0);
        MdState state = new MdState(s);
        MdRun.Result result = new MdRun(new VelocityVerlet(MdTest.ARGON, state, 1.0, Thermostat.none())).run(10);
        assertEquals(MdRun.Outcome.STOPPED, result.outcome());
        assertEquals(0, result.stepsDone());
        assertTrue(result.message().contains("0.400 Å apart"), result.message());
    }

    @Test
    void stopsOnRunawayTemperatureAndNaN() throws Exception {
        MdState hot = new MdState(MdTest.argon(2));
        hot.maxwellBoltzmann(100, 1);
        MdRun run = new MdRun(new VelocityVerlet(MdTest.ARGON, hot, 2.0, new Bussi(100, 100, 1)));
        hot.scaleVelocities(Math.sqrt(20)); // 2000 K against a 100 K target: above 10 × target
        MdRun.Result result = run.run(10);
        assertEquals(MdRun.Outcome.STOPPED, result.outcome());
        assertTrue(result.message().contains("runaway limit of 1000.0 K"), result.message());

        Potential nan = new Potential() {
            @Override
            public String style() {
                return "nan";
            }

            @Override
            public double cutoff() {
                return 3;
            }

            @Override
            public void compute(Structure structure, NeighborList neighbors, PotentialResult out) {
                out.energy = Double.NaN;
            }
        };
        MdState state = new MdState(MdTest.argon(2));
        MdRun.Result bad = new MdRun(new VelocityVerlet(nan, state, 1.0, Thermostat.none())).run(10);
        assertEquals(MdRun.Outcome.STOPPED, bad.outcome());
        assertTrue(bad.message().contains("potential energy is NaN"), bad.message());
    }

    @Test
    void continuedRunReproducesTheUninterruptedFiles() throws Exception {
        Path straightDir = Files.createDirectory(dir.resolve("straight"));
        Path splitDir = Files.createDirectory(dir.resolve("split"));
        MdState a = new MdState(MdTest.argon(2));
        a.maxwellBoltzmann(120, 8);
        new MdRun(new VelocityVerlet(MdTest.ARGON, a, 2.0, new Bussi(120, 50, 4))).thermoEvery(10)
                .thermoCsv(straightDir.resolve("thermo.csv")).trajectory(straightDir.resolve("traj.extxyz"), 40)
                .run(200);

        MdState b = new MdState(MdTest.argon(2));
        b.maxwellBoltzmann(120, 8);
        Path restart = splitDir.resolve("restart.json");
        new MdRun(new VelocityVerlet(MdTest.ARGON, b, 2.0, new Bussi(120, 50, 4))).thermoEvery(10)
                .thermoCsv(splitDir.resolve("thermo.csv")).trajectory(splitDir.resolve("traj.extxyz"), 40)
                .restart(restart, 30).run(120);
        VelocityVerlet resumed = MdRestart.read(restart, MdTest.ARGON, new Bussi(120, 50, 999));
        assertEquals(120, resumed.state().step());
        MdRun.Result rest = new MdRun(resumed).thermoEvery(10).thermoCsv(splitDir.resolve("thermo.csv"))
                .trajectory(splitDir.resolve("traj.extxyz"), 40).appendOutputs(true).run(80);
        assertEquals(MdRun.Outcome.COMPLETED, rest.outcome());
        assertEquals(Files.readAllLines(straightDir.resolve("thermo.csv")),
                Files.readAllLines(splitDir.resolve("thermo.csv")));
        assertEquals(Files.readString(straightDir.resolve("traj.extxyz")),
                Files.readString(splitDir.resolve("traj.extxyz")));
        assertEquals(22, Files.readAllLines(splitDir.resolve("thermo.csv")).size()); // header + steps 0..200 by 10
    }
}
