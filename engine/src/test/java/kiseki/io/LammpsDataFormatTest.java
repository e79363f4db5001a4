package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class LammpsDataFormatTest {

    private static final LammpsDataFormat FORMAT = new LammpsDataFormat();

    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(LammpsDataFormatTest.class.getResource("/kiseki/io/lammps/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Frame read(Path p) throws IOException {
        return FORMAT.readFirst(p, ReadOptions.DEFAULT);
    }

    private static void assertPosition(Structure s, int atom, double x, double y, double z, double tol) {
        assertEquals(x, s.x(atom, 0), tol, "x of atom " + atom);
        assertEquals(y, s.x(atom, 1), tol, "y of atom " + atom);
        assertEquals(z, s.x(atom, 2), tol, "z of atom " + atom);
    }

    @Test
    void describesItself() {
        assertEquals("lammps-data", FORMAT.name());
        assertEquals(List.of("lmp", "data", "lammps"), FORMAT.extensions());
        assertFalse(FORMAT.multiFrame());
        assertTrue(FORMAT.canRead());
        assertTrue(FORMAT.canWrite());
    }

    /** tri_final.data was written by LAMMPS (29 Sep 2021) write_data: triclinic, origin (-2, 1, 0.5), image flags. */
    @Test
    void readsTriclinicFileWrittenByLammps() throws IOException {
        Frame f = read(resource("tri_final.data"));
        Structure s = f.structure();
        assertEquals(Lattice.fromVectors(8, 0, 0, 1.5, 7, 0, -1, 0.8, 6), s.lattice(), "cell from bounds and tilts");
        assertEquals(10, s.size());
        // masses 6.94 and 32.06 without comments: matched to the periodic table
        for (int i = 0; i < 6; i++) {
            assertEquals("Li", s.element(i).symbol());
        }
        for (int i = 6; i < 10; i++) {
            assertEquals("S", s.element(i).symbol());
        }
        // atom 1: 6.22732934558962 7.2029691455548255 5.665703172046761, image (1, -1, 0); origin moved to 0
        assertPosition(s, 0, 6.22732934558962 + 8 - 1.5 + 2, 7.2029691455548255 - 7 - 1, 5.665703172046761 - 0.5,
                1e-12);
        // atom 8: image (-1, 1, -1)
        assertPosition(s, 7, -0.47095187626615287 - 8 + 1.5 + 1 + 2, 1.8387643964030218 + 7 - 0.8 - 1,
                2.8792054671987053 - 6 - 0.5, 1e-12);
        double[] v = f.velocities();
        assertEquals(17.384876222456224e-3, v[0], 1e-15, "Å/ps → Å/fs");
        assertEquals(2.0312800653939282e-3, v[29], 1e-15);
        assertEquals("LAMMPS data file via write_data, version 29 Sep 2021, timestep = 200", f.info().get("title"));
    }

    @Test
    void sortsAtomsByIdAndSkipsOtherSections() throws IOException {
        // ortho_final.data lists ids 6 2 7 8 1 5 3 4 and has a Pair Coeffs section
        Structure s = read(resource("ortho_final.data")).structure();
        assertEquals(Lattice.orthorhombic(7, 6, 6), s.lattice());
        assertEquals("Li", s.element(0).symbol());
        // id 1: 2.0269802945044826 0.21377410072640737 1.565428876185372, image (2, 0, 1), ylo = -1
        assertPosition(s, 0, 2.0269802945044826 + 14, 0.21377410072640737 + 1, 1.565428876185372 + 6, 1e-12);
        // id 6 (type 2): image (-1, 0, 0)
        assertEquals("S", s.element(5).symbol());
        assertPosition(s, 5, 6.993839967318378 - 7, 2.6220867578964913 + 1, 2.308201660451101, 1e-12);
    }

    @Test
    void typeElementsOptionWins() throws IOException {
        Structure s = FORMAT.readFirst(resource("tri_final.data"), ReadOptions.DEFAULT.withTypeElements(
                List.of("Na", "Cl"))).structure();
        assertEquals("Na", s.element(0).symbol());
        assertEquals("Cl", s.element(9).symbol());
        FormatException e = assertThrows(FormatException.class, () -> FORMAT.readFirst(resource("tri_final.data"),
                ReadOptions.DEFAULT.withTypeElements(List.of("Na"))));
        assertTrue(e.getMessage().contains("atom type 2 has no element"), e.getMessage());
    }

    private static final String SMALL = """
            small test cell

            3 atoms
            2 atom types
            0.0 4.0 xlo xhi
            0.0 5.0 ylo yhi
            0.0 6.0 zlo zhi

            Masses

            1 1.0 # Li
            2 15.999

            Atoms

            3 2 1.0 1.0 1.0
            1 1 0.5 0.5 0.5
            2 1 3.5 4.5 5.5
            """;

    @Test
    void massCommentNamesTheElement() throws IOException {
        Structure s = read(file("small.data", SMALL)).structure();
        assertEquals(List.of("Li", "Li", "O"), Arrays.stream(s.species()).map(Element::symbol).toList(),
                "type 1 from the comment (its mass 1.0 would say H), type 2 from the mass 15.999");
        assertPosition(s, 2, 1.0, 1.0, 1.0, 0);
    }

    @Test
    void closestElementWithinTolerance() {
        assertEquals("Li", LammpsDataFormat.elementForMass(6.941).symbol());
        assertEquals("Ge", LammpsDataFormat.elementForMass(72.63).symbol());
        assertEquals("P", LammpsDataFormat.elementForMass(30.97).symbol());
        assertEquals("Ar", LammpsDataFormat.elementForMass(39.95).symbol(), "Ar 39.948 beats Ca 40.078");
        assertEquals(null, LammpsDataFormat.elementForMass(2.014), "deuterium matches nothing within 0.1 amu");
    }

    @Test
    void unmappableTypeSaysHowToGiveTheMap() throws IOException {
        Path p = file("heavy.data", SMALL.replace("1 1.0 # Li", "1 300.0"));
        FormatException e = assertThrows(FormatException.class, () -> read(p));
        assertTrue(e.getMessage().startsWith(p + ":17: atom type 1 (mass 300.0) cannot be mapped to an element"),
                e.getMessage());
        assertTrue(e.getMessage().contains("type-to-element map"), e.getMessage());
        assertTrue(e.getMessage().contains("'1 6.94 # Li'"), e.getMessage());
    }

    @Test
    void understandsFullStyleAndTypeLabels() throws IOException {
        String text = """
                labelled, full style

                2 atoms
                2 atom types
                1 bonds
                1 bond types
                -1 1 xlo xhi
                -1 1 ylo yhi
                -1 1 zlo zhi

                Atom Type Labels

                1 Ow
                2 Hw

                Masses

                Ow 15.999
                Hw 1.008

                Atoms # full

                1 7 Ow -0.8 0.1 0.2 0.3
                2 7 Hw 0.4 0.6 0.2 0.3 1 0 0

                Bonds

                1 1 1 2
                """;
        Structure s = read(file("full.data", text)).structure();
        assertEquals("O", s.element(0).symbol());
        assertEquals("H", s.element(1).symbol());
        assertPosition(s, 0, 1.1, 1.2, 1.3, 1e-15);
        assertPosition(s, 1, 1.6 + 2, 1.2, 1.3, 1e-15);
    }

    @Test
    void contentErrorsNameTheLine() throws IOException {
        assertError("noatoms.data", SMALL.substring(0, SMALL.indexOf("Atoms")),
                ": the file has no Atoms section (the header says 3 atoms)");
        assertError("short.data", SMALL.replace("2 1 3.5 4.5 5.5\n", ""),
                ":18: expected 3 lines in the Atoms section, the file ends after 2");
        assertError("columns.data", SMALL.replace("1 1 0.5 0.5 0.5", "1 1 0.5 0.5"),
                ":17: an Atoms line has 4 values; atomic style needs 5 values (id type x y z) or 8 with image flags");
        assertError("dup.data", SMALL.replace("2 1 3.5", "3 1 3.5"), ":18: atom id 3 appears twice (also on line 16)");
        assertError("type.data", SMALL.replace("3 2 1.0", "3 3 1.0"),
                ":16: atom type 3 is outside 1..2 (the header says 2 atom types)");
        assertError("nan.data", SMALL.replace("0.5 0.5 0.5", "0.5 NaN 0.5"),
                ":17: y coordinate of atom 1 is not a finite number: 'NaN'");
        assertError("box.data", SMALL.replace("0.0 5.0 ylo", "5.0 5.0 ylo"),
                ":6: yhi (5.0) must be greater than ylo (5.0)");
        assertError("count.data", SMALL.replace("3 atoms", "three atoms"), ":3: unrecognised header line 'three atoms'");
        assertError("huge.data", SMALL.replace("3 atoms", "2147483647 atoms"), ":3: 2147483647 atoms is more than");
        assertError("many.data", SMALL.replace("3 atoms", "5 atoms"),
                ":19: expected 5 lines in the Atoms section, the file ends after 3");
        assertError("nocount.data", SMALL.replace("2 atom types\n", ""), ": the header has no 'N atom types' line");
        assertError("twice.data", SMALL + "\nMasses\n\n1 2.0\n2 3.0\n", ":20: the Masses section appears twice");
        assertError("style.data", SMALL.replace("Atoms\n", "Atoms # sphere\n"),
                ":14: atom style 'sphere' is not supported");
        assertError("section.data", SMALL.replace("Masses\n", "Massen\n"), ":9: unrecognised header line 'Massen'");
        assertError("velocities.data", SMALL + "\nVelocities\n\n1 0 0 0\n2 0 0 0\n9 0 0 0\n",
                ":20: the Velocities section has no line for atom id 3");
        assertError("empty.data", "", ": the file is empty");
    }

    private void assertError(String name, String text, String expected) throws IOException {
        Path p = file(name, text);
        FormatException e = assertThrows(FormatException.class, () -> read(p), name);
        assertTrue(e.getMessage().startsWith(p + expected), "expected '" + p + expected + "...', got '"
                + e.getMessage() + "'");
    }

    // ------------------------------------------------------------------------------------------------ writing

    public static Structure randomStructure(Lattice lattice, long seed, String... elements) {
        Random r = new Random(seed);
        int n = 12;
        Element[] species = new Element[n];
        double[] frac = new double[3 * n];
        for (int i = 0; i < n; i++) {
            species[i] = PeriodicTable.require(elements[i % elements.length]);
            for (int k = 0; k < 3; k++) {
                frac[3 * i + k] = r.nextDouble() * 1.4 - 0.2; // some atoms outside the cell
            }
        }
        return Structure.fromFractional(lattice, species, frac);
    }

    @Test
    void lowerTriangularCellRoundTripsExactly() throws IOException {
        Lattice cell = Lattice.fromParameters(8.787646, 8.787646, 12.657546, 84, 97, 101);
        Structure s = randomStructure(cell, 7, "S", "Li", "Ge", "P");
        Frame f = new Frame(s);
        double[] v = new double[3 * s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.01 * Math.sin(i + 0.3);
        }
        f.setVelocities(v);
        Path p = tmp.resolve("lgps.lmp");
        FORMAT.write(p, List.of(f), WriteOptions.DEFAULT);
        String text = Files.readString(p);
        assertTrue(text.contains("\n1 32.06 # S\n2 6.94 # Li\n3 72.63 # Ge\n4 30.973761998 # P\n"), text);
        assertTrue(text.contains(" xy xz yz\n"));
        assertTrue(text.contains("\nAtoms # atomic\n"));

        Frame back = read(p);
        assertEquals(cell, back.structure().lattice(), "a lower-triangular cell comes back exactly");
        assertArrayEquals(s.positions(), back.structure().positions(), 1e-10);
        assertArrayEquals(s.positions(), back.structure().positions(), 0.0, "in fact bit for bit");
        assertArrayEquals(s.species(), back.structure().species());
        assertArrayEquals(v, back.velocities(), 1e-15);
    }

    @Test
    void orthogonalCellHasNoTiltLine() throws IOException {
        Path p = tmp.resolve("ortho.data");
        FORMAT.write(p, List.of(new Frame(randomStructure(Lattice.orthorhombic(3, 4, 5), 1, "Si"))),
                WriteOptions.DEFAULT);
        String text = Files.readString(p);
        assertFalse(text.contains("xy xz yz"), text);
        assertTrue(text.contains("\n0.0 3.0 xlo xhi\n0.0 4.0 ylo yhi\n0.0 5.0 zlo zhi\n"), text);
    }

    /** A rotation about an arbitrary axis, applied to rows. */
    static double[] rotation(double angle, double[] axis) {
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double x = axis[0] / n;
        double y = axis[1] / n;
        double z = axis[2] / n;
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double t = 1 - c;
        return new double[] {t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c,
                t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c};
    }

    static double[] rotateRows(double[] rows, double[] r) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i += 3) {
            for (int k = 0; k < 3; k++) {
                out[i + k] = r[3 * k] * rows[i] + r[3 * k + 1] * rows[i + 1] + r[3 * k + 2] * rows[i + 2];
            }
        }
        return out;
    }

    @Test
    void generalCellIsRotatedIntoLammpsForm() throws IOException {
        Lattice standard = Lattice.fromParameters(5.1, 6.2, 7.3, 75, 95, 110);
        Structure reference = randomStructure(standard, 11, "Li", "S");
        double[] r = rotation(0.7, new double[] {0.3, -1.0, 0.5});
        Lattice turned = Lattice.fromVectors(rotateRows(standard.matrix(), r));
        Structure s = new Structure(turned, reference.species(), rotateRows(reference.positions(), r));
        Frame f = new Frame(s);
        f.setVelocities(rotateRows(reference.positions(), r)); // any vector field rotates the same way
        Path p = tmp.resolve("turned.data");
        FORMAT.write(p, List.of(f), WriteOptions.DEFAULT);
        Frame back = read(p);
        Lattice cell = back.structure().lattice();
        double[] m = cell.matrix();
        assertEquals(0.0, m[1]);
        assertEquals(0.0, m[2]);
        assertEquals(0.0, m[5]);
        assertArrayEquals(standard.matrix(), m, 1e-12, "rotating back gives the standard orientation");
        assertArrayEquals(reference.positions(), back.structure().positions(), 1e-10);
        assertArrayEquals(reference.positions(), back.velocities(), 1e-10, "velocities rotate with the atoms");
    }

    @Test
    void leftHandedCellIsRotatedNotMirrored() throws IOException {
        Lattice left = Lattice.fromVectors(4, 0, 0, 0.5, 5, 0, 0.3, 0.2, -6);
        Structure s = randomStructure(left, 3, "Ge", "P", "S");
        Path p = tmp.resolve("left.data");
        FORMAT.write(p, List.of(new Frame(s)), WriteOptions.DEFAULT);
        Structure back = read(p).structure();
        assertTrue(back.lattice().isRightHanded());
        assertEquals(left.volume(), back.lattice().volume(), 1e-10);
        // distances, and a chirality-sensitive triple product, are unchanged: a proper rotation
        for (int i = 0; i < s.size(); i++) {
            for (int j = 0; j < s.size(); j++) {
                assertEquals(s.distance(i, j), back.distance(i, j), 1e-10);
            }
        }
        assertEquals(triple(s, 0, 1, 2, 3), triple(back, 0, 1, 2, 3), 1e-9);
    }

    private static double triple(Structure s, int o, int a, int b, int c) {
        double[] p = s.positions();
        double[] u = new double[3];
        double[] v = new double[3];
        double[] w = new double[3];
        for (int k = 0; k < 3; k++) {
            u[k] = p[3 * a + k] - p[3 * o + k];
            v[k] = p[3 * b + k] - p[3 * o + k];
            w[k] = p[3 * c + k] - p[3 * o + k];
        }
        return u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0])
                + u[2] * (v[0] * w[1] - v[1] * w[0]);
    }

    @Test
    void typeOrderFromWriteOptions() throws IOException {
        Structure s = randomStructure(Lattice.orthorhombic(5, 5, 5), 5, "S", "Li");
        Path p = tmp.resolve("typed.data");
        FORMAT.write(p, List.of(new Frame(s)), new WriteOptions(List.of("Li", "Ge", "S")));
        String text = Files.readString(p);
        assertTrue(text.contains("3 atom types"));
        assertTrue(text.contains("\n1 6.94 # Li\n2 72.63 # Ge\n3 32.06 # S\n"), text);
        assertTrue(text.contains("\n1 3 "), "atom 1 is S = type 3");
        assertArrayEquals(s.species(), read(p).structure().species());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> FORMAT.write(p,
                List.of(new Frame(s)), new WriteOptions(List.of("Li"))));
        assertTrue(missing.getMessage().contains("contains S"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FORMAT.write(p, List.of(new Frame(s), new Frame(s)),
                WriteOptions.DEFAULT));
        Structure molecule = new Structure(null, s.species(), s.positions());
        assertThrows(IllegalArgumentException.class, () -> FORMAT.write(p, List.of(new Frame(molecule)),
                WriteOptions.DEFAULT));
    }

    /** When LAMMPS itself is installed, it must accept the written file and give the same structure back. */
    @Test
    void lammpsAcceptsTheWrittenFile() throws Exception {
        String lmp = kiseki.testing.Programs.findOnPath("lmp", "lmp_serial", "lmp_mpi");
        Assumptions.assumeTrue(lmp != null, "skipped: no LAMMPS executable (lmp, lmp_serial or lmp_mpi) on PATH");
        Lattice cell = Lattice.fromParameters(6.1, 6.7, 7.3, 80, 100, 104);
        Structure s = randomStructure(cell, 9, "Li", "P", "S");
        Path in = tmp.resolve("kiseki.data");
        FORMAT.write(in, List.of(new Frame(s)), WriteOptions.DEFAULT);
        Path script = file("in.check", """
                units metal
                atom_style atomic
                read_data kiseki.data
                write_data lammps.data
                """);
        Process proc = new ProcessBuilder(lmp, "-in", script.getFileName().toString(), "-log", "none")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("lmp.out").toFile())
                .start();
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "LAMMPS finished");
        assertEquals(0, proc.exitValue(), Files.readString(tmp.resolve("lmp.out")));
        Structure back = read(tmp.resolve("lammps.data")).structure();
        assertArrayEquals(cell.matrix(), back.lattice().matrix(), 1e-12);
        assertArrayEquals(s.species(), back.species());
        assertArrayEquals(s.positions(), back.positions(), 1e-9, "LAMMPS wraps atoms and sets image flags");
    }
}
