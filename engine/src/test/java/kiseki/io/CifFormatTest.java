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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Reading real and synthetic CIFs (cell, symmetry expansion, sites, disorder) and writing P1 CIFs. */
class CifFormatTest {

    private static final CifFormat CIF = new CifFormat();
    private static final ReadOptions ORDER = ReadOptions.DEFAULT.withOrderDisorder(true);

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path p = dir.resolve("test.cif");
        Files.writeString(p, text);
        return p;
    }

    private static Frame read(Path p) throws IOException {
        return CIF.readFirst(p, ReadOptions.DEFAULT);
    }

    private FormatException failure(String text) throws IOException {
        Path p = file(text);
        FormatException e = assertThrows(FormatException.class, () -> CIF.readAll(p, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(p.toString() + ":"), e.getMessage());
        return e;
    }

    private static int count(Structure s, String symbol) {
        return s.composition().count(PeriodicTable.require(symbol));
    }

    /** Whether the structure has an atom of this element at the fractional point (modulo lattice vectors). */
    private static boolean hasAtomAt(Structure s, String symbol, double fx, double fy, double fz) {
        double[] frac = s.fractionalPositions();
        for (int i = 0; i < s.size(); i++) {
            if (!s.element(i).symbol().equals(symbol)) {
                continue;
            }
            double[] d = {frac[3 * i] - fx, frac[3 * i + 1] - fy, frac[3 * i + 2] - fz};
            double[] cart = s.lattice().toCartesian(d);
            s.lattice().minimumImage(cart);
            if (Math.sqrt(cart[0] * cart[0] + cart[1] * cart[1] + cart[2] * cart[2]) < 1e-6) {
                return true;
            }
        }
        return false;
    }

    /** Header of an atom-site loop with labels and fractional coordinates. */
    private static final String SITE_LOOP =
            "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";

    private static final String CUBIC_CELL = """
            _cell_length_a 5.0
            _cell_length_b 5.0
            _cell_length_c 5.0
            """;

    // ---- acceptance: the shared files ----

    @Test
    void readsLgps() throws IOException {
        Path p = SharedData.require("data/structures/LGPS_mp-696128.cif");
        List<Frame> frames = CIF.readAll(p, ReadOptions.DEFAULT);
        assertEquals(1, frames.size());
        Frame f = frames.get(0);
        Structure s = f.structure();
        assertEquals(50, s.size());
        assertEquals(20, count(s, "Li"));
        assertEquals(2, count(s, "Ge"));
        assertEquals(4, count(s, "P"));
        assertEquals(24, count(s, "S"));
        assertEquals(977.45, s.lattice().volume(), 0.01);
        assertEquals(8.787646, s.lattice().a(), 1e-12);
        assertEquals(8.787646, s.lattice().b(), 1e-12);
        assertEquals(12.657546, s.lattice().c(), 1e-12);
        assertEquals(90.0, s.lattice().gamma(), 1e-12);
        assertEquals("Li10Ge(PS6)2", f.info().get("cif.block"));
        assertEquals("P 1", f.info().get("cif.spacegroup"));
        assertTrue(f.warnings().isEmpty(), f.warnings().toString());
        // first site Li0 at (0.228698, 0.27295, 0.294563), standard orientation
        assertEquals(0.228698 * 8.787646, s.x(0, 0), 1e-9);
        assertEquals(0.27295 * 8.787646, s.x(0, 1), 1e-9);
        assertEquals(0.294563 * 12.657546, s.x(0, 2), 1e-9);
        assertTrue(hasAtomAt(s, "S", 0.29262200, 0.50000000, 0.19816600));
    }

    @Test
    void refusesPartialOccupancyOfCa2AlNbO6ByDefault() throws IOException {
        Path p = SharedData.require("data/structures/Ca2AlNbO6_cod2100513.cif");
        FormatException e = assertThrows(FormatException.class, () -> CIF.readAll(p, ReadOptions.DEFAULT));
        String m = e.getMessage();
        assertTrue(m.startsWith(p + ":38: "), m);
        assertTrue(m.contains("Ca2AlNbO6_cod2100513.cif"), m);
        assertTrue(m.contains("partial occupancy at 2 sites: Al1 (Al 0.941) + Nb1 (Nb 0.059) at (0, 0.5, 0); "
                + "Al2 (Al 0.059) + Nb2 (Nb 0.941) at (0.5, 0, 0); read with the ordering option (--order-disorder)"), m);
    }

    @Test
    void ordersCa2AlNbO6OnRequest() throws IOException {
        Path p = SharedData.require("data/structures/Ca2AlNbO6_cod2100513.cif");
        Frame f = CIF.readFirst(p, ORDER);
        Structure s = f.structure();
        assertEquals(20, s.size());
        assertEquals(4, count(s, "Ca"));
        assertEquals(2, count(s, "Al"));
        assertEquals(2, count(s, "Nb"));
        assertEquals(12, count(s, "O"));
        assertEquals(89.970, s.lattice().beta(), 1e-6);
        assertEquals(90.0, s.lattice().alpha(), 1e-9);
        assertEquals(90.0, s.lattice().gamma(), 1e-9);
        assertEquals(5.37706, s.lattice().a(), 1e-12);
        assertEquals(5.41557, s.lattice().b(), 1e-12);
        assertEquals(7.62550, s.lattice().c(), 1e-12);
        assertEquals("2100513", f.info().get("cif.block"));
        assertEquals("P 1 21/n 1", f.info().get("cif.spacegroup"));
        assertEquals(1, f.warnings().size(), f.warnings().toString());
        String w = f.warnings().get(0);
        assertTrue(w.contains("Al1 (Al 0.941) + Nb1 (Nb 0.059) at (0, 0.5, 0) -> Al"), w);
        assertTrue(w.contains("Al2 (Al 0.059) + Nb2 (Nb 0.941) at (0.5, 0, 0) -> Nb"), w);
        // P 1 21/n 1: x,y,z; -x+1/2,y+1/2,-z+1/2; -x,-y,-z; x+1/2,-y+1/2,z+1/2
        double[][] listed = {{0.5059, 0.5309, 0.2485}, {0.2092, 0.2158, -0.0340}, {0.2824, 0.7130, -0.0338},
                {0.4333, -0.01305, 0.2529}};
        String[] element = {"Ca", "O", "O", "O"};
        for (int k = 0; k < listed.length; k++) {
            double x = listed[k][0];
            double y = listed[k][1];
            double z = listed[k][2];
            assertTrue(hasAtomAt(s, element[k], x, y, z), "site " + k);
            assertTrue(hasAtomAt(s, element[k], -x + 0.5, y + 0.5, -z + 0.5), "site " + k);
            assertTrue(hasAtomAt(s, element[k], -x, -y, -z), "site " + k);
            assertTrue(hasAtomAt(s, element[k], x + 0.5, -y + 0.5, z + 0.5), "site " + k);
        }
        assertTrue(hasAtomAt(s, "Al", 0, 0.5, 0));
        assertTrue(hasAtomAt(s, "Al", 0.5, 0, 0.5));
        assertTrue(hasAtomAt(s, "Nb", 0.5, 0, 0));
        assertTrue(hasAtomAt(s, "Nb", 0, 0.5, 0.5));
        // every atom lies in the cell
        for (double v : s.fractionalPositions()) {
            assertTrue(v >= -1e-12 && v < 1 + 1e-12, "fractional " + v);
        }
    }

    // ---- symmetry expansion ----

    @Test
    void expandsHexagonalOperatorsAndMergesRoundedSpecialPositions() throws IOException {
        // wurtzite ZnO, P 63 m c, with coordinates rounded to 5 decimals as in many CIFs
        Frame f = read(file("""
                data_ZnO
                _symmetry_space_group_name_H-M 'P 63 m c'
                _cell_length_a 3.2495
                _cell_length_b 3.2495
                _cell_length_c 5.2069
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 120
                loop_
                _space_group_symop_id
                _space_group_symop_operation_xyz
                1 x,y,z
                2 -y,x-y,z
                3 -x+y,-x,z
                4 -x,-y,z+1/2
                5 y,-x+y,z+1/2
                6 x-y,x,z+1/2
                7 -y,-x,z
                8 -x+y,y,z
                9 x,x-y,z
                10 y,x,z+1/2
                11 x-y,-y,z+1/2
                12 -x,-x+y,z+1/2
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Zn1 0.33333 0.66667 0.0
                O1 0.33333 0.66667 0.3821
                """));
        Structure s = f.structure();
        assertEquals(4, s.size());
        assertEquals(2, count(s, "Zn"));
        assertEquals(2, count(s, "O"));
        assertEquals(120, s.lattice().gamma(), 1e-9);
        assertTrue(hasAtomAt(s, "Zn", 0.33333, 0.66667, 0));
        assertTrue(hasAtomAt(s, "Zn", 0.66667, 0.33333, 0.5) || hasAtomAt(s, "Zn", 0.66666, 0.33334, 0.5));
        assertTrue(f.warnings().isEmpty(), f.warnings().toString());
    }

    @Test
    void operatorTagsInEverySpelling() throws IOException {
        String sites = """
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Na1 0.1 0.2 0.3
                """;
        String[] tables = {
            "loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\n-x,-y,-z\n",
            "loop_\n_symmetry_equiv_pos_site_id\n_symmetry_equiv_pos_as_xyz\n1 'x, y, z'\n2 '-x, -y, -z'\n",
            "loop_\n_space_group_symop_id\n_space_group_symop_operation_xyz\n1 +x,+y,+z\n2 -X,-Y,-Z\n",
            "loop_\n_space_group_symop.id\n_space_group_symop.operation_xyz\n1 'x,y,z'\n2 '-x,-y,-z'\n",
            "loop_\n_symmetry_equiv.id\n_symmetry_equiv.pos_as_xyz\n1 \"x, y, z\"\n2 \"-x, -y, -z\"\n",
        };
        for (String table : tables) {
            Structure s = read(file("data_P-1\n" + CUBIC_CELL + table + sites)).structure();
            assertEquals(2, s.size(), table);
            assertTrue(hasAtomAt(s, "Na", 0.9, 0.8, 0.7), table);
        }
    }

    @Test
    void symmetryCopiesWithinOneHundredthOfAnAngstromMerge() throws IOException {
        Frame f = read(file("data_m\n" + CUBIC_CELL + """
                loop_
                _symmetry_equiv_pos_as_xyz
                'x, y, z'
                '-x, -y, -z'
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Na1 0 0 0
                Cl1 0.5 0.5 0.5
                K1 0.0005 0.5 0
                Li1 0.1 0.2 0.3
                """));
        Structure s = f.structure();
        // Na and Cl on inversion centres: 1 each; K next to one: copies 0.005 Å apart merge; Li: 2
        assertEquals(5, s.size());
        assertTrue(f.warnings().isEmpty(), f.warnings().toString());
    }

    @Test
    void closeDistinctSitesAreReadWithAWarning() throws IOException {
        Frame f = read(file("data_c\n" + CUBIC_CELL + """
                loop_
                _symmetry_equiv_pos_as_xyz
                'x, y, z'
                '-x, -y, -z'
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                O1 0.02 0 0
                O2 0.5 0.5 0.5
                H2 0.54 0.5 0.5
                """));
        // O1 and its inversion image 0.2 Å apart, H2 and its image 0.2 Å either side of O2
        assertEquals(5, f.structure().size());
        assertEquals(1, f.warnings().size(), f.warnings().toString());
        String w = f.warnings().get(0);
        assertTrue(w.startsWith("4 pairs of atoms closer than 0.5 Å"), w);
        assertTrue(w.contains("O1 and O1 are 0.200 Å apart"), w);
        assertTrue(w.contains("O2 and H2 are 0.200 Å apart"), w);
        assertTrue(w.contains("H2 and H2 are 0.400 Å apart"), w);
    }

    @Test
    void noOperatorsMeansP1WithAWarningWhenTheSymbolSaysOtherwise() throws IOException {
        String body = CUBIC_CELL + SITE_LOOP + "Na1 0 0 0\nCl1 0.5 0.5 0.5\n";
        Frame p1 = read(file("data_a\n_symmetry_space_group_name_H-M 'P 1'\n" + body));
        assertEquals(2, p1.structure().size());
        assertTrue(p1.warnings().isEmpty());
        Frame none = read(file("data_a\n" + body));
        assertTrue(none.warnings().isEmpty());
        assertFalse(none.info().containsKey("cif.spacegroup"));
        Frame fm3m = read(file("data_a\n_space_group_name_H-M_alt 'F m -3 m'\n" + body));
        assertEquals(2, fm3m.structure().size());
        assertEquals("F m -3 m", fm3m.info().get("cif.spacegroup"));
        assertEquals(1, fm3m.warnings().size());
        assertTrue(fm3m.warnings().get(0).contains("'F m -3 m' but lists no symmetry operators; P1 was assumed"),
                fm3m.warnings().get(0));
    }

    @Test
    void badOperatorNamesTheOperatorAndLine() throws IOException {
        FormatException e = failure("data_b\n" + CUBIC_CELL + """
                loop_
                _symmetry_equiv_pos_site_id
                _symmetry_equiv_pos_as_xyz
                1 'x, y, z'
                2 'x, y, q'
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Na1 0 0 0
                """);
        assertEquals(9, e.line());
        assertTrue(e.problem().contains("symmetry operator 'x, y, q' cannot be read"), e.problem());
    }

    // ---- atom sites ----

    @Test
    void elementsFromLabelsAndTypeSymbols() throws IOException {
        Structure s = read(file("data_l\n" + CUBIC_CELL + """
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Ru(1) 0.1 0.1 0.1
                O2 0.2 0.2 0.2
                Fe3+ 0.3 0.3 0.3
                Nb1 0.4 0.4 0.4
                OW 0.5 0.5 0.5
                """)).structure();
        assertEquals(List.of("Ru", "O", "Fe", "Nb", "O"), symbols(s));
        Structure t = read(file("data_t\n" + CUBIC_CELL + """
                loop_
                _atom_site_type_symbol
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                CA X1 0.1 0.1 0.1
                Fe3+ X2 0.2 0.2 0.2
                O2- X3 0.3 0.3 0.3
                . Mg4 0.4 0.4 0.4
                ? Si5 0.5 0.5 0.5
                """)).structure();
        assertEquals(List.of("Ca", "Fe", "O", "Mg", "Si"), symbols(t));
    }

    private static List<String> symbols(Structure s) {
        List<String> out = new ArrayList<>();
        for (Element e : s.species()) {
            out.add(e.symbol());
        }
        return out;
    }

    @Test
    void unknownElementNamesTheSiteAndLine() throws IOException {
        FormatException e = failure("data_u\n" + CUBIC_CELL + """
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Na1 0 0 0
                Qq1 0.5 0.5 0.5
                """);
        assertEquals(11, e.line());
        assertTrue(e.problem().contains("atom site 'Qq1'"), e.problem());
        FormatException t = failure("data_u\n" + CUBIC_CELL + """
                loop_
                _atom_site_type_symbol
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                Na Na1 0 0 0
                Xx Qq1 0.5 0.5 0.5
                """);
        assertEquals(12, t.line());
        assertTrue(t.problem().contains("atom site 'Qq1': type symbol 'Xx' is not a chemical element"), t.problem());
    }

    @Test
    void unknownOrInapplicableCoordinatesAreErrorsNamingTheSite() throws IOException {
        String head = "data_n\n" + CUBIC_CELL + SITE_LOOP;
        FormatException q = failure(head + "Na1 0 0 0\nCl1 0.5 ? 0.5\n");
        assertEquals(11, q.line());
        assertTrue(q.problem().contains("atom site 'Cl1' has no fractional y coordinate ('?')"), q.problem());
        FormatException dot = failure(head + "Na1 . 0 0\n");
        assertEquals(10, dot.line());
        assertTrue(dot.problem().contains("atom site 'Na1' has no fractional x coordinate ('.')"), dot.problem());
        FormatException word = failure(head + "Na1 0 zero 0\n");
        assertTrue(word.problem().contains("atom site 'Na1': fractional y coordinate 'zero' is not a number"),
                word.problem());
    }

    @Test
    void coordinatesFarOutsideTheCellAreErrors() throws IOException {
        FormatException e = failure("data_f\n" + CUBIC_CELL
                + SITE_LOOP
                + "Na1 0 0 0\nCl1 0.5 2e7 0.5\n");
        assertEquals(11, e.line());
        assertTrue(e.problem().contains("atom site 'Cl1' lies more than 1000000 cells from the origin"), e.problem());
    }

    @Test
    void refusesToExpandAbsurdlyManyAtoms() throws IOException {
        StringBuilder sb = new StringBuilder("data_big\n" + CUBIC_CELL + "loop_\n_symmetry_equiv_pos_as_xyz\n");
        for (int i = 0; i < 200; i++) {
            sb.append("x,y,z+").append(i).append("/200\n");
        }
        sb.append(SITE_LOOP);
        for (int i = 0; i < 25_001; i++) {
            sb.append("H1 0 0 0\n");
        }
        FormatException e = failure(sb.toString());
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("25001 atom sites and 200 symmetry operators"), e.problem());
    }

    @Test
    void unknownOccupancyMeansFull() throws IOException {
        Frame f = read(file("data_o\n" + CUBIC_CELL + """
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                _atom_site_occupancy
                Na1 0 0 0 ?
                Cl1 0.5 0.5 0.5 .
                """));
        assertEquals(2, f.structure().size());
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void singleSiteWithoutLoop() throws IOException {
        Structure s = read(file("data_s\n" + CUBIC_CELL
                + "_atom_site_label Po1\n_atom_site_fract_x 0\n_atom_site_fract_y 0\n_atom_site_fract_z 0\n"))
                .structure();
        assertEquals(1, s.size());
        assertEquals("Po", s.element(0).symbol());
        assertEquals(125.0, s.lattice().volume(), 1e-9);
    }

    @Test
    void cartesianCoordinatesAsFallback() throws IOException {
        Structure s = read(file("data_c\n_cell_length_a 4\n_cell_length_b 5\n_cell_length_c 6\n"
                + "_cell_angle_gamma 90\n"
                + "loop_\n_atom_site_type_symbol\n_atom_site_Cartn_x\n_atom_site_Cartn_y\n_atom_site_Cartn_z\n"
                + "Si 1.0 2.5 3.0\nSi 5.0 0 0\n")).structure();
        assertEquals(2, s.size());
        assertEquals(1.0, s.x(0, 0), 1e-12);
        assertEquals(2.5, s.x(0, 1), 1e-12);
        assertEquals(3.0, s.x(0, 2), 1e-12);
        assertEquals(1.0, s.x(1, 0), 1e-12, "wrapped into the cell");
    }

    @Test
    void cellErrors() throws IOException {
        String sites = SITE_LOOP + "Na1 0 0 0\n";
        FormatException missing = failure("data_x\n_cell_length_a 5\n_cell_length_c 5\n" + sites);
        assertEquals(1, missing.line());
        assertTrue(missing.problem().contains("no _cell_length_b"), missing.problem());
        FormatException unknown = failure("data_x\n_cell_length_a 5\n_cell_length_b ?\n_cell_length_c 5\n" + sites);
        assertEquals(3, unknown.line());
        FormatException negative = failure("data_x\n_cell_length_a -5\n_cell_length_b 5\n_cell_length_c 5\n"
                + sites);
        assertEquals(2, negative.line());
        FormatException angle = failure("data_x\n" + CUBIC_CELL + "_cell_angle_beta 190\n" + sites);
        assertEquals(5, angle.line());
        FormatException flat = failure("data_x\n" + CUBIC_CELL + "_cell_angle_alpha 130\n_cell_angle_beta 130\n"
                + "_cell_angle_gamma 130\n" + sites);
        assertEquals(7, flat.line());
        assertTrue(flat.problem().contains("three-dimensional"), flat.problem());
    }

    @Test
    void siteColumnsMustShareOneLoop() throws IOException {
        FormatException e = failure("data_x\n" + CUBIC_CELL + "_atom_site_label Na1\n"
                + "loop_\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n0 0 0\n0.5 0.5 0.5\n");
        assertEquals(5, e.line());
        assertTrue(e.problem().contains("not in the same loop"), e.problem());
    }

    // ---- several blocks, empty files ----

    @Test
    void everyBlockWithAtomsIsAFrame() throws IOException {
        String block = CUBIC_CELL + SITE_LOOP;
        Path p = file("data_one\n" + block + "Na1 0 0 0\n"
                + "data_global_info\n_publ_author_name 'Someone'\n"
                + "data_two\n" + block + "Na1 0 0 0\nCl1 0.5 0.5 0.5\n");
        List<Frame> frames = CIF.readAll(p, ReadOptions.DEFAULT);
        assertEquals(2, frames.size());
        assertEquals("one", frames.get(0).info().get("cif.block"));
        assertEquals(1, frames.get(0).structure().size());
        assertEquals("two", frames.get(1).info().get("cif.block"));
        assertEquals(2, frames.get(1).structure().size());
        assertTrue(CIF.multiFrame());
        assertEquals("cif", CIF.name());
        assertEquals(List.of("cif"), CIF.extensions());
    }

    @Test
    void fileWithoutStructureIsAnError() throws IOException {
        FormatException empty = failure("");
        assertTrue(empty.problem().contains("no data_ block"), empty.problem());
        FormatException noAtoms = failure("data_a\n" + CUBIC_CELL + "data_b\n_title 'nothing'\n");
        assertTrue(noAtoms.problem().contains("none of its 2 data blocks lists atom sites"), noAtoms.problem());
    }

    // ---- partial occupancy ----

    private static final String DISORDER_HEAD = "data_d\n" + CUBIC_CELL + """
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            _atom_site_occupancy
            """;

    @Test
    void lonePartialSites() throws IOException {
        String text = DISORDER_HEAD + "Cl1 Cl 0 0 0 1\nLi1 Li 0.5 0.5 0.5 0.5\nLi2 Li 0.25 0.25 0.25 0.3(1)\n";
        FormatException e = failure(text);
        assertEquals(13, e.line());
        assertTrue(e.problem().startsWith("partial occupancy at 2 sites: Li1 (Li 0.5) at (0.5, 0.5, 0.5); "
                + "Li2 (Li 0.3) at (0.25, 0.25, 0.25); read with the ordering option (--order-disorder)"), e.problem());
        Frame f = CIF.readFirst(file(text), ORDER);
        // occupancy 0.5 is kept, 0.3 loses to the vacancy
        assertEquals(List.of("Cl", "Li"), symbols(f.structure()));
        assertEquals(1, f.warnings().size());
        assertTrue(f.warnings().get(0).contains("Li1 (Li 0.5) at (0.5, 0.5, 0.5) -> Li"), f.warnings().get(0));
        assertTrue(f.warnings().get(0).contains("Li2 (Li 0.3) at (0.25, 0.25, 0.25) -> vacancy"),
                f.warnings().get(0));
    }

    @Test
    void orderingThatLeavesNoAtomIsAnError() throws IOException {
        Path p = file(DISORDER_HEAD + "Li1 Li 0.5 0.5 0.5 0.25\n");
        FormatException e = assertThrows(FormatException.class, () -> CIF.readAll(p, ORDER));
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("no atom left"), e.problem());
    }

    @Test
    void sitesSharedBySeveralSpecies() throws IOException {
        String text = DISORDER_HEAD + "O1 O 0 0 0 1\nFe1 Fe 0.5 0.5 0.5 0.4\nMg1 Mg 0.5 0.5 0.5 0.6\n";
        FormatException e = failure(text);
        assertTrue(e.problem().contains("partial occupancy at 1 site: Fe1 (Fe 0.4) + Mg1 (Mg 0.6) at (0.5, 0.5, 0.5)"),
                e.problem());
        assertEquals(List.of("O", "Mg"), symbols(CIF.readFirst(file(text), ORDER).structure()));
    }

    @Test
    void sameSpeciesSplitOverTwoListedSitesIsOrdered() throws IOException {
        Frame f = read(file(DISORDER_HEAD + "Li1 Li 0 0 0 0.5\nLi2 Li 0 0 0.0001 0.5\n"));
        assertEquals(1, f.structure().size());
        assertTrue(f.warnings().isEmpty(), f.warnings().toString());
    }

    @Test
    void sameSiteListedTwiceKeepsOneAtomWithAWarning() throws IOException {
        Frame f = read(file(DISORDER_HEAD + "Na1 Na 0 0 0 1\nNa2 Na 0 0 0 1\nCl1 Cl 0.5 0.5 0.5 1\n"));
        assertEquals(2, f.structure().size());
        assertEquals(1, f.warnings().size());
        assertTrue(f.warnings().get(0).contains("Na1 (Na 1) + Na2 (Na 1) at (0, 0, 0)"), f.warnings().get(0));
    }

    @Test
    void badOccupancies() throws IOException {
        assertEquals(12, failure(DISORDER_HEAD + "Na1 Na 0 0 0 1.5\n").line());
        assertEquals(12, failure(DISORDER_HEAD + "Na1 Na 0 0 0 -0.1\n").line());
        assertTrue(failure(DISORDER_HEAD + "Na1 Na 0 0 0 full\n").problem().contains("occupancy 'full'"));
    }

    // ---- writer ----

    private static Structure randomStructure(Lattice lattice, int n, long seed) {
        Random rnd = new Random(seed);
        String[] symbols = {"Li", "Ge", "P", "S"};
        Element[] species = new Element[n];
        double[] frac = new double[3 * n];
        for (int i = 0; i < n; i++) {
            species[i] = PeriodicTable.require(symbols[i % symbols.length]);
            // a grid plus jitter keeps atoms well apart
            frac[3 * i] = ((i % 4) + 0.3 * rnd.nextDouble()) / 4;
            frac[3 * i + 1] = (((i / 4) % 4) + 0.3 * rnd.nextDouble()) / 4;
            frac[3 * i + 2] = ((i / 16) + 0.3 * rnd.nextDouble()) / Math.max(1, (n + 15) / 16);
        }
        return Structure.fromFractional(lattice, species, frac);
    }

    @Test
    void roundTripKeepsPositionsAndCell() throws IOException {
        Lattice lattice = Lattice.fromParameters(7.123456789012, 8.234567890123, 9.345678901234, 81.23456789,
                97.65432198, 112.3456789);
        Structure s = randomStructure(lattice, 40, 7);
        Frame frame = new Frame(s);
        Path p = dir.resolve("out.cif");
        CIF.write(p, List.of(frame), WriteOptions.DEFAULT);
        String text = Files.readString(p);
        assertTrue(text.contains("_symmetry_space_group_name_H-M   'P 1'\n"), text);
        assertTrue(text.contains("_symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\n"), text);
        assertTrue(text.contains(" _atom_site_type_symbol\n _atom_site_label\n _atom_site_fract_x\n"
                + " _atom_site_fract_y\n _atom_site_fract_z\n _atom_site_occupancy\n"), text);
        assertTrue(text.contains("_cell_length_a   7.123456789012\n"), text);
        assertTrue(text.contains("  Li  Li1  "), text);

        Frame back = read(p);
        Structure r = back.structure();
        assertTrue(back.warnings().isEmpty(), back.warnings().toString());
        assertEquals(s.size(), r.size());
        Lattice rl = r.lattice();
        assertEquals(lattice.a(), rl.a(), 1e-9);
        assertEquals(lattice.b(), rl.b(), 1e-9);
        assertEquals(lattice.c(), rl.c(), 1e-9);
        assertEquals(lattice.alpha(), rl.alpha(), 1e-9);
        assertEquals(lattice.beta(), rl.beta(), 1e-9);
        assertEquals(lattice.gamma(), rl.gamma(), 1e-9);
        for (int i = 0; i < s.size(); i++) {
            assertEquals(s.element(i), r.element(i));
            for (int k = 0; k < 3; k++) {
                assertEquals(s.x(i, k), r.x(i, k), 1e-8, "atom " + i + " component " + k);
            }
        }
    }

    @Test
    void roundTripOfTheSharedLgpsFile() throws IOException {
        Structure s = read(SharedData.require("data/structures/LGPS_mp-696128.cif")).structure();
        Path p = dir.resolve("lgps.cif");
        CIF.write(p, List.of(new Frame(s)), WriteOptions.DEFAULT);
        Structure r = read(p).structure();
        assertEquals(s.composition().formula(), r.composition().formula());
        for (int i = 0; i < 3 * s.size(); i++) {
            assertEquals(s.positions()[i], r.positions()[i], 1e-8);
        }
    }

    @Test
    void rotatedLatticeKeepsCellParametersAndFractionalCoordinates() throws IOException {
        // a cell not in standard orientation: CIF keeps its shape, the reader rebuilds the standard orientation
        Lattice rotated = Lattice.fromVectors(0, 5, 0, -6, 0, 0, 0, 0, 7);
        Structure s = randomStructure(rotated, 8, 3);
        Path p = dir.resolve("rot.cif");
        CIF.write(p, List.of(new Frame(s)), WriteOptions.DEFAULT);
        Structure r = read(p).structure();
        assertEquals(5, r.lattice().a(), 1e-9);
        assertEquals(6, r.lattice().b(), 1e-9);
        assertEquals(7, r.lattice().c(), 1e-9);
        assertEquals(5, r.lattice().get(0, 0), 1e-12, "a along x after reading");
        double[] f0 = s.fractionalPositions();
        double[] f1 = r.fractionalPositions();
        for (int i = 0; i < f0.length; i++) {
            assertEquals(f0[i], f1[i], 1e-10);
        }
    }

    @Test
    void severalFramesBecomeSeveralBlocks() throws IOException {
        Lattice l = Lattice.orthorhombic(10, 10, 10);
        Frame a = new Frame(randomStructure(l, 4, 1));
        Frame b = new Frame(randomStructure(l, 4, 2));
        Frame c = new Frame(randomStructure(l, 5, 3));
        c.info().put("cif.block", "my block");
        Path p = dir.resolve("multi.cif");
        CIF.write(p, List.of(a, b, c), WriteOptions.DEFAULT);
        List<Frame> back = CIF.readAll(p, ReadOptions.DEFAULT);
        assertEquals(3, back.size());
        assertEquals("LiGePS", back.get(0).info().get("cif.block"));
        assertEquals("LiGePS_2", back.get(1).info().get("cif.block"));
        assertEquals("my_block", back.get(2).info().get("cif.block"));
        assertEquals(5, back.get(2).structure().size());
    }

    @Test
    void writerRefusesStructuresWithoutCell() {
        Frame molecule = new Frame(new Structure(null, new Element[] {PeriodicTable.require("H")}, new double[3]));
        Path p = dir.resolve("mol.cif");
        try {
            CIF.write(p, List.of(molecule), WriteOptions.DEFAULT);
            fail("a structure without a cell cannot be a CIF");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("periodic cell"), expected.getMessage());
        } catch (IOException e) {
            fail(e);
        }
        assertFalse(Files.exists(p));
    }
}
