package kiseki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.io.WriteOptions;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code analyze coordination}: LGPS tetrahedra in a three-frame trajectory with one broken frame. */
class CoordinationCliTest {

    private static Structure lgps() throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        return StructureFormats.require("cif").readFirst(cif, ReadOptions.DEFAULT).structure();
    }

    @Test
    void cliReportsBrokenFrames(@TempDir Path tmp) throws Exception {
        Structure s = lgps();
        // a second frame expanded by 30%: P–S 2.05 Å becomes 2.67 Å, beyond the 2.6 Å cutoff
        double[] m = s.lattice().matrix().clone();
        for (int k = 0; k < 9; k++) {
            m[k] *= 1.3;
        }
        Structure squeezed = Structure.fromFractional(kiseki.structure.Lattice.fromVectors(m), s.species(),
                s.fractionalPositions());
        Path traj = tmp.resolve("t.extxyz");
        StructureFormats.require("extxyz").write(traj, List.of(new Frame(s), new Frame(squeezed), new Frame(s)),
                WriteOptions.DEFAULT);
        CliTest.Result r = CliTest.run("analyze", "coordination", traj.toString(), "--centre", "P,Ge", "--neighbour",
                "S", "--rcut", "2.6", "--expected", "4", "--out", tmp.resolve("c.csv").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(3, o.get("frames").asInt());
        assertEquals(6, o.get("centres").asInt());
        assertEquals(1, o.get("broken_frames").asInt());
        assertEquals(1, o.get("first_broken_frame").asInt());
        List<String> csv = java.nio.file.Files.readAllLines(tmp.resolve("c.csv"));
        assertEquals("frame,centres,broken,min_count,max_count", csv.get(0));
        assertEquals("0,6,0,4,4", csv.get(1));
        assertEquals("2,6,0,4,4", csv.get(3));
    }
}
