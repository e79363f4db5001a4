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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtxyzFormatTest {

    private static final String LGPS = "data/lgps/lgps_init_590.extxyz";
    private final ExtxyzFormat format = new ExtxyzFormat();

    @TempDir
    Path dir;

    @Test
    void describesItself() {
        assertEquals("extxyz", format.name());
        assertEquals(List.of("extxyz", "xyz"), format.extensions());
        assertTrue(format.multiFrame());
        assertTrue(format.canRead());
        assertTrue(format.canWrite());
    }

    @Test
    void lgpsFirstFrameHasTheKnownValues() throws IOException {
        Path file = SharedData.require(LGPS);
        Frame f = format.readFirst(file, ReadOptions.DEFAULT);
        Structure s = f.structure();
        assertEquals(50, s.size());
        assertEquals(-215.4699337, f.energy(), 0.0);
        assertEquals(Lattice.fromVectors(8.787646, 0, 0, 0, 8.787646, 0, 0, 0, 12.657546), s.lattice());
        assertEquals(8.787646, s.lattice().a(), 0.0);
        assertEquals(8.787646, s.lattice().b(), 0.0);
        assertEquals(12.657546, s.lattice().c(), 0.0);
        assertTrue(s.isFullyPeriodic());
        assertEquals("Li", s.element(0).symbol());
        assertArrayEquals(new double[] {2.01086, 2.36078, 3.74148}, s.position(0), 0.0);
        assertArrayEquals(new double[] {0.07344, 0.047998, -0.05166}, java.util.Arrays.copyOf(f.forces(), 3), 0.0);
        assertEquals(20, s.composition().count(PeriodicTable.require("Li")));
        assertEquals(2, s.composition().count(PeriodicTable.require("Ge")));
        assertEquals(4, s.composition().count(PeriodicTable.require("P")));
        assertEquals(24, s.composition().count(PeriodicTable.require("S")));
        assertNull(f.stress());
        assertNull(f.velocities());
        assertTrue(f.info().isEmpty(), "no extra keys: " + f.info());
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void streamsAllLgpsFramesQuickly() throws IOException {
        Path file = SharedData.require(LGPS);
        long start = System.nanoTime();
        int frames = 0;
        double lastEnergy = Double.NaN;
        int atoms = 0;
        try (FrameReader r = format.open(file, ReadOptions.DEFAULT)) {
            for (Frame f = r.next(); f != null; f = r.next()) {
                frames++; // counted, not collected
                atoms += f.structure().size();
                lastEnergy = f.energy();
                assertNotNull(f.forces());
            }
            assertNull(r.next(), "the reader stays at the end");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(590, frames);
        assertEquals(590 * 50, atoms);
        assertTrue(Double.isFinite(lastEnergy));
        assertTrue(seconds < 5, "reading 590 frames took " + seconds + " s");
    }

    @Test
    void secondLgpsFrameIsTheNextOneInTheFile() throws IOException {
        Path file = SharedData.require(LGPS);
        try (FrameReader r = format.open(file, ReadOptions.DEFAULT)) {
            r.next();
            assertEquals(-215.38151333, r.next().energy(), 0.0);
        }
    }

    @Test
    void roundTripKeepsEverything() throws IOException {
        List<Frame> original = firstLgpsFrames(4);
        Frame f0 = original.get(0);
        f0.setStress(new double[] {0.001, 2e-4, -3e-5, 2e-4, 0.0021, 1.5e-17, -3e-5, 1.5e-17, -0.0033});
        f0.info().put("free_energy", "-215.5");
        f0.info().put("config_type", "random displacement 0.1 A");
        f0.info().put("quote", "say \"hi\" \\ back");
        f0.info().put("converged", "T");
        double[] vel = new double[150];
        for (int i = 0; i < vel.length; i++) {
            vel[i] = Math.sin(i) * 0.01;
        }
        f0.setVelocities(vel);
        // an irrational-looking cell and partial periodicity on the second frame
        Structure s1 = original.get(1).structure();
        Lattice skew = Lattice.fromVectors(8.787646 / 3, 0.1 / 7, 0, 0.2 / 3, Math.PI * 2.7, 0, 1 / 3.0, 0.7, Math.E * 4);
        Structure partial = new Structure(skew, new boolean[] {true, false, true}, s1.species(), s1.positions());
        Frame f1 = new Frame(partial).setEnergy(original.get(1).energy()).setForces(original.get(1).forces());
        original.set(1, f1);
        // a molecule without a cell
        Structure molecule = new Structure(null, new Element[] {PeriodicTable.require("O"), PeriodicTable.require("H"),
                PeriodicTable.require("H")}, new double[] {0, 0, 0.1173, 0, 0.7572, -0.4692, 0, -0.7572, -0.4692});
        original.add(new Frame(molecule));

        Path out = dir.resolve("round.extxyz");
        format.write(out, original, WriteOptions.DEFAULT);
        List<Frame> back = format.readAll(out, ReadOptions.DEFAULT);
        assertEquals(original.size(), back.size());
        for (int k = 0; k < original.size(); k++) {
            assertSameFrame(original.get(k), back.get(k));
        }
        assertArrayEquals(f0.stress(), back.get(0).stress(), 0.0);
        assertEquals("random displacement 0.1 A", back.get(0).info().get("config_type"));
        assertEquals("say \"hi\" \\ back", back.get(0).info().get("quote"));
        assertEquals("-215.5", back.get(0).info().get("free_energy"));
        assertEquals("T", back.get(0).info().get("converged"));
        assertArrayEquals(new boolean[] {true, false, true}, back.get(1).structure().pbc());
        assertNull(back.get(original.size() - 1).structure().lattice());
        assertFalse(back.get(original.size() - 1).hasEnergy());
    }

    static void assertSameFrame(Frame expected, Frame actual) {
        Structure a = expected.structure();
        Structure b = actual.structure();
        assertEquals(a.size(), b.size());
        assertEquals(a.lattice(), b.lattice(), "the cell must round-trip exactly");
        assertArrayEquals(a.pbc(), b.pbc());
        assertArrayEquals(a.species(), b.species());
        assertArrayEquals(a.positions(), b.positions(), 1e-8);
        assertEquals(expected.hasEnergy(), actual.hasEnergy());
        if (expected.hasEnergy()) {
            assertEquals(expected.energy(), actual.energy(), 0.0);
        }
        assertTensor(expected.forces(), actual.forces(), 1e-10);
        assertTensor(expected.velocities(), actual.velocities(), 1e-10);
        assertTensor(expected.stress(), actual.stress(), 0.0);
        assertEquals(expected.info(), actual.info());
    }

    private static void assertTensor(double[] expected, double[] actual, double tolerance) {
        if (expected == null) {
            assertNull(actual);
        } else {
            assertArrayEquals(expected, actual, tolerance);
        }
    }

    @Test
    void lgpsWrittenAndReadBackIsIdentical() throws IOException {
        Path file = SharedData.require(LGPS);
        List<Frame> frames = format.readAll(file, ReadOptions.DEFAULT);
        Path out = dir.resolve("all.extxyz");
        format.write(out, frames, WriteOptions.DEFAULT);
        List<Frame> back = format.readAll(out, ReadOptions.DEFAULT);
        assertEquals(590, back.size());
        for (int k = 0; k < frames.size(); k++) {
            assertSameFrame(frames.get(k), back.get(k));
        }
    }

    @Test
    void readsTheCommentLineSyntaxVariants() throws IOException {
        Frame f = readOne("""
                2
                LATTICE = [[4.0, 0, 0], [0, 5.0, 0], [0, 0, 6.0]] properties="species:S:1:pos:R:3:Z:I:1:masses:R:1" \
                Energy=-1.5e1 PBC={T F 1} note=plain "quoted key"="a b" flag tag={1 2 3}
                Li 0.0 0.0 0.0 3 6.94
                S  1.0 2.0 3.0 16 32.06
                """);
        Structure s = f.structure();
        assertEquals(Lattice.orthorhombic(4, 5, 6), s.lattice());
        assertArrayEquals(new boolean[] {true, false, true}, s.pbc());
        assertEquals(-15.0, f.energy(), 0.0);
        assertEquals("S", s.element(1).symbol());
        assertArrayEquals(new double[] {1, 2, 3}, s.position(1), 0.0);
        assertEquals("plain", f.info().get("note"));
        assertEquals("a b", f.info().get("quoted key"));
        assertEquals("T", f.info().get("flag"));
        assertEquals("{1 2 3}", f.info().get("tag"));
    }

    @Test
    void sixStressNumbersAreVoigtOrder() throws IOException {
        Frame f = readOne("""
                1
                Lattice="2 0 0 0 2 0 0 0 2" stress="1 2 3 4 5 6"
                H 0 0 0
                """);
        // xx yy zz yz xz xy
        assertArrayEquals(new double[] {1, 6, 5, 6, 2, 4, 5, 4, 3}, f.stress(), 0.0);
    }

    @Test
    void virialBecomesStressOverVolume() throws IOException {
        Frame f = readOne("""
                1
                Lattice="2 0 0 0 2 0 0 0 2" virial="8 0 0 0 -16 0 0 0 4"
                H 0 0 0
                """);
        assertArrayEquals(new double[] {-1, 0, 0, 0, 2, 0, 0, 0, -0.5}, f.stress(), 1e-15);
    }

    @Test
    void stressWinsOverVirial() throws IOException {
        Frame f = readOne("""
                1
                Lattice="2 0 0 0 2 0 0 0 2" virial="8 0 0 0 8 0 0 0 8" stress="1 0 0 0 1 0 0 0 1"
                H 0 0 0
                """);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, f.stress(), 0.0);
    }

    @Test
    void pbcSpellings() throws IOException {
        String template = "1\nLattice=\"2 0 0 0 2 0 0 0 2\" pbc=%s\nH 0 0 0\n";
        assertArrayEquals(new boolean[] {true, true, true}, readOne(template.formatted("\"T T T\"")).structure().pbc());
        assertArrayEquals(new boolean[] {false, false, false}, readOne(template.formatted("F")).structure().pbc());
        assertArrayEquals(new boolean[] {true, true, true}, readOne(template.formatted("True")).structure().pbc());
        assertArrayEquals(new boolean[] {true, false, true}, readOne(template.formatted("\"1 0 1\"")).structure().pbc());
        assertArrayEquals(new boolean[] {false, true, false},
                readOne(template.formatted("\"False True False\"")).structure().pbc());
        // a lattice with no pbc key is fully periodic
        assertTrue(readOne("1\nLattice=\"2 0 0 0 2 0 0 0 2\"\nH 0 0 0\n").structure().isFullyPeriodic());
    }

    @Test
    void velocitiesAndOtherColumns() throws IOException {
        for (String name : List.of("vel", "velo", "velocities")) {
            Frame f = readOne("""
                    2
                    Properties=species:S:1:pos:R:3:momenta:R:3:%s:R:3:force:R:3 energy=1
                    Li 0 0 0  9 9 9  0.1 0.2 0.3  1 2 3
                    3  1 1 1  9 9 9  -0.1 -0.2 -0.3  -1 -2 -3
                    """.formatted(name));
            assertArrayEquals(new double[] {0.1, 0.2, 0.3, -0.1, -0.2, -0.3}, f.velocities(), 0.0, name);
            assertArrayEquals(new double[] {1, 2, 3, -1, -2, -3}, f.forces(), 0.0);
            assertEquals("Li", f.structure().element(1).symbol(), "atomic number 3 in the species column");
            assertNull(f.structure().lattice());
        }
    }

    @Test
    void atomicNumberColumnWithoutSpecies() throws IOException {
        Frame f = readOne("""
                2
                Properties=Z:I:1:pos:R:3
                8 0 0 0
                1 0 0 1
                """);
        assertEquals("O", f.structure().element(0).symbol());
        assertEquals("H", f.structure().element(1).symbol());
    }

    @Test
    void plainXyzReads() throws IOException {
        Frame f = readOne("""
                3
                water molecule from some program
                O 0.0 0.0 0.1173
                H 0.0 0.7572 -0.4692
                H 0.0 -0.7572 -0.4692

                """);
        assertEquals(3, f.structure().size());
        assertNull(f.structure().lattice());
        assertFalse(f.structure().isPeriodic(0));
        assertEquals("water molecule from some program", f.info().get("comment"));
        assertFalse(f.hasEnergy());
        assertArrayEquals(new double[] {0, -0.7572, -0.4692}, f.structure().position(2), 0.0);
    }

    @Test
    void freeTextWithAnUnbalancedQuoteAndEqualsIsKeptAsComment() throws IOException {
        Frame f = readOne("1\nE = -1.0 \"converged\nH 0 0 0\n");
        assertEquals("E = -1.0 \"converged", f.info().get("comment"));
    }

    @Test
    void pbcWithoutLatticeWarnsAndIsNotPeriodic() throws IOException {
        Frame f = readOne("1\npbc=\"T T T\"\nH 0 0 0\n");
        assertNull(f.structure().lattice());
        assertFalse(f.structure().isPeriodic(0));
        assertEquals(1, f.warnings().size(), f.warnings().toString());
    }

    @Test
    void emptyFileHasNoFrames() throws IOException {
        Path p = write("empty.xyz", "");
        assertTrue(format.readAll(p, ReadOptions.DEFAULT).isEmpty());
        Path blank = write("blank.xyz", "\n\n");
        assertTrue(format.readAll(blank, ReadOptions.DEFAULT).isEmpty());
    }

    @Test
    void zeroAtomFrameIsAllowed() throws IOException {
        List<Frame> frames = format.readAll(write("zero.xyz", "0\nempty\n1\n\nHe 0 0 0\n"), ReadOptions.DEFAULT);
        assertEquals(2, frames.size());
        assertEquals(0, frames.get(0).structure().size());
        assertEquals(1, frames.get(1).structure().size());
    }

    @Test
    void errorsNameTheExactLine() throws IOException {
        assertError("""
                2
                Properties=species:S:1:pos:R:3:forces:R:3
                Li 0 0 0 1 1 1
                Li 0 0 0 1 1
                """, 4, "atom 2 of 2 in frame 1: expected 7 values (species, pos×3, forces×3), found 6 values");
        assertError("""
                1
                energy=1
                Li 0 0 0 extra
                """, 3, "found more than 4 values");
        assertError("""
                1
                energy=1
                Li 0 zero 0
                """, 3, "atom 1: position component y ('pos' column 3) is not a number: 'zero'");
        assertError("1\n\nLi 0 NaN 0\n", 3, "is not a finite number: 'NaN'");
        assertError("1\n\nXx 0 0 0\n", 3, "atom 1: 'Xx' is not an element symbol");
        assertError("1\n\n200 0 0 0\n", 3, "there is no element with atomic number 200");
        assertError("1\nLattice=\"1 0 0 0 1 0 0 0\"\nH 0 0 0\n", 2, "Lattice needs 9 numbers");
        assertError("1\nLattice=\"1 0 0 0 1 0 0 0 x\"\nH 0 0 0\n", 2, "Lattice component 9");
        assertError("1\nLattice=\"1 0 0 1 0 0 0 0 1\"\nH 0 0 0\n", 2, "Lattice is not a valid cell");
        assertError("1\nLattice=\"1e200 0 0 0 1e200 0 0 0 1e200\"\nH 0 0 0\n", 2, "Lattice is too large");
        assertError("1\nLattice=\"1 0 0 0 1 0 0 0 1\nH 0 0 0\n", 2, "the quote opened at column 9 is never closed");
        assertError("1\nenergy=abc\nH 0 0 0\n", 2, "expected energy (a number), found 'abc'");
        assertError("1\nProperties=species:S:1:pos:R:2\nH 0 0\n", 2, "must be pos:R:3, found pos:R:2");
        assertError("1\nProperties=pos:R:3\n0 0 0\n", 2, "has no species column");
        assertError("1\nProperties=species:S:1:pos:R:3:junk:R:2147483647\nH 0 0 0\n", 2, "2147483647 values per atom");
        assertError("1\nvirial=\"1 0 0 0 1 0 0 0 1\"\nH 0 0 0\n", 2, "virial needs a Lattice");
        assertError("1\npbc=\"T X T\"\nH 0 0 0\n", 2, "pbc flag 'X'");
        assertError("-1\n\n", 1, "negative number of atoms");
        assertError("three\n\n", 1, "the first line should hold the number of atoms, found 'three'");
        assertError("1\n", 2, "file ends early: expected the comment line of frame 1");
    }

    @Test
    void truncatedFrameSaysHowManyAtomLinesThereAre() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int frame = 0; frame < 2; frame++) {
            sb.append("3\nenergy=").append(frame).append('\n');
            for (int i = 0; i < 3; i++) {
                sb.append("H 0 0 ").append(i).append('\n');
            }
        }
        sb.append("50\nenergy=2\n");
        for (int i = 0; i < 12; i++) {
            sb.append("H 0 0 ").append(i).append('\n');
        }
        // 10 lines in the first two frames, count line 11, comment 12, atom lines 13..24
        assertError(sb.toString(), 25, "frame 3 declares 50 atoms (line 11) but the file ends after 12 atom lines");
    }

    @Test
    void garbageAfterTheLastFrameIsAnErrorButTrailingBlanksAreNot() throws IOException {
        String frame = "1\nenergy=1\nH 0 0 0\n";
        assertEquals(1, format.readAll(write("ok.xyz", frame + "\n\n"), ReadOptions.DEFAULT).size());
        assertError(frame + "\nthe end\n", 5, "after frame 1 the next line should hold the atom count of frame 2");
        // a count that says too few atoms shows up as an atom line where the next count should be
        assertError("1\n\nH 0 0 0\nH 0 0 1\n", 4, "found 'H 0 0 1'");
    }

    @Test
    void nonUtf8BytesAreAFormatError() throws IOException {
        Path p = dir.resolve("latin1.xyz");
        Files.write(p, new byte[] {'1', '\n', 'c', (byte) 0xE9, '\n', 'H', ' ', '0', ' ', '0', ' ', '0', '\n'});
        FormatException e = assertThrows(FormatException.class, () -> format.readAll(p, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    }

    @Test
    void readerStreamsFrameByFrame() throws IOException {
        Path p = write("stream.xyz", "1\nenergy=1\nH 0 0 0\n1\nenergy=2\nH 0 0 zz\n");
        try (FrameReader r = format.open(p, ReadOptions.DEFAULT)) {
            assertEquals(1.0, r.next().energy(), 0.0); // the bad second frame is not read yet
            FormatException e = assertThrows(FormatException.class, r::next);
            assertEquals(6, e.line());
        }
    }

    @Test
    void streamingWriterAppends(@TempDir Path tmp) throws IOException {
        List<Frame> frames = firstLgpsFramesOrSynthetic(5);
        Path out = tmp.resolve("sub").resolve("traj.extxyz");
        try (ExtxyzWriter w = ExtxyzWriter.open(out, false)) {
            w.append(frames.get(0));
            w.append(frames.get(1));
            w.flush();
            assertEquals(2, format.readAll(out, ReadOptions.DEFAULT).size(), "flushed frames are readable");
            w.append(frames.get(2));
            assertEquals(3, w.framesWritten());
        }
        try (ExtxyzWriter w = ExtxyzWriter.open(out, true)) {
            w.append(frames.get(3));
        }
        // a file whose last line lacks its newline still gets a proper frame boundary
        Files.writeString(out, Files.readString(out).stripTrailing());
        try (ExtxyzWriter w = ExtxyzWriter.open(out, true)) {
            w.append(frames.get(4));
        }
        List<Frame> back = format.readAll(out, ReadOptions.DEFAULT);
        assertEquals(5, back.size());
        for (int k = 0; k < 5; k++) {
            assertSameFrame(frames.get(k), back.get(k));
        }
        // open without append starts over
        try (ExtxyzWriter w = ExtxyzWriter.open(out, false)) {
            w.append(frames.get(0));
        }
        assertEquals(1, format.readAll(out, ReadOptions.DEFAULT).size());
    }

    @Test
    void writtenCommentLineLooksLikeAse() throws IOException {
        Frame f = new Frame(new Structure(Lattice.orthorhombic(3, 4, 5), new Element[] {PeriodicTable.require("Si")},
                new double[] {0.5, -0.0, 1e-12})).setEnergy(-5.25).setForces(new double[] {0.1, 0, -0.1});
        f.info().put("energy", "ignored: the frame's own energy is written");
        f.info().put("source", "unit test");
        Path out = dir.resolve("one.extxyz");
        format.write(out, List.of(f), WriteOptions.DEFAULT);
        List<String> lines = Files.readAllLines(out);
        assertEquals("1", lines.get(0));
        assertEquals("Lattice=\"3.0 0.0 0.0 0.0 4.0 0.0 0.0 0.0 5.0\" Properties=species:S:1:pos:R:3:forces:R:3 "
                + "energy=-5.25 pbc=\"T T T\" source=\"unit test\"", lines.get(1));
        assertEquals("Si        0.5000000000        0.0000000000        0.0000000000        0.1000000000"
                + "        0.0000000000       -0.1000000000", lines.get(2));
        assertEquals(3, lines.size());
    }

    // ---- helpers

    private Frame readOne(String text) throws IOException {
        Path p = write("one.extxyz", text);
        List<Frame> frames = format.readAll(p, ReadOptions.DEFAULT);
        assertEquals(1, frames.size());
        return frames.get(0);
    }

    private void assertError(String text, int line, String fragment) throws IOException {
        Path p = write("bad.extxyz", text);
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

    private List<Frame> firstLgpsFrames(int n) throws IOException {
        Path file = SharedData.require(LGPS);
        List<Frame> out = new java.util.ArrayList<>();
        try (FrameReader r = format.open(file, ReadOptions.DEFAULT)) {
            for (int k = 0; k < n; k++) {
                out.add(r.next());
            }
        }
        return out;
    }

    /** LGPS frames when the shared data is there, otherwise small synthetic ones (this test needs no shared data). */
    private List<Frame> firstLgpsFramesOrSynthetic(int n) throws IOException {
        if (SharedData.root() != null && Files.exists(SharedData.root().resolve(LGPS))) {
            return firstLgpsFrames(n);
        }
        List<Frame> out = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            Structure s = new Structure(Lattice.orthorhombic(5, 5, 5), new Element[] {PeriodicTable.require("Na"),
                    PeriodicTable.require("Cl")}, new double[] {0.1 * k, 0, 0, 2.5, 2.5, 2.5 + 0.01 * k});
            out.add(new Frame(s).setEnergy(-1.0 - k).setForces(new double[] {k, 0, 0, -k, 0, 0}));
        }
        return out;
    }
}
