package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoscarFormatTest {

    private final PoscarFormat format = new PoscarFormat();

    @TempDir
    Path dir;

    @Test
    void describesItself() {
        assertEquals("poscar", format.name());
        assertEquals(List.of("poscar", "contcar", "vasp"), format.extensions());
        assertFalse(format.multiFrame());
    }

    @Test
    void lgpsRoundTripKeepsCellExactlyAndPositions() throws IOException {
        Frame lgps = new ExtxyzFormat().readFirst(SharedData.require("data/lgps/lgps_init_590.extxyz"),
                ReadOptions.DEFAULT);
        Structure s = lgps.structure();
        Path out = dir.resolve("POSCAR");
        format.write(out, List.of(lgps), WriteOptions.DEFAULT);
        List<String> lines = Files.readAllLines(out);
        assertEquals("Li20Ge2P4S24", lines.get(0));
        assertEquals("1.0", lines.get(1));
        assertEquals(List.of("Li", "Ge", "P", "S"), List.of(lines.get(5).trim().split("\\s+")));
        assertEquals(List.of("20", "2", "4", "24"), List.of(lines.get(6).trim().split("\\s+")));
        assertEquals("Direct", lines.get(7));
        assertEquals(8 + 50, lines.size());

        Frame back = format.readFirst(out, ReadOptions.DEFAULT);
        Structure b = back.structure();
        assertEquals(s.lattice(), b.lattice(), "cell must be exact");
        assertArrayEquals(s.species(), b.species());
        assertArrayEquals(s.positions(), b.positions(), 1e-8);
        assertEquals("Li20Ge2P4S24", back.info().get("comment"));
        assertTrue(back.warnings().isEmpty());
        assertFalse(back.hasEnergy(), "POSCAR carries no energy");

        // a skewed cell with digits that need the full double precision
        Lattice skew = Lattice.fromVectors(8.787646 / 3, 0.1 / 7, 0, 0.2 / 3, Math.PI * 2.7, 0, 1 / 3.0, 0.7, Math.E * 4);
        Structure moved = new Structure(skew, s.species(), s.positions());
        format.write(out, List.of(new Frame(moved)), WriteOptions.DEFAULT);
        Structure movedBack = format.readFirst(out, ReadOptions.DEFAULT).structure();
        assertEquals(skew, movedBack.lattice());
        assertArrayEquals(moved.positions(), movedBack.positions(), 1e-8);
    }

    @Test
    void scaleFactorMultipliesLatticeAndCartesianPositions() throws IOException {
        Frame f = read("""
                scaled
                2.0
                1 0 0
                0 1.5 0
                0 0 2
                Na Cl
                1 1
                Cartesian
                0 0 0
                0.5 0.75 1
                """);
        Structure s = f.structure();
        assertEquals(Lattice.orthorhombic(2, 3, 4), s.lattice());
        assertArrayEquals(new double[] {1, 1.5, 2}, s.position(1), 0.0);
        assertEquals("scaled", f.info().get("comment"));
    }

    @Test
    void negativeScaleIsTheTargetVolume() throws IOException {
        Frame f = read("""
                volume 1000
                -1000
                1 0 0
                0 1 0
                0 0 2
                Si
                1
                Direct
                0.5 0.5 0.5
                """);
        Lattice l = f.structure().lattice();
        assertEquals(1000, l.volume(), 1e-9);
        double s = Math.cbrt(500);
        assertEquals(s, l.a(), 1e-12);
        assertEquals(2 * s, l.c(), 1e-12);
        assertArrayEquals(new double[] {s / 2, s / 2, s}, f.structure().position(0), 1e-12);
    }

    @Test
    void threeScaleFactorsScaleCartesianComponents() throws IOException {
        Frame f = read("""
                per-axis
                1 2 3
                1 0 0
                0 1 0
                0 0 1
                O
                1
                k
                1 1 1
                """);
        assertEquals(Lattice.orthorhombic(1, 2, 3), f.structure().lattice());
        assertArrayEquals(new double[] {1, 2, 3}, f.structure().position(0), 0.0);
    }

    @Test
    void selectiveDynamicsFlagsAndCommentsAreSkipped() throws IOException {
        Frame f = read("""
                slab
                   1.00000000000000
                     4.0 0.0 0.0
                     0.0 4.0 0.0
                     0.0 0.0 20.0
                   Cu_pv   O
                     2     1
                Selective dynamics
                direct
                  0.0 0.0 0.0   F F F ! fixed
                  0.5 0.5 0.0   F F F
                  0.25 0.25 0.1 T T T  O adsorbate
                """);
        Structure s = f.structure();
        assertEquals(3, s.size());
        assertEquals("Cu", s.element(1).symbol());
        assertEquals("O", s.element(2).symbol());
        assertArrayEquals(new double[] {1, 1, 2}, s.position(2), 1e-12);
        assertEquals(1, f.warnings().size());
        assertTrue(f.warnings().get(0).contains("selective dynamics"), f.warnings().toString());
    }

    @Test
    void contcarVelocityBlockIsRead() throws IOException {
        Frame f = read("""
                CONTCAR after MD
                1.0
                5 0 0
                0 5 0
                0 0 5
                H   He
                1   1
                Direct
                  0.1 0.2 0.3
                  0.5 0.5 0.5

                  0.01 -0.02 0.03
                 -0.04  0.05 -0.06

                 1
                 0.5
                 predictor corrector lines follow and are ignored
                """);
        assertArrayEquals(new double[] {0.01, -0.02, 0.03, -0.04, 0.05, -0.06}, f.velocities(), 0.0);
        assertArrayEquals(new double[] {0.5, 1, 1.5}, f.structure().position(0), 1e-15);
    }

    @Test
    void cartesianVelocityHeaderAndTrailingBlankLines() throws IOException {
        String head = "x\n1\n3 0 0\n0 3 0\n0 0 3\nAr\n1\nDirect\n0 0 0\n";
        assertArrayEquals(new double[] {1, 2, 3}, read(head + "Cartesian\n1 2 3\n").velocities(), 0.0);
        assertNull(read(head + "\n\n\n").velocities());
        Frame direct = read(head + "Direct\n0.1 0.1 0.1\n");
        assertNull(direct.velocities());
        assertEquals(1, direct.warnings().size());
    }

    @Test
    void writerWritesVelocitiesAndGroupsAtomsByElementStably() throws IOException {
        Element o = PeriodicTable.require("O");
        Element h = PeriodicTable.require("H");
        Structure s = new Structure(Lattice.orthorhombic(10, 10, 10), new Element[] {h, o, h, o, h},
                new double[] {1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 5, 0, 0});
        Frame f = new Frame(s).setVelocities(new double[] {0.1, 0, 0, 0.2, 0, 0, 0.3, 0, 0, 0.4, 0, 0, 0.5, 0, 0});
        Path out = dir.resolve("grouped.vasp");
        format.write(out, List.of(f), WriteOptions.DEFAULT);
        Frame back = format.readFirst(out, ReadOptions.DEFAULT);
        Structure b = back.structure();
        assertEquals("H H H O O", String.join(" ", java.util.Arrays.stream(b.species()).map(Element::symbol).toList()));
        double[] expectX = {1, 3, 5, 2, 4};
        for (int i = 0; i < 5; i++) {
            assertEquals(expectX[i], b.x(i, 0), 1e-12);
            assertEquals(expectX[i] / 10, back.velocities()[3 * i], 1e-15);
        }

        // an explicit element order (e.g. the POTCAR's) wins over first appearance
        format.write(out, List.of(f), new WriteOptions(List.of("O", "C", "H")));
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("O", "H"), List.of(lines.get(5).trim().split("\\s+")));
        assertEquals(List.of("2", "3"), List.of(lines.get(6).trim().split("\\s+")));
        assertEquals("O", format.readFirst(out, ReadOptions.DEFAULT).structure().element(0).symbol());
        assertThrows(IllegalArgumentException.class,
                () -> format.write(out, List.of(f), new WriteOptions(List.of("O"))));
    }

    @Test
    void writerRefusesWhatPoscarCannotHold() {
        Structure molecule = new Structure(null, new Element[] {PeriodicTable.require("He")}, new double[3]);
        Path out = dir.resolve("POSCAR");
        assertThrows(IllegalArgumentException.class,
                () -> format.write(out, List.of(new Frame(molecule)), WriteOptions.DEFAULT));
        Structure cell = new Structure(Lattice.orthorhombic(3, 3, 3), new Element[] {PeriodicTable.require("He")},
                new double[3]);
        assertThrows(IllegalArgumentException.class,
                () -> format.write(out, List.of(new Frame(cell), new Frame(cell)), WriteOptions.DEFAULT));
        assertFalse(Files.exists(out));
    }

    @Test
    void vasp4NeedsTheElementsFromTheOptions() throws IOException {
        String vasp4 = """
                old style
                3.57
                0.0 0.5 0.5
                0.5 0.0 0.5
                0.5 0.5 0.0
                1 1
                Direct
                0.00 0.00 0.00
                0.25 0.25 0.25
                """;
        Path p = write("POSCAR", vasp4);
        FormatException e = assertThrows(FormatException.class, () -> format.readFirst(p, ReadOptions.DEFAULT));
        assertEquals(6, e.line());
        assertTrue(e.problem().contains("VASP 4"), e.problem());
        assertTrue(e.problem().contains("element symbols"), e.problem());

        Frame f = format.readFirst(p, ReadOptions.DEFAULT.withTypeElements(List.of("B", "N")));
        assertEquals("B", f.structure().element(0).symbol());
        assertEquals("N", f.structure().element(1).symbol());
        assertArrayEquals(new double[] {0.8925, 0.8925, 0.8925}, f.structure().position(1), 1e-12);

        FormatException wrongCount = assertThrows(FormatException.class,
                () -> format.readFirst(p, ReadOptions.DEFAULT.withTypeElements(List.of("B"))));
        assertTrue(wrongCount.problem().contains("2 species but 1 element symbols"), wrongCount.problem());
    }

    @Test
    void errorsNameTheExactLine() throws IOException {
        String head = "bad\n1.0\n4 0 0\n0 4 0\n0 0 4\n";
        assertError(head + "Li Ge P\n2 1\nDirect\n0 0 0\n0 0 0\n0 0 0\n", 7,
                "the counts line has 2 numbers but the symbols line (line 6) names 3 elements");
        assertError(head + "Li S\n2 2\nDirect\n0 0 0\n0.5 0.5 0.5\n0.1 0.1 0.1\n", 12,
                "the counts line (line 7) declares 4 atoms but the file ends after 3 position lines");
        assertError(head + "Li\n1\nDirect\n0 zero 0\n", 9, "expected atom 1 coordinate y (a number), found 'zero'");
        assertError(head + "Li\n1\nDirect\n0 0\n", 9, "atom 1: expected 3 numbers, found '0 0'");
        assertError(head + "Li\n1\nDirect\n0 0 NaN\n", 9, "not a finite number");
        assertError(head + "Li\n1\nXirect\n0 0 0\n", 8, "expected 'Direct' or 'Cartesian'");
        assertError(head + "Li\n1\n0 0 0\n", 8, "expected 'Direct' or 'Cartesian'");
        assertError(head + "Li\nx\nDirect\n0 0 0\n", 7, "expected the number of Li atoms (an integer), found 'x'");
        assertError(head + "Li\n-1\nDirect\n", 7, "negative");
        assertError(head + "Li\n0\nDirect\n", 7, "declares no atoms");
        assertError(head + "Li S\n2147483647 2147483647\nDirect\n", 7, "more than can be read");
        assertError(head + "Li\n700000000\nDirect\n0 0 0\n", 10, "declares 700000000 atoms but the file ends after 1");
        assertError(head + "Qq\n1\nDirect\n0 0 0\n", 6, "'Qq' on the element symbols line is not an element symbol");
        assertError(head + "Li\n1\nDirect\n0 0 0\n0.5 0.5 0.5\n", 10, "after the 1 atom positions");
        assertError(head + "Li Li\n1 1\nDirect\n0 0 0\n0 0 0\n\n1 2 3\n", 13,
                "the velocity block after line 11 has 1 line, expected one per atom (2)");
        assertError("bad\n0\n4 0 0\n0 4 0\n0 0 4\nLi\n1\nDirect\n0 0 0\n", 2, "the scaling factor is zero");
        assertError("bad\n\n", 2, "expected the scaling factor, found a blank line");
        assertError("bad\n1 2 -3\n4 0 0\n", 2, "all must be positive");
        assertError("bad\n1\n4 0 0\n0 4\n", 4, "lattice vector b needs 3 numbers, found 2");
        assertError("bad\n1\n4 0 0\n8 0 0\n0 0 4\nLi\n1\nD\n0 0 0\n", 3, "do not form a cell");
        assertError("bad\n-10\n4 0 0\n8 0 0\n0 0 4\nLi\n1\nD\n0 0 0\n", 3, "linearly dependent");
        assertError("bad\n1e200 1e200 1e200\n1 0 0\n0 1 0\n0 0 1\nLi\n1\nD\n0 0 0\n", 3, "too large");
        assertError("bad\n10\n1 0 0\n0 1 0\n0 0 1\nLi Li\n1 1\nS\nC\n0 0 0 T T T\n1e308 0 0 T T T\n", 11,
                "atom 2: the position is too large");
        assertError("", 1, "file ends early: expected the comment line");
        assertError("bad\n1\n4 0 0\n0 4 0\n0 0 4\n", 6, "file ends early: expected the element symbols line");
    }

    // ---- helpers

    private Frame read(String text) throws IOException {
        return format.readFirst(write("POSCAR", text), ReadOptions.DEFAULT);
    }

    private void assertError(String text, int line, String fragment) throws IOException {
        Path p = write("POSCAR_bad", text);
        FormatException e = assertThrows(FormatException.class, () -> format.readAll(p, ReadOptions.DEFAULT),
                () -> "no error for:\n" + text);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ":" + line + ": "), e.getMessage());
        assertTrue(e.problem().contains(fragment), () -> "'" + e.problem() + "' lacks '" + fragment + "'");
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
