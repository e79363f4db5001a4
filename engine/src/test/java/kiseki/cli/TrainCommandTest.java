package kiseki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import kiseki.testing.SharedData;
import kiseki.train.TrainingRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train → eval → export sannp on a slice of the shared LGPS frames, small enough for the default test run. */
class TrainCommandTest {

    static Path slice(Path tmp, int frames) throws Exception {
        Path data = SharedData.require("data/lgps/lgps_init_590.extxyz");
        List<String> lines = Files.readAllLines(data);
        Path out = tmp.resolve("lgps" + frames + ".extxyz");
        Files.write(out, lines.subList(0, 52 * frames));
        return out;
    }

    @Test
    void trainEvalExport(@TempDir Path tmp) throws Exception {
        Path data = slice(tmp, 24);
        Path pot = tmp.resolve("lgps.nnp.json");
        CliTest.Result r = CliTest.run("train", "--data", data.toString(), "--model", "delta", "--radial", "12",
                "--angular", "8", "--rcut", "6", "--layers", "2", "--nodes", "10", "--epochs", "40",
                "--energy-epochs", "10", "--valid-fraction", "0.25", "--seed", "3", "--out", pot.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(40, o.get("epochs").asInt());
        for (String key : List.of("train_rmse_e_mev_atom", "train_rmse_f_ev_a", "valid_rmse_e_mev_atom",
                "valid_rmse_f_ev_a", "seconds")) {
            assertTrue(o.get(key).isNumber(), key);
        }
        // the Δ baseline alone gives ~0.12 eV/Å on LGPS: 40 epochs must at least not make forces worse than that
        assertTrue(o.get("train_rmse_f_ev_a").asDouble() < 0.15, o.toString());
        assertTrue(Files.readString(tmp.resolve("lgps.log.csv")).startsWith("epoch,seconds,phase,loss"));
        List<String> pair = Files.readAllLines(tmp.resolve("lgps.pair.csv"));
        assertTrue(pair.get(0).startsWith("r_angstrom,"), pair.get(0));

        CliTest.Result eval = CliTest.run("eval", "--potential", pot.toString(), "--data", data.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonNode e = eval.json();
        assertEquals(24, e.get("frames").asInt());
        assertTrue(e.get("rmse_f_ev_a_per_element").has("Ge"));
        // eval on all frames combines the training and validation errors the trainer reported
        double lo = Math.min(o.get("train_rmse_f_ev_a").asDouble(), o.get("valid_rmse_f_ev_a").asDouble());
        double hi = Math.max(o.get("train_rmse_f_ev_a").asDouble(), o.get("valid_rmse_f_ev_a").asDouble());
        assertTrue(e.get("rmse_f_ev_a").asDouble() >= lo - 1e-9 && e.get("rmse_f_ev_a").asDouble() <= hi + 1e-9,
                e + " vs " + o);

        Path sannp = tmp.resolve("ffield.sannp");
        assertEquals(0, CliTest.run("export", "sannp", pot.toString(), sannp.toString()).code());
        assertTrue(Files.readString(sannp).startsWith("3 1 1 1\n12 8 "));
    }

    @Test
    void defaultsAreTheTrainingRunDefaults() {
        // the workbench's Training tab starts from TrainingRun.Options.DEFAULTS: they must be the command's
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs("--data", "d.extxyz", "--out", "p.nnp.json");
        assertEquals(TrainingRun.Options.DEFAULTS, command.options());
    }

    @Test
    void adamCheckpointAndResume(@TempDir Path tmp) throws Exception {
        Path data = slice(tmp, 12);
        Path pot = tmp.resolve("adam.nnp.json");
        String[] common = {"--data", data.toString(), "--model", "hdnnp", "--radial", "8", "--angular", "4",
                "--nodes", "6", "--valid-fraction", "0.25", "--seed", "5", "--json"};
        CliTest.Result r = CliTest.run(concat(common, "train", "--optimizer", "adam", "--epochs", "6", "--batch", "3",
                "--checkpoint-every", "2", "--out", pot.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals(6, r.json().get("epochs").asInt());
        Path checkpoint = tmp.resolve("adam.checkpoint.nnp.json");
        assertTrue(Files.exists(checkpoint), "checkpoint written");
        double first = r.json().get("train_rmse_f_ev_a").asDouble();
        CliTest.Result resumed = CliTest.run(concat(common, "train", "--optimizer", "lbfgs", "--energy-epochs", "0",
                "--epochs", "5", "--resume", pot.toString(), "--out", tmp.resolve("resumed.nnp.json").toString()));
        assertEquals(0, resumed.code(), resumed.err());
        // continuing from the trained weights does not start over from random ones
        assertTrue(resumed.json().get("train_rmse_f_ev_a").asDouble() <= first * 1.05, resumed.out() + " vs " + first);
        CliTest.Result mismatch = CliTest.run(concat(common, "train", "--layers", "1", "--epochs", "1", "--resume",
                pot.toString(), "--out", tmp.resolve("x.nnp.json").toString()));
        assertEquals(KisekiCli.EXIT_FAILURE, mismatch.code());
        assertTrue(mismatch.err().contains("resume with the same settings"), mismatch.err());
    }

    private static String[] concat(String[] common, String... more) {
        String[] out = new String[more.length + common.length];
        out[0] = more[0];
        System.arraycopy(common, 0, out, 1, common.length);
        System.arraycopy(more, 1, out, 1 + common.length, more.length - 1);
        return out;
    }

    /**
     * The acceptance run (about 30 minutes on 2 cores; figures in docs/performance.md). Runs only with
     * {@code -Dkiseki.longTests=true}.
     */
    @Test
    void lgpsSeedSettingsReachTheTarget(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("kiseki.longTests"),
                "skipped: the 30-minute LGPS training runs with -Dkiseki.longTests=true");
        Path data = SharedData.require("data/lgps/lgps_init_590.extxyz");
        CliTest.Result r = CliTest.run("train", "--data", data.toString(), "--model", "delta", "--descriptor",
                "chebyshev", "--radial", "50", "--angular", "30", "--rcut", "6", "--layers", "2", "--nodes", "40",
                "--activation", "twtanh", "--optimizer", "lbfgs", "--epochs", "100000", "--valid-fraction", "0.1",
                "--seed", "1", "--time-limit", "25", "--out", tmp.resolve("lgps.nnp.json").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertTrue(o.get("valid_rmse_e_mev_atom").asDouble() <= 2.0, o.toString());
        assertTrue(o.get("valid_rmse_f_ev_a").asDouble() <= 0.10, o.toString());
    }
}
