package kiseki.train;

import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.nnp.NnpModel;
import kiseki.potential.PairTerm;
import kiseki.structure.Frame;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training run shared by {@code kiseki train} and the workbench: settings, files, parity and pair curves. */
class TrainingRunTest {

    /** The first {@code count} 50-atom frames of the shared LGPS set. */
    static List<Frame> lgps(int count) throws Exception {
        Path data = SharedData.require("data/lgps/lgps_init_590.extxyz");
        List<Frame> out = new java.util.ArrayList<>();
        try (var reader = StructureFormats.require("extxyz").open(data, ReadOptions.DEFAULT)) {
            for (Frame f = reader.next(); f != null && out.size() < count; f = reader.next()) {
                out.add(f);
            }
        }
        return out;
    }

    private static TrainingRun.Options small(String model) {
        TrainingRun.Options d = TrainingRun.Options.DEFAULTS;
        return new TrainingRun.Options(model, "chebyshev", 8, 4, 6.0, 1, 6, d.activation(), "lbfgs", 3, 1,
                d.forceWeight(), 0.25, 3, 1, 0, null, 2, d.learningRate(), d.batch(), 0);
    }

    @Test
    void settingsFollowTheCommandsOptions() {
        Trainer.Settings s = TrainingRun.Options.DEFAULTS.settings(null);
        assertEquals("chebyshev", s.descriptor().type());
        assertEquals(50, s.descriptor().radial());
        assertEquals(30, s.descriptor().angular());
        assertEquals(6.0, s.descriptor().rcutRadial());
        assertEquals(List.of(40, 40), s.hidden());
        assertEquals(250, s.energyOnlyEpochs());
        TrainingRun.Options d = TrainingRun.Options.DEFAULTS;
        TrainingRun.Options adam = new TrainingRun.Options("hdnnp", "behler", 6, 2, 5.0, 0, 0, "tanh", "adam", 10,
                250, 0.01, 0.2, 7, 1, 0, null, 1, d.learningRate(), d.batch(), 0);
        Trainer.Settings a = adam.settings(null);
        assertEquals(0, a.energyOnlyEpochs(), "Adam fits forces from the first epoch");
        assertEquals("behler", a.descriptor().type());
        assertEquals(List.of(), a.hidden());
        TrainingRun.Options negative = new TrainingRun.Options("delta", "chebyshev", 8, 4, 6.0, -1, 10, "twtanh",
                "lbfgs", 5, 2, 0.001, 0.1, 1, 1, 0, null, 1, 0.001, 16, 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> negative.settings(null)).getMessage()
                .contains("hidden layers"));
    }

    @Test
    void deltaRunWritesTheCommandsFilesAndGivesParityAndPairCurves(@TempDir Path tmp) throws Exception {
        List<Frame> frames = lgps(12);
        TrainingRun.Options options = small("delta");
        Trainer.Result result = Trainer.train(frames, options.settings(null), null, null);
        List<EpochRecord> log = TrainingRun.firstLog(result);
        assertEquals(3, log.size());

        Path out = tmp.resolve("lgps.nnp.json");
        TrainingRun.writeFiles(out, result);
        assertEquals(result.model().members().get(0).get(0)[0],
                NnpModel.read(out).members().get(0).get(0)[0]);
        List<String> csv = Files.readAllLines(tmp.resolve("lgps.log.csv"));
        assertEquals(EpochRecord.CSV_HEADER, csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(Files.readString(tmp.resolve("lgps.log.json")).contains("\"trainRmseFEvA\""));
        assertTrue(Files.readAllLines(tmp.resolve("lgps.pair.csv")).get(0).startsWith("r_angstrom,phi_"));

        // the validation frames are the ones the trainer held out: 3 of 12
        TrainingRun.Parity parity = TrainingRun.parity(result.model(), frames, options, null);
        assertEquals("validation", parity.set());
        assertEquals(result.validFrames(), parity.frames());
        assertEquals(3, parity.frames());
        assertEquals(3 * 50 * 3, parity.referenceForce().length);
        assertEquals(parity.referenceForce().length, parity.predictedForce().length);
        assertEquals(frames.get(0).energy() / 50, -215.4699337 / 50, 1e-12);
        // the model is the epoch with the best validation loss: its errors are those of one logged epoch
        boolean matches = log.stream().anyMatch(r -> Math.abs(r.validRmseEMevAtom() - parity.rmseEnergyMevAtom())
                < 1e-6 * Math.max(1, parity.rmseEnergyMevAtom()) && Math.abs(r.validRmseFEvA() - parity.rmseForce())
                < 1e-6 * Math.max(1, parity.rmseForce()));
        assertTrue(matches, "parity RMSE " + parity.rmseEnergyMevAtom() + " meV/atom, " + parity.rmseForce()
                + " eV/Å vs log " + log);
        assertThrows(CancellationException.class, () -> TrainingRun.parity(result.model(), frames, options,
                () -> true));

        NnpModel model = result.model();
        List<TrainingRun.PairCurve> curves = TrainingRun.pairCurves(model, 1.0, 0.01);
        assertEquals(model.pairs().size(), curves.size());
        assertTrue(curves.size() >= 6, "Li, Ge, P, S pairs within 6 Å: " + curves.size());
        PairTerm term = new PairTerm(model.pairCutoff(), model.pairs());
        for (TrainingRun.PairCurve c : curves) {
            assertEquals(501, c.r().length);
            assertEquals(1.0, c.r()[0]);
            assertEquals(6.0, c.r()[500]);
            assertEquals(0.0, c.phi()[500]);
            String[] el = c.pair().split("-");
            assertEquals(term.energy(el[0], el[1], 2.5), c.phi()[150], 1e-12);
        }
    }

    @Test
    void hdnnpHasNoPairCurvesAndWithoutValidationParityUsesTheTrainingFrames() throws Exception {
        List<Frame> frames = lgps(6);
        TrainingRun.Options d = TrainingRun.Options.DEFAULTS;
        TrainingRun.Options options = new TrainingRun.Options("hdnnp", "chebyshev", 8, 4, 6.0, 1, 4, "twtanh",
                "lbfgs", 2, 1, d.forceWeight(), 0.0, 1, 1, 0, null, 2, d.learningRate(), d.batch(), 0);
        Trainer.Result result = Trainer.train(frames, options.settings(null), null, null);
        assertEquals(List.of(), TrainingRun.pairCurves(result.model(), 1.0, 0.01));
        TrainingRun.Parity parity = TrainingRun.parity(result.model(), frames, options, null);
        assertEquals("training", parity.set());
        assertEquals(6, parity.frames());
        assertEquals(TrainingRun.sibling(Path.of("/x/lgps.nnp.json"), ".log.csv"), Path.of("/x/lgps.log.csv"));
    }
}
