package kiseki.io;

import kiseki.structure.Frame;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Truncated and garbled CIF, extxyz and POSCAR files always give a clear error naming the file and the line, never a
 * hang or an unexpected exception type. The corpus is generated from valid files with a fixed seed.
 */
class CorruptInputCorpusTest {

    private static final Pattern LOCATED = Pattern.compile("^.*corpus-\\d+\\.[A-Za-z]+(:\\d+)?: .+", Pattern.DOTALL);

    @Test
    void cif(@TempDir Path tmp) throws Exception {
        List<String> seeds = new ArrayList<>();
        seeds.add(Files.readString(SharedData.require("data/structures/LGPS_mp-696128.cif")));
        seeds.add(Files.readString(SharedData.require("data/structures/Ca2AlNbO6_cod2100513.cif")));
        runCorpus(tmp, "cif", "cif", seeds, ReadOptions.DEFAULT.withOrderDisorder(true));
    }

    @Test
    void extxyz(@TempDir Path tmp) throws Exception {
        List<String> lines = Files.readAllLines(SharedData.require("data/lgps/lgps_init_590.extxyz"));
        String threeFrames = String.join("\n", lines.subList(0, 3 * 52)) + "\n";
        runCorpus(tmp, "extxyz", "extxyz", List.of(threeFrames), ReadOptions.DEFAULT);
    }

    @Test
    void poscar(@TempDir Path tmp) throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Frame lgps = StructureFormats.require("cif").readFirst(cif, ReadOptions.DEFAULT);
        Path poscar = tmp.resolve("seed.vasp");
        StructureFormats.require("poscar").write(poscar, List.of(lgps), WriteOptions.DEFAULT);
        runCorpus(tmp, "poscar", "vasp", List.of(Files.readString(poscar)), ReadOptions.DEFAULT);
    }

    private static void runCorpus(Path tmp, String format, String ext, List<String> seeds, ReadOptions options)
            throws Exception {
        StructureFormat reader = StructureFormats.require(format);
        Random rnd = new Random(20261124);
        int[] counter = {0};
        int failures = 0;
        for (String seed : seeds) {
            List<String> variants = new ArrayList<>();
            String[] lines = seed.split("\n", -1);
            // every truncation at a line boundary, and in the middle of each line
            for (int n = 0; n < lines.length; n++) {
                variants.add(String.join("\n", Arrays.copyOf(lines, n)));
                if (!lines[n].isEmpty()) {
                    variants.add(String.join("\n", Arrays.copyOf(lines, n)) + "\n"
                            + lines[n].substring(0, lines[n].length() / 2));
                }
            }
            for (int k = 0; k < 300; k++) {
                variants.add(garble(seed, rnd));
            }
            for (String text : variants) {
                Path file = tmp.resolve("corpus-" + (counter[0]++) + "." + ext);
                Files.write(file, text.getBytes(StandardCharsets.UTF_8));
                try {
                    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reader.readAll(file, options),
                            () -> "reading " + file + " did not finish in 5 s");
                } catch (FormatException e) {
                    String msg = e.getMessage();
                    if (!LOCATED.matcher(msg).matches() || !msg.startsWith(file.toString())) {
                        fail("error message does not start with the file name: '" + msg + "'");
                    }
                } catch (Throwable t) {
                    if (t instanceof org.opentest4j.AssertionFailedError a) {
                        throw a;
                    }
                    failures++;
                    if (failures < 5) {
                        System.err.println("unexpected " + t + " for " + file + "\n--- content ---\n" + text);
                    }
                }
            }
        }
        assertTrue(failures == 0, failures + " corrupt " + format + " files gave an unexpected exception type");
    }

    /** One random corruption: replace, delete or insert characters; duplicate, drop or swap lines; odd tokens. */
    static String garble(String text, Random rnd) {
        StringBuilder sb = new StringBuilder(text);
        int ops = 1 + rnd.nextInt(3);
        String[] tokens = {"NaN", "Infinity", "-", "2147483647", "-2147483648", "99999999999999999999", "1e400", "'",
                "\"", ";", "loop_", "_atom_site_fract_x", "?", ".", "\t", "x,y", "Lattice=\"1 2\"", "Properties=",
                "species:S:1", "Direct", "Selective", "0", "-1", "\u00e9", "#", "{", "["};
        for (int o = 0; o < ops && sb.length() > 0; o++) {
            int pos = rnd.nextInt(sb.length());
            switch (rnd.nextInt(7)) {
                case 0 -> sb.setCharAt(pos, (char) (32 + rnd.nextInt(95)));
                case 1 -> sb.delete(pos, Math.min(sb.length(), pos + 1 + rnd.nextInt(20)));
                case 2 -> sb.insert(pos, tokens[rnd.nextInt(tokens.length)]);
                case 3 -> {
                    // replace a number-like token
                    int end = pos;
                    while (end < sb.length() && !Character.isWhitespace(sb.charAt(end))) {
                        end++;
                    }
                    sb.replace(pos, end, tokens[rnd.nextInt(tokens.length)]);
                }
                default -> {
                    String[] lines = sb.toString().split("\n", -1);
                    List<String> l = new ArrayList<>(Arrays.asList(lines));
                    int i = rnd.nextInt(l.size());
                    int j = rnd.nextInt(l.size());
                    switch (rnd.nextInt(3)) {
                        case 0 -> l.add(j, l.get(i));
                        case 1 -> l.remove(i);
                        default -> {
                            String t = l.get(i);
                            l.set(i, l.get(j));
                            l.set(j, t);
                        }
                    }
                    sb.setLength(0);
                    sb.append(String.join("\n", l));
                }
            }
        }
        return sb.toString();
    }
}
