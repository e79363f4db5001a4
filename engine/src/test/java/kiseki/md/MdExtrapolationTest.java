package kiseki.md;

import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.nnp.NnpModel;
import kiseki.nnp.NnpPotential;
import kiseki.nnp.TinyTrainedModel;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MD with a neural potential reports how many atoms leave the training range: thermo CSV, frames, summary. */
class MdExtrapolationTest {

    @TempDir
    Path dir;

    @Test
    void countsReachTheCsvTheFramesAndTheSummary() throws Exception {
        NnpModel model = TinyTrainedModel.model();
        Structure start = TinyTrainedModel.scaled(TinyTrainedModel.trainingSplit().get(0).structure(), 0.8);
        long[] expectedAtStart = TinyTrainedModel.bruteForceCount(model, TinyTrainedModel.trainingStats(model), start);
        assertTrue(expectedAtStart[0] > 0);
        Path csv = dir.resolve("thermo.csv");
        Path traj = dir.resolve("traj.extxyz");
        MdRun.Result result;
        try (NnpPotential pot = new NnpPotential(model, 1)) {
            MdState state = new MdState(start);
            state.maxwellBoltzmann(100, 4);
            VelocityVerlet md = new VelocityVerlet(pot, state, 0.5, Thermostat.none());
            result = new MdRun(md).thermoEvery(1).thermoCsv(csv).trajectory(traj, 5).run(20);
        }
        assertEquals(MdRun.Outcome.COMPLETED, result.outcome(), result.message());

        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).endsWith(",pressure_bar,extrapolating_atoms"), lines.get(0));
        assertEquals(22, lines.size());
        int extrapolatingRecords = 0;
        int max = 0;
        for (int k = 0; k < 21; k++) {
            String[] cols = lines.get(k + 1).split(",", -1);
            assertEquals(9, cols.length);
            int atoms = Integer.parseInt(cols[8]);
            assertEquals(result.thermo().get(k).extrapolatingAtoms(), atoms);
            extrapolatingRecords += atoms > 0 ? 1 : 0;
            max = Math.max(max, atoms);
        }
        assertEquals(expectedAtStart[0], result.thermo().get(0).extrapolatingAtoms(), "step 0, counted by hand");

        // every step is recorded here, so the summary is exactly what the CSV shows
        ExtrapolationSummary summary = result.extrapolation();
        assertTrue(summary.available());
        assertEquals(21, summary.framesChecked());
        assertEquals(extrapolatingRecords, summary.framesExtrapolating());
        assertEquals(max, summary.maxAtoms());
        assertEquals(0, summary.firstStep());
        assertTrue(summary.message().startsWith("extrapolation: " + extrapolatingRecords + " of 21 configurations"),
                summary.message());
        assertTrue(summary.message().contains("at most " + max + " atoms"), summary.message());
        assertTrue(summary.message().contains("add such configurations to the training set"), summary.message());

        List<Frame> frames = StructureFormats.require("extxyz").readAll(traj, ReadOptions.DEFAULT);
        assertEquals(5, frames.size()); // steps 0, 5, 10, 15, 20
        for (int k = 0; k < frames.size(); k++) {
            assertEquals(Integer.toString(result.thermo().get(5 * k).extrapolatingAtoms()),
                    frames.get(k).info().get("extrapolating_atoms"), "frame at step " + 5 * k);
        }
    }

    @Test
    void aTrainingConfigurationRunsWithoutWarningsAtFirst() throws Exception {
        NnpModel model = TinyTrainedModel.model();
        try (NnpPotential pot = new NnpPotential(model, 1)) {
            MdState state = new MdState(TinyTrainedModel.trainingSplit().get(1).structure().copy());
            // no velocities: the first configuration is exactly a training one
            MdRun.Result result = new MdRun(new VelocityVerlet(pot, state, 0.5, Thermostat.none())).run(0);
            assertEquals(0, result.thermo().get(0).extrapolatingAtoms());
            assertEquals(new ExtrapolationSummary(true, 1, 0, 0, -1), result.extrapolation());
            assertTrue(result.extrapolation().message().startsWith("extrapolation: none"));
        }
    }

    @Test
    void withoutATrainingRangeTheRunSaysSoAndOtherPotentialsHaveAnEmptyColumn() throws Exception {
        NnpModel old = TinyTrainedModel.model().withTrainingRange(null);
        Path csv = dir.resolve("old.csv");
        try (NnpPotential pot = new NnpPotential(old, 1)) {
            MdState state = new MdState(TinyTrainedModel.trainingSplit().get(0).structure().copy());
            MdRun.Result result = new MdRun(new VelocityVerlet(pot, state, 0.5, Thermostat.none())).thermoEvery(5)
                    .thermoCsv(csv).run(5);
            assertFalse(result.extrapolation().available());
            assertTrue(result.extrapolation().message().contains("no training range"));
            assertEquals(-1, result.thermo().get(0).extrapolatingAtoms());
        }
        assertTrue(Files.readAllLines(csv).get(1).endsWith(","), "empty extrapolating_atoms column");

        MdState argon = new MdState(MdTest.argon(2));
        argon.maxwellBoltzmann(50, 1);
        Path traj = dir.resolve("lj.extxyz");
        MdRun.Result lj = new MdRun(new VelocityVerlet(MdTest.ARGON, argon, 2.0, Thermostat.none()))
                .thermoCsv(dir.resolve("lj.csv")).trajectory(traj, 5).run(5);
        assertNull(lj.extrapolation());
        String row = Files.readAllLines(dir.resolve("lj.csv")).get(1);
        assertTrue(row.endsWith(","), row);
        assertEquals(9, row.split(",", -1).length);
        Frame f = StructureFormats.require("extxyz").readFirst(traj, ReadOptions.DEFAULT);
        assertFalse(f.info().containsKey("extrapolating_atoms"));
    }
}
