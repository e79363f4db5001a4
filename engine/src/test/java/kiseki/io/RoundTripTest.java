package kiseki.io;

import kiseki.structure.Frame;
import kiseki.structure.Structure;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** CIF → extxyz → POSCAR → LAMMPS data → extxyz keeps positions to 1e-6 Å and the cell exactly. */
class RoundTripTest {

    private static Frame through(Frame in, String format, Path file) throws Exception {
        StructureFormat f = StructureFormats.require(format);
        f.write(file, List.of(in), WriteOptions.DEFAULT);
        return f.readFirst(file, ReadOptions.DEFAULT);
    }

    private static void chain(Structure start, Path tmp) throws Exception {
        Frame f = new Frame(start);
        f = through(f, "extxyz", tmp.resolve("a.extxyz"));
        f = through(f, "poscar", tmp.resolve("POSCAR"));
        f = through(f, "lammps-data", tmp.resolve("a.lmp"));
        f = through(f, "extxyz", tmp.resolve("b.extxyz"));
        Structure end = f.structure();
        assertEquals(start.size(), end.size());
        assertArrayEquals(start.lattice().matrix(), end.lattice().matrix(), 0.0, "cell must be exact");
        for (int i = 0; i < start.size(); i++) {
            assertEquals(start.element(i), end.element(i), "element of atom " + i);
            // compare modulo the cell: formats may wrap atoms into it
            double[] d = {end.x(i, 0) - start.x(i, 0), end.x(i, 1) - start.x(i, 1), end.x(i, 2) - start.x(i, 2)};
            start.lattice().minimumImage(d);
            assertEquals(0.0, Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]), 1e-6, "position of atom " + i);
        }
    }

    @Test
    void lgps(@TempDir Path tmp) throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Structure s = StructureFormats.require("cif").readFirst(cif, ReadOptions.DEFAULT).structure();
        chain(s, tmp);
    }

    @Test
    void monoclinicCa2AlNbO6(@TempDir Path tmp) throws Exception {
        Path cif = SharedData.require("data/structures/Ca2AlNbO6_cod2100513.cif");
        Structure s = StructureFormats.require("cif").readFirst(cif, ReadOptions.DEFAULT.withOrderDisorder(true))
                .structure();
        chain(s, tmp);
    }

    @Test
    void cifWrittenAndReadBack(@TempDir Path tmp) throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        StructureFormat format = StructureFormats.require("cif");
        Structure s = format.readFirst(cif, ReadOptions.DEFAULT).structure();
        Path out = tmp.resolve("p1.cif");
        format.write(out, List.of(new Frame(s)), WriteOptions.DEFAULT);
        Structure back = format.readFirst(out, ReadOptions.DEFAULT).structure();
        assertArrayEquals(s.lattice().matrix(), back.lattice().matrix(), 1e-9);
        assertArrayEquals(s.positions(), back.positions(), 1e-8);
    }
}
