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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads a generated corpus of damaged CIFs: every truncation at each line (and in the middle of each line) and a few
 * hundred seeded random garblings of valid files. Each read must either succeed with a sane structure or fail with
 * a {@link FormatException} that names the file and, where one applies, the line; none may hang.
 */
class CifHardeningTest {

    private static final CifFormat CIF = new CifFormat();
    private static final ReadOptions ORDER = ReadOptions.DEFAULT.withOrderDisorder(true);
    private static final int GARBLINGS_PER_SEED = 300;
    private static final String[] TOKENS = {"loop_", "data_", "data_x", "_atom_site_label", "_atom_site_fract_x",
        "_cell_length_a", "_symmetry_equiv_pos_as_xyz", "?", ".", "'", "\"", ";", "NaN", "Infinity", "-Infinity",
        "2147483647", "-2147483648", "1e308", "1e-308", "9999999999999999999999", "save_x", "save_", "#", "x,y,z",
        "'x, y'", "'-x,-y,1/0'", "stop_", "global_", "0(", "1(2)", "\t", "\n;\n", "'it's'", "Xx1", "0.941(8)",
        "_atom_site_occupancy", "0", "-1", "180", "x-y,x,z+1/6"};

    @TempDir
    Path dir;

    private int fileCounter;
    private int reads;
    private int failures;

    /** Seeds: the shared CIFs when present, and always a CIF written by the writer. */
    private Map<String, String> seeds() throws IOException {
        Map<String, String> seeds = new LinkedHashMap<>();
        Path shared = SharedData.root();
        for (String name : new String[] {"LGPS_mp-696128.cif", "Ca2AlNbO6_cod2100513.cif"}) {
            Path p = shared == null ? null : shared.resolve("data/structures").resolve(name);
            if (p != null && Files.isRegularFile(p)) {
                seeds.put(name, Files.readString(p));
            }
        }
        Lattice lattice = Lattice.fromParameters(5.1, 6.2, 7.3, 80, 95, 105);
        Element[] species = {PeriodicTable.require("Ti"), PeriodicTable.require("O"), PeriodicTable.require("O")};
        Structure s = Structure.fromFractional(lattice, species, new double[] {0, 0, 0, 0.3, 0.3, 0, 0.7, 0.7, 0.5});
        Path written = dir.resolve("written.cif");
        CIF.write(written, List.of(new Frame(s)), WriteOptions.DEFAULT);
        seeds.put("written.cif", Files.readString(written));
        // syntax the other seeds lack: symmetry, text fields, quotes, several blocks, a save frame
        seeds.put("syntax.cif", """
                data_first
                _publ_section_title
                ;
                 A title; with 'quotes' and "more"
                ;
                _symmetry_space_group_name_H-M 'P -1'
                _cell_length_a 4.0(1)
                _cell_length_b 4.5
                _cell_length_c 5.0
                _cell_angle_gamma 100
                loop_
                _space_group_symop.id
                _space_group_symop.operation_xyz
                1 'x, y, z'
                2 '-x, -y, -z'
                save_skipped
                _something 1
                save_
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                _atom_site_occupancy
                Ru(1) 0.1 0.2 0.3 1
                O2 .5 .5 .5 0.5
                Li1 0 0 0 0.6
                Na1 0 0 0 0.4
                data_second
                _cell_length_a 3
                _cell_length_b 3
                _cell_length_c 3
                _atom_site_type_symbol Fe3+
                _atom_site_fract_x 0
                _atom_site_fract_y 0
                _atom_site_fract_z 0
                """);
        return seeds;
    }

    @Test
    void damagedFilesFailCleanlyOrReadSanely() throws IOException {
        Map<String, String> seeds = seeds();
        for (Map.Entry<String, String> seed : seeds.entrySet()) {
            String text = seed.getValue();
            // the seed itself reads (in ordering mode, since some seeds have partial occupancy)
            Path whole = write(text);
            try {
                CIF.readAll(whole, ORDER);
            } catch (FormatException e) {
                fail("seed " + seed.getKey() + " must read: " + e.getMessage());
            }
            List<String> lines = Arrays.asList(text.split("\n", -1));
            for (int n = 0; n <= lines.size(); n++) {
                check(String.join("\n", lines.subList(0, n)));
                if (n < lines.size() && lines.get(n).length() > 1) {
                    String cut = lines.get(n).substring(0, lines.get(n).length() / 2);
                    check(String.join("\n", lines.subList(0, n)) + (n > 0 ? "\n" : "") + cut);
                }
            }
            Random rnd = new Random(seed.getKey().hashCode());
            for (int g = 0; g < GARBLINGS_PER_SEED; g++) {
                check(garble(text, rnd));
            }
        }
        assertTrue(reads > 1000, "corpus too small: " + reads + " reads");
        assertTrue(failures > 100, "the corpus should provoke many errors, got " + failures);
    }

