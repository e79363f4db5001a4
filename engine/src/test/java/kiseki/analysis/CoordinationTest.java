package kiseki.analysis;

import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PS4 / GeS4 tetrahedra of the LGPS cell: intact as read, broken when one S is pulled away. */
class CoordinationTest {

    private static Structure lgps() throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        return StructureFormats.require("cif").readFirst(cif, ReadOptions.DEFAULT).structure();
    }

    private static Coordination tetrahedra() {
        return new Coordination(Set.of(PeriodicTable.require("P"), PeriodicTable.require("Ge")),
                Set.of(PeriodicTable.require("S")), 2.6, 4);
    }

    @Test
    void everyPAndGeOfLgpsHasFourSulfur() throws Exception {
        Structure s = lgps();
        Coordination c = tetrahedra();
        Coordination.FrameResult r = c.add(s);
        // Li10GeP2S12 cell of 50 atoms: 4 P + 2 Ge
        assertEquals(6, r.centres());
        assertEquals(0, r.broken());
        assertEquals(4, r.minCount());
        assertEquals(4, r.maxCount());
        assertEquals(0, c.brokenFrames());
        assertEquals(-1, c.firstBrokenFrame());
    }

    @Test
    void pullingOneSulfurAwayBreaksExactlyOneTetrahedron() throws Exception {
        Structure s = lgps();
        Coordination c = tetrahedra();
        c.add(s);
        // find a P and one of its S neighbours, move that S 1 Å further out along the bond
        NeighborList nl = NeighborList.full(s, 2.6);
        int p = -1;
        int sAtom = -1;
        double[] d = null;
        for (int i = 0; i < s.size() && p < 0; i++) {
            if (s.element(i).symbol().equals("P")) {
                for (int k = nl.start(i); k < nl.end(i); k++) {
                    if (s.element(nl.neighbor(k)).symbol().equals("S") && nl.distance(k) < 2.6) {
                        p = i;
                        sAtom = nl.neighbor(k);
                        d = s.displacement(i, sAtom);
                        break;
                    }
                }
            }
        }
        Structure moved = s.copy();
        double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        for (int a = 0; a < 3; a++) {
            moved.positions()[3 * sAtom + a] += d[a] / len * 1.0;
        }
        Coordination.FrameResult r = c.add(moved);
        assertEquals(1, r.broken());
        assertEquals(3, r.minCount());
        assertEquals(1, c.brokenFrames());
        assertEquals(1, c.firstBrokenFrame());
        assertEquals(3, c.minCount());
    }
}
