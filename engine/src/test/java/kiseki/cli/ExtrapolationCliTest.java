package kiseki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import kiseki.io.StructureFormats;
import kiseki.io.WriteOptions;
import kiseki.nnp.NnpModel;
import kiseki.nnp.TinyTrainedModel;
import kiseki.structure.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code md} and {@code eval} report extrapolation of a neural potential. */
class ExtrapolationCliTest {

    @Test
    void mdWarnsAndReportsInJson(@TempDir Path tmp) throws Exception {
        NnpModel model = TinyTrainedModel.model();
        Path pot = tmp.resolve("tiny.nnp.json");
        model.write(pot);
        Path old = tmp.resolve("old.nnp.json");
        model.withTrainingRange(null).write(old);
        Path compressed = tmp.resolve("compressed.extxyz");
        StructureFormats.require("extxyz").write(compressed, List.of(new Frame(
                TinyTrainedModel.scaled(TinyTrainedModel.trainingSplit().get(0).structure(), 0.75))),
                WriteOptions.DEFAULT);
        Path csv = tmp.resolve("thermo.csv");

        CliTest.Result r = CliTest.run("md", "--potential", pot.toString(), "--structure", compressed.toString(),
                "--temperature", "50", "--timestep", "0.5", "--steps", "10", "--thermo", csv.toString(),
                "--thermo-every", "5", "--ensemble", "nve", "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        // at 75 % of the training cell every atom is outside the range in every step (see ExtrapolationTest)
        assertEquals(11, o.get("extrapolation_frames").asInt(), r.err());
        assertEquals(10, o.get("extrapolation_max_atoms").asInt());
        assertTrue(r.err().contains("warning: extrapolation: 11 of 11 configurations"), r.err());
        assertTrue(java.nio.file.Files.readAllLines(csv).get(1).endsWith(",10"));

        CliTest.Result legacy = CliTest.run("md", "--potential", old.toString(), "--structure",
                compressed.toString(), "--temperature", "50", "--timestep", "0.5", "--steps", "2", "--ensemble",
                "nve", "--threads", "1", "--json");
        assertEquals(0, legacy.code(), legacy.err());
        assertTrue(legacy.json().get("extrapolation_frames").isNull());
        assertTrue(legacy.json().get("extrapolation_max_atoms").isNull());
        assertEquals(1, legacy.err().split("no training range", -1).length - 1, "said once: " + legacy.err());

        CliTest.Result lj = CliTest.run("md", "--lj", "0.01,1.7,4.0", "--structure", compressed.toString(),
                "--temperature", "50", "--steps", "2", "--ensemble", "nve", "--json");
        assertEquals(0, lj.code(), lj.err());
        assertTrue(lj.json().get("extrapolation_frames").isNull());
        assertFalse(lj.err().contains("extrapolation"), lj.err());
    }

    @Test
    void evalCountsFramesOutsideTheRange(@TempDir Path tmp) throws Exception {
        NnpModel model = TinyTrainedModel.model();
        Path pot = tmp.resolve("tiny.nnp.json");
        model.write(pot);
        List<Frame> frames = new ArrayList<>(TinyTrainedModel.trainingSplit());
        frames.add(TinyTrainedModel.label(TinyTrainedModel.scaled(frames.get(0).structure(), 0.75)));
        frames.add(TinyTrainedModel.label(TinyTrainedModel.scaled(frames.get(1).structure(), 1.4)));
        Path data = tmp.resolve("data.extxyz");
        StructureFormats.require("extxyz").write(data, frames, WriteOptions.DEFAULT);
        CliTest.Result r = CliTest.run("eval", "--potential", pot.toString(), "--data", data.toString(), "--json",
                "--threads", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(9, o.get("frames").asInt());
        // the 7 training frames stay inside; the compressed copy has all 10 atoms outside, the expanded one fewer
        assertEquals(2, o.get("extrapolation_frames").asInt());
        assertEquals(10, o.get("extrapolation_max_atoms").asInt());
        CliTest.Result text = CliTest.run("eval", "--potential", pot.toString(), "--data", data.toString());
        assertTrue(text.out().contains("extrapolation: 2 of 9 frames have atoms outside the training range "
                + "(at most 10 atoms)"), text.out());
    }
}
