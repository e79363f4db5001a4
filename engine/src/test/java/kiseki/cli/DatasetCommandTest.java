package kiseki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiseki.dataset.DatasetSplit;
import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kiseki dataset ...}, run in-process with the same error handling as {@link KisekiCli} (one line,
 * "kiseki: error: ..."), until the lead registers the command there.
 */
class DatasetCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cl = new CommandLine(new DatasetCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(errWriter);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            errWriter.println("kiseki: error: " + KisekiCli.oneLine(ex));
            return KisekiCli.EXIT_FAILURE;
        });
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void infoAsJson() throws Exception {
        Path file = SharedData.require("data/lgps/lgps_init_590.extxyz");
        Result r = run("info", file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(file.toString(), o.get("file").asText());
        assertEquals(590, o.get("frames").asInt());
        assertEquals(29_500, o.get("atoms").asLong());
        assertEquals(11_800, o.get("elements").get("Li").asLong());
        assertEquals(1_180, o.get("elements").get("Ge").asLong());
        assertEquals(2_360, o.get("elements").get("P").asLong());
        assertEquals(14_160, o.get("elements").get("S").asLong());
        List<String> order = new ArrayList<>();
        o.get("elements").fieldNames().forEachRemaining(order::add);
        assertEquals(List.of("Li", "Ge", "P", "S"), order);
        assertEquals("[\"Li\",\"Ge\",\"P\",\"S\"]", o.get("elements_list").toString());
        assertEquals(590, o.get("frames_with_energy").asInt());
        assertEquals(590, o.get("frames_with_forces").asInt());
        assertEquals(0, o.get("frames_with_stress").asInt());
        JsonNode epa = o.get("energy_per_atom_ev");
        assertEquals(-4.314393962, epa.get("min").asDouble(), 1e-12);
        assertEquals(-4.2867237824, epa.get("max").asDouble(), 1e-12);
        assertEquals(-4.30945136560373, epa.get("mean").asDouble(), 1e-11);
        assertEquals(0.007962706272870863, epa.get("std").asDouble(), 1e-11);
        assertEquals(4.561836392074577, o.get("max_force_ev_a").asDouble(), 1e-12);
        assertEquals(324, o.get("max_force_at").get("frame").asInt());
        assertEquals(25, o.get("max_force_at").get("atom").asInt());
        assertEquals(0.2744723695273609, o.get("rms_force_ev_a").asDouble(), 1e-12);
        JsonNode h = o.get("force_histogram");
        assertEquals(4.561836392074577 / 20, h.get("bin_width_ev_a").asDouble(), 1e-12);
        assertEquals(20, h.get("counts").size());
        assertEquals(19759, h.get("counts").get(0).asLong());
        assertEquals(2, h.get("counts").get(19).asLong());
        assertEquals(50, o.get("natoms").get("min").asInt());
        assertEquals(50, o.get("natoms").get("max").asInt());
        assertEquals(977.45, o.get("cell_volume_a3").get("min").asDouble(), 0.01);
    }

    @Test
    void infoAsText() {
        Path file = SharedData.require("data/lgps/lgps_init_590.extxyz");
        Result r = run("info", file.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("Frames:        590 (with energy 590, forces 590, stress 0)"), out);
        assertTrue(out.contains("Atoms:         29,500 (50 per frame)"), out);
        assertTrue(out.contains("Elements:      Li 11,800, Ge 1,180, P 2,360, S 14,160"), out);
        assertTrue(out.contains("-4.314394 to -4.286724 eV/atom"), out);
        assertTrue(out.contains("Max |F|:       4.5618 eV/Å (frame 324, atom 25)"), out);
        assertTrue(out.contains("Cell volume:   977.450 Å³"), out);
        assertTrue(out.contains("19759 ####"), out);
    }

    @Test
    void infoWithoutLabelsPrintsNulls() throws Exception {
        Path file = tmp.resolve("plain.xyz");
        Files.writeString(file, "2\nwater fragment\nO 0 0 0\nH 0.96 0 0\n");
        Result r = run("info", file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(0, o.get("frames_with_energy").asInt());
        assertTrue(o.get("energy_per_atom_ev").get("mean").isNull());
        assertTrue(o.get("max_force_ev_a").isNull());
        assertTrue(o.get("force_histogram").get("bin_width_ev_a").isNull());
        Result text = run("info", file.toString());
        assertTrue(text.out().contains("Energy:        none"), text.out());
        assertTrue(text.out().contains("Forces:        none"), text.out());
    }

    @Test
    void splitWritesBothFiles() throws Exception {
        Path file = SharedData.require("data/lgps/lgps_init_590.extxyz");
        Path train = tmp.resolve("train.extxyz");
        Path valid = tmp.resolve("valid.extxyz");
        Result r = run("split", file.toString(), "--valid-fraction", "0.1", "--seed", "1", "--train",
                train.toString(), "--valid", valid.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(590, o.get("frames").asInt());
        assertEquals(531, o.get("train").get("frames").asInt());
        assertEquals(59, o.get("valid").get("frames").asInt());
        assertEquals(valid.toString(), o.get("valid").get("file").asText());
        ExtxyzFormat xyz = new ExtxyzFormat();
        assertEquals(531, xyz.readAll(train, ReadOptions.DEFAULT).size());
        assertEquals(59, xyz.readAll(valid, ReadOptions.DEFAULT).size());
        int firstValid = DatasetSplit.split(590, 0.1, 1).valid()[0];
        assertEquals(xyz.readAll(file, ReadOptions.DEFAULT).get(firstValid).energy(),
                xyz.readAll(valid, ReadOptions.DEFAULT).get(0).energy(), 0.0);

        // the same command again gives the same files
        byte[] before = Files.readAllBytes(valid);
        Result again = run("split", file.toString(), "--train", train.toString(), "--valid", valid.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("validation: 59 frames"), again.out());
        assertEquals(new String(before), Files.readString(valid), "defaults are fraction 0.1, seed 1");
    }

    @Test
    void errorsAreOneLine() throws Exception {
        Result missing = run("info", tmp.resolve("none.extxyz").toString());
        assertEquals(KisekiCli.EXIT_FAILURE, missing.code());
        assertEquals("kiseki: error: no such file: " + tmp.resolve("none.extxyz"), missing.err().strip());

        Path bad = tmp.resolve("bad.extxyz");
        Files.writeString(bad, "1\nenergy=1\nLi 0 0 zero\n");
        Result garbled = run("info", bad.toString(), "--json");
        assertEquals(KisekiCli.EXIT_FAILURE, garbled.code());
        assertTrue(garbled.out().isEmpty());
        String line = garbled.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("kiseki: error: " + bad + ":3: "), line);

        Path file = tmp.resolve("ok.xyz");
        Files.writeString(file, "1\nenergy=1\nLi 0 0 0\n");
        Result fraction = run("split", file.toString(), "--valid-fraction", "1", "--train",
                tmp.resolve("t.xyz").toString(), "--valid", tmp.resolve("v.xyz").toString());
        assertEquals(KisekiCli.EXIT_FAILURE, fraction.code());
        assertTrue(fraction.err().contains("validation fraction must be at least 0 and below 1"), fraction.err());

        Result usage = run("split", file.toString());
        assertEquals(KisekiCli.EXIT_USAGE, usage.code(), "--train and --valid are required");
    }
}
