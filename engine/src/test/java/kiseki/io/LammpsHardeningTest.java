package kiseki.io;

import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Robustness of the LAMMPS readers: every truncation of a valid file (at each line and inside lines) and a few
 * hundred seeded random garblings must either read or fail with a {@link FormatException} that names the file (and
 * the line where there is one) — never another exception, never a hang. The valid files come from our own writers.
 */
public class LammpsHardeningTest {

    @TempDir
    Path tmp;

    /** Reads one file the way a user would. */
    @FunctionalInterface
    public interface Read {
        void read(Path file) throws IOException;
    }

    /** Generates the corpus from {@code valid} and checks every variant; returns the number of variants read. */
    public static int checkCorpus(Path dir, String fileName, String valid, long seed, int garblings, Read read)
            throws IOException {
        List<String> corpus = new ArrayList<>();
        // truncation after every line, and in the middle of every line
        for (int i = 0; i <= valid.length(); i++) {
            if (i == valid.length() || valid.charAt(i) == '\n') {
                corpus.add(valid.substring(0, i));
                corpus.add(valid.substring(0, Math.min(valid.length(), i + 1)));
            }
        }
        for (int i = 0; i < valid.length(); i += Math.max(1, valid.length() / 60)) {
            corpus.add(valid.substring(0, i));
        }
        Random random = new Random(seed);
        for (int k = 0; k < garblings; k++) {
            corpus.add(garble(valid, random));
        }
        Path file = dir.resolve(fileName);
        int lines = valid.split("\n", -1).length;
        for (String text : corpus) {
            Files.writeString(file, text);
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    try {
                        read.read(file);
                    } catch (FormatException e) {
                        String m = e.getMessage();
                        assertTrue(m.startsWith(file.toString()), "message must start with the file name: " + m);
                        if (e.line() > 0) {
                            assertTrue(m.startsWith(file + ":" + e.line() + ": "), m);
                            assertTrue(e.line() <= lines + 2, "line " + e.line() + " is past the end: " + m);
                        }
                        assertTrue(!e.problem().isBlank(), m);
                    }
                }, () -> "reading this variant hung:\n" + text);
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                fail("reading this variant threw " + t + " instead of a FormatException:\n" + text, t);
            }
        }
        return corpus.size();
    }

    private static final String[] NASTY_TOKENS = {"NaN", "Infinity", "-Infinity", "2147483647", "-2147483648",
            "9223372036854775807", "99999999999999999999", "-1", "0", "1e308", "-1e308", "4.9e-324", "abc", "#", "",
            "ITEM:", "Atoms", "Masses", "1.5.5", "0x1F", "+", "-", "e5", "１"};

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?");

    static String garble(String valid, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(valid.split("\n", -1)));
        int kind = r.nextInt(10);
        int at = r.nextInt(lines.size());
        switch (kind) {
            case 0 -> { // replace a character
                String t = String.join("\n", lines);
                int p = r.nextInt(Math.max(1, t.length()));
                String chars = "0123456789 -.eE#\tabcxyzITEM\n";
                return t.isEmpty() ? t : t.substring(0, p) + chars.charAt(r.nextInt(chars.length())) + t.substring(p + 1);
            }
            case 1 -> { // delete a character
                String t = String.join("\n", lines);
                int p = r.nextInt(Math.max(1, t.length()));
                return t.isEmpty() ? t : t.substring(0, p) + t.substring(p + 1);
            }
            case 2 -> { // insert a character
                String t = String.join("\n", lines);
                int p = r.nextInt(t.length() + 1);
                String chars = "0123456789 -.eE#\t\n";
                return t.substring(0, p) + chars.charAt(r.nextInt(chars.length())) + t.substring(p);
            }
            case 3 -> lines.add(at, lines.get(at)); // duplicate a line
            case 4 -> { // swap two lines
                int b = r.nextInt(lines.size());
                String x = lines.get(at);
                lines.set(at, lines.get(b));
                lines.set(b, x);
            }
            case 5 -> lines.remove(at);
            case 6, 7 -> { // replace a token with a nasty one
                String[] tokens = lines.get(at).split(" ", -1);
                tokens[r.nextInt(tokens.length)] = NASTY_TOKENS[r.nextInt(NASTY_TOKENS.length)];
                lines.set(at, String.join(" ", tokens));
            }
            case 8 -> { // a huge or negative count wherever a number stands
                for (int tries = 0; tries < 20; tries++) {
                    int i = r.nextInt(lines.size());
                    Matcher m = NUMBER.matcher(lines.get(i));
                    if (m.find()) {
                        String big = r.nextBoolean() ? "2147483647" : r.nextBoolean() ? "-5" : "1000000000";
                        lines.set(i, lines.get(i).substring(0, m.start()) + big + lines.get(i).substring(m.end()));
                        break;
                    }
                }
            }
            default -> { // a line of random tokens
                StringBuilder sb = new StringBuilder();
                for (int k = r.nextInt(8); k >= 0; k--) {
                    sb.append(NASTY_TOKENS[r.nextInt(NASTY_TOKENS.length)]).append(' ');
                }
                lines.add(at, sb.toString());
            }
        }
        return String.join("\n", lines);
    }

    private static List<Frame> frames() {
        Lattice cell = Lattice.fromParameters(7.1, 7.4, 9.2, 82, 96, 103);
        List<Frame> frames = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Structure s = LammpsDataFormatTest.randomStructure(cell, 40 + k, "Li", "Ge", "P", "S");
            Structure small = new Structure(cell, Arrays.copyOf(s.species(), 6), Arrays.copyOf(s.positions(), 18));
            Frame f = new Frame(small);
            double[] v = new double[18];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.01 * Math.cos(i + k);
            }
            f.setForces(v.clone()).setVelocities(v);
            frames.add(f);
        }
        return frames;
    }

    @Test
    void dataReaderSurvivesTheCorpus() throws IOException {
        Path valid = tmp.resolve("valid.data");
        LammpsDataFormat format = new LammpsDataFormat();
        format.write(valid, List.of(frames().get(0)), WriteOptions.DEFAULT);
        String text = Files.readString(valid);
        assertEquals(6, format.readFirst(valid, ReadOptions.DEFAULT).structure().size());
        int n = checkCorpus(tmp, "variant.data", text, 20240601L, 400,
                p -> format.readAll(p, ReadOptions.DEFAULT));
        // the data file LAMMPS itself wrote (no mass comments, image flags, Pair Coeffs)
        n += checkCorpus(tmp, "variant2.data", Files.readString(LammpsDataFormatTest.resource("tri_final.data")),
                7L, 200, p -> format.readAll(p, ReadOptions.DEFAULT));
        assertTrue(n > 700, "corpus size " + n);
    }

    @Test
    void dumpReaderSurvivesTheCorpus() throws IOException {
        for (LammpsDumpFormat.Coordinates style : LammpsDumpFormat.Coordinates.values()) {
            LammpsDumpFormat format = new LammpsDumpFormat(style);
            Path valid = tmp.resolve("valid.lammpstrj");
            format.write(valid, frames(), WriteOptions.DEFAULT);
            String text = Files.readString(valid);
            assertEquals(2, format.readAll(valid, ReadOptions.DEFAULT).size());
            checkCorpus(tmp, "variant.lammpstrj", text, 99L + style.ordinal(), 250,
                    p -> format.readAll(p, ReadOptions.DEFAULT.withTypeElements(List.of("Li", "Ge", "P", "S"))));
        }
        // a dump LAMMPS wrote: scaled coordinates and image flags, types only
        checkCorpus(tmp, "variant-xs.lammpstrj",
                Files.readString(LammpsDataFormatTest.resource("tri_xs.lammpstrj")), 5L, 150,
                p -> new LammpsDumpFormat().readAll(p, ReadOptions.DEFAULT.withTypeElements(List.of("Li", "S"))));
    }
}
