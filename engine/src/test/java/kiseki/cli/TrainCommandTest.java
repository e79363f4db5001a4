package kiseki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
