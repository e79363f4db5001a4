package kiseki.io;

import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static kiseki.io.LammpsDataFormatTest.randomStructure;
import static kiseki.io.LammpsDataFormatTest.resource;
import static kiseki.io.LammpsDataFormatTest.rotateRows;
import static kiseki.io.LammpsDataFormatTest.rotation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixtures tri_*.lammpstrj and ortho_*.lammpstrj were written by LAMMPS (29 Sep 2021) from one short MD run each
 * (scripts tri.in and ortho.in beside them): the same atoms dumped with different column styles, so every style must
 * give the same unwrapped positions.
 */
class LammpsDumpFormatTest {

    private static final LammpsDumpFormat FORMAT = new LammpsDumpFormat();
    private static final ReadOptions LI_S = ReadOptions.DEFAULT.withTypeElements(List.of("Li", "S"));
    private static final Lattice TRICLINIC = Lattice.fromVectors(8, 0, 0, 1.5, 7, 0, -1, 0.8, 6);

    @TempDir
    Path tmp;

    private static List<Frame> read(String name, ReadOptions options) throws IOException {
        return FORMAT.readAll(resource(name), options);
    }

    @Test
    void describesItself() {
        assertEquals("lammps-dump", FORMAT.name());
        assertEquals(List.of("lammpstrj", "dump"), FORMAT.extensions());
        assertTrue(FORMAT.multiFrame());
    }

    @Test
    void triclinicElementColumnForcesAndVelocities() throws IOException {
        List<Frame> frames = read("tri_xu.lammpstrj", ReadOptions.DEFAULT);
        assertEquals(3, frames.size());
        assertEquals(List.of("0", "100", "200"), frames.stream().map(f -> f.info().get("timestep")).toList());
        Frame last = frames.get(2);
        Structure s = last.structure();
        // bounding box -3 7.5 1.5 / 1 8.8 -1 / 0.5 6.5 0.8 → xlo = -2, xhi = 6, ylo = 1, yhi = 8, zlo = 0.5
        assertArrayEquals(TRICLINIC.matrix(), s.lattice().matrix(), 1e-14);
        assertEquals("Li", s.element(0).symbol());
        assertEquals("S", s.element(9).symbol());
        // atom 1: xu 12.7273293456 0.202969145555 5.66570317205, minus the origin
        assertEquals(12.7273293456 + 2, s.x(0, 0), 1e-12);
        assertEquals(0.202969145555 - 1, s.x(0, 1), 1e-12);
        assertEquals(5.66570317205 - 0.5, s.x(0, 2), 1e-12);
        assertEquals(-0.0050371104133, last.forces()[0], 0, "forces stay in eV/Å");
        assertEquals(0.00216169527106, last.forces()[2], 0);
        assertEquals(17.3848762225e-3, last.velocities()[0], 1e-16, "Å/ps → Å/fs");
        assertEquals("unwrapped", last.info().get("lammps.coordinates"));
    }

    @Test
    void everyTriclinicColumnStyleGivesTheSameUnwrappedPositions() throws IOException {
        List<Frame> xu = read("tri_xu.lammpstrj", ReadOptions.DEFAULT);
        for (String name : List.of("tri_ix.lammpstrj", "tri_xs.lammpstrj", "tri_xsu.lammpstrj")) {
            List<Frame> other = read(name, LI_S);
            assertEquals(3, other.size(), name);
            for (int k = 0; k < 3; k++) {
                Structure a = xu.get(k).structure();
                Structure b = other.get(k).structure();
                assertArrayEquals(a.species(), b.species(), name);
                assertArrayEquals(a.positions(), b.positions(), 2e-9, name + " timestep " + k * 100);
                assertEquals("unwrapped", other.get(k).info().get("lammps.coordinates"), name);
            }
        }
        // and the same as the data file LAMMPS wrote at the last step (full precision, image flags)
        Structure data = new LammpsDataFormat().readFirst(resource("tri_final.data"), ReadOptions.DEFAULT).structure();
        assertArrayEquals(data.positions(), xu.get(2).structure().positions(), 2e-10);
    }