    private Path write(String text) throws IOException {
        Path p = dir.resolve("case" + (fileCounter++) + ".cif");
        Files.writeString(p, text);
        return p;
    }

    private void check(String text) throws IOException {
        Path p = write(text);
        int lineCount = text.split("\n", -1).length;
        for (ReadOptions options : new ReadOptions[] {ReadOptions.DEFAULT, ORDER}) {
            reads++;
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                try {
                    List<Frame> frames = CIF.readAll(p, options);
                    for (Frame f : frames) {
                        assertSane(f, text);
                    }
                } catch (FormatException e) {
                    failures++;
                    String m = e.getMessage();
                    if (!m.startsWith(p + ":")) {
                        fail("message does not start with the file name: " + m + "\n--- input ---\n" + text);
                    }
                    boolean fileLevel = e.problem().startsWith("no structure");
                    if (fileLevel ? e.line() != 0 : e.line() < 1 || e.line() > lineCount + 1) {
                        fail("line " + e.line() + " out of range 1.." + lineCount + ": " + m + "\n--- input ---\n"
                                + text);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    if (e instanceof AssertionError a) {
                        throw a;
                    }
                    throw new AssertionError("unexpected " + e + "\n--- input ---\n" + text, e);
                }
            });
        }
    }

    private static void assertSane(Frame f, String text) {
        Structure s = f.structure();
        assertTrue(s.size() > 0, "a frame without atoms\n" + text);
        assertTrue(s.lattice() != null && Double.isFinite(s.lattice().volume()) && s.lattice().volume() > 0);
        for (double v : s.positions()) {
            assertTrue(Double.isFinite(v), "non-finite position\n" + text);
        }
        assertTrue(f.info().containsKey("cif.block"));
    }

    private static String garble(String text, Random rnd) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int li = rnd.nextInt(lines.size());
            String line = lines.get(li);
            int pos = line.isEmpty() ? 0 : rnd.nextInt(line.length() + 1);
            switch (rnd.nextInt(9)) {
                case 0 -> { // replace a character
                    if (!line.isEmpty()) {
                        int at = Math.min(pos, line.length() - 1);
                        lines.set(li, line.substring(0, at) + randomChar(rnd) + line.substring(at + 1));
                    }
                }
                case 1 -> { // delete a character
                    if (!line.isEmpty()) {
                        int at = Math.min(pos, line.length() - 1);
                        lines.set(li, line.substring(0, at) + line.substring(at + 1));
                    }
                }
                case 2 -> lines.set(li, line.substring(0, pos) + randomChar(rnd) + line.substring(pos));
                case 3 -> lines.add(li, line); // duplicate a line
                case 4 -> { // swap two lines
                    int lj = rnd.nextInt(lines.size());
                    lines.set(li, lines.get(lj));
                    lines.set(lj, line);
                }
                case 5 -> lines.remove(li);
                case 6 -> { // insert a token
                    String token = TOKENS[rnd.nextInt(TOKENS.length)];
                    lines.set(li, line.substring(0, pos) + " " + token + " " + line.substring(pos));
                }
                case 7 -> lines.set(li, replaceNumber(line, rnd)); // a number becomes NaN, huge, ...
                default -> lines.add(li, TOKENS[rnd.nextInt(TOKENS.length)]);
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        return String.join("\n", lines);
    }

    private static char randomChar(Random rnd) {
        String pool = "0123456789.-+()/,'\";#_ \tabcxyzXYZ?é";
        return pool.charAt(rnd.nextInt(pool.length()));
    }

    private static String replaceNumber(String line, Random rnd) {
        String[] words = line.split(" ", -1);
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            if (CifNumbers.parse(words[i]).isPresent()) {
                numeric.add(i);
            }
        }
        if (numeric.isEmpty()) {
            return line;
        }
        String[] replacements = {"NaN", "Infinity", "-Infinity", "2147483647", "1e308", "1e400", "-0", "0",
            "1e-300", "99999999", "-5"};
        words[numeric.get(rnd.nextInt(numeric.size()))] = replacements[rnd.nextInt(replacements.length)];
        return String.join(" ", words);
    }
}