    @Test
    void orthogonalStylesAndSortingById() throws IOException {
        List<Frame> ix = read("ortho_ix.lammpstrj", LI_S);
        List<Frame> xu = read("ortho_xu.lammpstrj", ReadOptions.DEFAULT); // id element xu yu zu, no type column
        List<Frame> atom = read("ortho_atom.lammpstrj", LI_S); // dump atom: id type xs ys zs, wrapped
        Structure data = new LammpsDataFormat().readFirst(resource("ortho_final.data"), ReadOptions.DEFAULT).structure();
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(ix.get(k).structure().positions(), xu.get(k).structure().positions(), 2e-10);
            assertEquals(Lattice.orthorhombic(7, 6, 6), atom.get(k).structure().lattice());
            assertEquals("wrapped", atom.get(k).info().get("lammps.coordinates"));
            // wrapped scaled coordinates (%g: 6 significant digits) are the unwrapped ones less whole cell vectors
            Structure w = atom.get(k).structure();
            Structure u = ix.get(k).structure();
            for (int i = 0; i < w.size(); i++) {
                double[] d = w.lattice().toFractional(new double[] {w.x(i, 0) - u.x(i, 0), w.x(i, 1) - u.x(i, 1),
                        w.x(i, 2) - u.x(i, 2)});
                for (int c = 0; c < 3; c++) {
                    assertEquals(Math.rint(d[c]), d[c], 1e-5, "atom " + (i + 1) + " timestep " + k * 100);
                }
            }
        }
        assertArrayEquals(data.positions(), ix.get(2).structure().positions(), 2e-10);
        // ids in the file are 6 2 7 8 1 5 3 4; id 1 is type 1 (Li) at 4.6946176559 -0.436925719473 4.36408762582
        Structure first = ix.get(0).structure();
        assertEquals("Li", first.element(0).symbol());
        assertEquals(4.6946176559, first.x(0, 0), 1e-15);
        assertEquals(-0.436925719473 + 1, first.x(0, 1), 1e-15);
        assertEquals(31.15797375e-3, ix.get(0).velocities()[3 * 3], 1e-16, "id 4 vx");
    }

    @Test
    void knownImageFlagUnwrapping() throws IOException {
        String text = """
                ITEM: TIMESTEP
                42
                ITEM: NUMBER OF ATOMS
                2
                ITEM: BOX BOUNDS xy xz yz pp pp pp
                -1.0 11.0 2.0
                0.0 8.0 0.0
                0.0 6.0 0.0
                ITEM: ATOMS id type x y z ix iy iz c_pe
                2 2 1.0 2.0 3.0 -1 2 1 -0.75
                1 1 0.5 0.5 0.5 0 0 0 -1.25
                """;
        Path p = tmp.resolve("known.lammpstrj");
        Files.writeString(p, text);
        Frame f = FORMAT.readFirst(p, ReadOptions.DEFAULT.withTypeElements(List.of("Ge", "P")));
        Structure s = f.structure();
        // xy = 2: xlo = -1 - min(0, 2) = -1, xhi = 11 - 2 = 9 → a = (10, 0, 0), b = (2, 8, 0), c = (0, 0, 6)
        assertEquals(Lattice.fromVectors(10, 0, 0, 2, 8, 0, 0, 0, 6), s.lattice());
        assertEquals("Ge", s.element(0).symbol());
        assertArrayEquals(new double[] {1.5, 0.5, 0.5}, s.position(0), 0);
        // atom 2: (1,2,3) − 1·a + 2·b + 1·c, then minus the origin (−1, 0, 0)
        assertArrayEquals(new double[] {1 - 10 + 4 + 1, 2 + 16, 3 + 6}, s.position(1), 0);
        assertEquals("42", f.info().get("timestep"));
        assertNull(f.forces());
    }

    @Test
    void streamsOneSnapshotAtATime() throws IOException {
        try (FrameReader r = FORMAT.open(resource("tri_xu.lammpstrj"), ReadOptions.DEFAULT)) {
            assertEquals("0", r.next().info().get("timestep"));
            assertEquals("100", r.next().info().get("timestep"));
            assertEquals("200", r.next().info().get("timestep"));
            assertNull(r.next());
            assertNull(r.next());
        }
    }

    @Test
    void typesWithoutElementMapAreRefusedWithAHint() {
        FormatException e = assertThrows(FormatException.class, () -> read("ortho_atom.lammpstrj",
                ReadOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(resource("ortho_atom.lammpstrj") + ":9: the atoms have no element"),
                e.getMessage());
        assertTrue(e.getMessage().contains("type-to-element map"), e.getMessage());
    }

    @Test
    void contentErrorsNameTheLine() throws IOException {
        String good = Files.readString(resource("ortho_xu.lammpstrj"));
        assertError("short.lammpstrj", good.substring(0, good.indexOf("ITEM: TIMESTEP\n100")).replaceFirst(
                "\n[^\n]*\n$", "\n"), ":17: the file ends after 7 of the 8 atom lines of timestep 0");
        assertError("fewer.lammpstrj", good.replaceFirst("8\n", "9\n"),
                ":18: timestep 0 has only 8 atom lines, 'ITEM: NUMBER OF ATOMS' says 9");
        assertError("cols.lammpstrj", good.replaceFirst("\n2 Li ", "\n2 Li 0.5 "),
                ":11: an atom line has 6 values, 'ITEM: ATOMS' on line 9 lists 5 columns");
        assertError("dup.lammpstrj", good.replaceFirst("\n7 S ", "\n6 S "),
                ":12: atom id 6 appears twice in timestep 0 (also on line 10)");
        assertError("element.lammpstrj", good.replaceFirst("\n7 S ", "\n7 Qq "),
                ":12: element 'Qq' is not a chemical element symbol");
        assertError("item.lammpstrj", good.replaceFirst("ITEM: NUMBER OF ATOMS", "NUMBER OF ATOMS"),
                ":3: expected an 'ITEM:' line, found 'NUMBER OF ATOMS'");
        assertError("box.lammpstrj", good.replaceFirst("-1.0000000000000000e\\+00 5", "5.0000000000000000e+00 5"),
                ":5: the box bounds give a box with no volume");
        assertError("nocoords.lammpstrj", good.replaceFirst("xu yu zu", "a b c"),
                ":9: 'ITEM: ATOMS' has no coordinate columns");
        assertError("partial.lammpstrj", good.replaceFirst("xu yu zu", "xu yu q"),
                ":9: columns xu yu zu must appear together");
        assertError("huge.lammpstrj", good.replaceFirst("8\n", "2147483647\n"),
                ":4: the number of atoms 2147483647 is out of range");
        assertError("cut.lammpstrj", good + "ITEM: TIMESTEP\n300\nITEM: NUMBER OF ATOMS\n8\n",
                ":56: the file ends inside the snapshot of timestep 300");
    }

    private void assertError(String name, String text, String expected) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        FormatException e = assertThrows(FormatException.class, () -> FORMAT.readAll(p, ReadOptions.DEFAULT), name);
        assertTrue(e.getMessage().startsWith(p + expected), "expected '" + p + expected + "...', got '"
                + e.getMessage() + "'");
    }

    // ------------------------------------------------------------------------------------------------ writing

    private static List<Frame> trajectory(Lattice lattice) {
        List<Frame> frames = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Structure s = randomStructure(lattice, 100 + k, "Li", "Ge", "P", "S");
            Frame f = new Frame(s);
            double[] forces = new double[3 * s.size()];
            double[] velocities = new double[3 * s.size()];
            for (int i = 0; i < forces.length; i++) {
                forces[i] = Math.cos(i * 0.7 + k);
                velocities[i] = 0.02 * Math.sin(i * 1.3 - k);
            }
            f.setForces(forces).setVelocities(velocities);
            f.info().put("timestep", Integer.toString(500 * k));
            frames.add(f);
        }
        return frames;
    }

    @Test
    void writeReadRoundTripInBothCoordinateStyles() throws IOException {
        Lattice cell = Lattice.fromParameters(8.787646, 8.9, 12.657546, 85, 95, 100);
        List<Frame> frames = trajectory(cell);
        for (LammpsDumpFormat.Coordinates style : LammpsDumpFormat.Coordinates.values()) {
            LammpsDumpFormat format = new LammpsDumpFormat(style);
            Path p = tmp.resolve(style + ".lammpstrj");
            format.write(p, frames, WriteOptions.DEFAULT);
            String text = Files.readString(p);
            assertTrue(text.contains(style == LammpsDumpFormat.Coordinates.UNWRAPPED
                    ? "ITEM: ATOMS id type element xu yu zu fx fy fz vx vy vz\n"
                    : "ITEM: ATOMS id type element x y z ix iy iz fx fy fz vx vy vz\n"), text);
            assertTrue(text.contains("ITEM: BOX BOUNDS xy xz yz pp pp pp\n"));
            List<Frame> back = format.readAll(p, ReadOptions.DEFAULT);
            assertEquals(3, back.size());
            for (int k = 0; k < 3; k++) {
                Frame a = frames.get(k);
                Frame b = back.get(k);
                assertEquals(Integer.toString(500 * k), b.info().get("timestep"));
                assertArrayEquals(cell.matrix(), b.structure().lattice().matrix(), 1e-12);
                assertArrayEquals(a.structure().species(), b.structure().species());
                assertArrayEquals(a.structure().positions(), b.structure().positions(), 1e-10, style.toString());
                assertArrayEquals(a.forces(), b.forces(), 1e-15);
                assertArrayEquals(a.velocities(), b.velocities(), 1e-15);
                assertEquals("unwrapped", b.info().get("lammps.coordinates"));
            }
        }
    }

    @Test
    void rotatedCellsAreWrittenInLammpsOrientation() throws IOException {
        Lattice standard = Lattice.fromParameters(6, 7, 8, 70, 80, 95);
        double[] r = rotation(1.1, new double[] {1, 2, -0.5});
        List<Frame> standardFrames = trajectory(standard);
        List<Frame> turned = new ArrayList<>();
        for (Frame f : standardFrames) {
            Structure s = f.structure();
            Frame t = new Frame(new Structure(Lattice.fromVectors(rotateRows(standard.matrix(), r)), s.species(),
                    rotateRows(s.positions(), r)));
            t.setForces(rotateRows(f.forces(), r));
            turned.add(t);
        }
        Path p = tmp.resolve("turned.dump");
        FORMAT.write(p, turned, new WriteOptions(List.of("S", "P", "Ge", "Li")));
        assertTrue(Files.readString(p).contains("\n1 4 Li "), "type order from WriteOptions");
        List<Frame> back = FORMAT.readAll(p, ReadOptions.DEFAULT);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(standard.matrix(), back.get(k).structure().lattice().matrix(), 1e-12);
            assertArrayEquals(standardFrames.get(k).structure().positions(), back.get(k).structure().positions(),
                    1e-10);
            assertArrayEquals(standardFrames.get(k).forces(), back.get(k).forces(), 1e-12);
            assertEquals(Integer.toString(k), back.get(k).info().get("timestep"), "frame index without info");
        }
    }

    @Test
    void writerRefusesStructuresWithoutCell() {
        Structure s = randomStructure(Lattice.orthorhombic(5, 5, 5), 1, "Li");
        Frame molecule = new Frame(new Structure(null, s.species(), s.positions()));
        assertThrows(IllegalArgumentException.class, () -> FORMAT.write(tmp.resolve("m.dump"), List.of(molecule),
                WriteOptions.DEFAULT));
    }

    /** With LAMMPS installed: it reads our dump back with read_dump and writes the same atoms into a data file. */
    @Test
    void lammpsReadsTheWrittenDump() throws Exception {
        String lmp = kiseki.testing.Programs.findOnPath("lmp", "lmp_serial", "lmp_mpi");
        Assumptions.assumeTrue(lmp != null, "skipped: no LAMMPS executable (lmp, lmp_serial or lmp_mpi) on PATH");
        Lattice cell = Lattice.fromParameters(8, 9, 10, 85, 95, 100);
        List<Frame> frames = trajectory(cell);
        new LammpsDumpFormat(LammpsDumpFormat.Coordinates.WRAPPED_WITH_IMAGES).write(tmp.resolve("k.lammpstrj"),
                frames, WriteOptions.DEFAULT);
        new LammpsDataFormat().write(tmp.resolve("start.data"), List.of(frames.get(0)), WriteOptions.DEFAULT);
        Files.writeString(tmp.resolve("in.check"), """
                units metal
                atom_style atomic
                read_data start.data
                read_dump k.lammpstrj 1000 x y z ix iy iz box yes
                write_data after.data
                """);
        Process proc = new ProcessBuilder(lmp, "-in", "in.check", "-log", "none").directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("lmp.out").toFile()).start();
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), Files.readString(tmp.resolve("lmp.out")));
        Structure after = new LammpsDataFormat().readFirst(tmp.resolve("after.data"), ReadOptions.DEFAULT)
                .structure();
        assertNotNull(after);
        assertArrayEquals(frames.get(2).structure().positions(), after.positions(), 1e-9);
    }
}
