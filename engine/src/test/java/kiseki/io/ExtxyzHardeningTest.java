package kiseki.io;

import kiseki.structure.Frame;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Feeds the extended XYZ reader truncated and garbled versions of a valid file: each read must succeed or fail with a
 * {@link FormatException} that names the file and a line, within 5 s. {@link #corpus} and {@link #check} are shared
 * with {@link PoscarHardeningTest}.
 */
class ExtxyzHardeningTest {

    @TempDir
    Path dir;

    @Test
    void garbledLgpsFramesFailCleanly() throws IOException {
        Path shared = SharedData.require("data/lgps/lgps_init_590.extxyz");
        List<String> lines = new ArrayList<>();
        try (var reader = Files.newBufferedReader(shared)) {
            for (int k = 0; k < 3 * 52; k++) {
                lines.add(reader.readLine());
            }
        }
        String valid = String.join("\n", lines) + "\n";
        Path file = dir.resolve("seed.extxyz");
        ExtxyzFormat format = new ExtxyzFormat();

        Files.writeString(file, valid);
        assertEquals(3, format.readAll(file, ReadOptions.DEFAULT).size(), "the seed itself reads");

        List<String> corpus = corpus(valid, 20240611L, 400);
        corpus.add(valid.replaceFirst("^50\n", "2147483647\n"));
        corpus.add(valid.replaceFirst("\n50\n", "\n2147483647\n"));
        corpus.add(valid.replaceFirst("pos:R:3", "pos:R:3:x:R:2147483647"));
        corpus.add(valid.replaceFirst("energy=[^ ]+", "energy=NaN"));
        corpus.add(valid.replaceFirst("Lattice=\"[^\"]+\"", "Lattice=\"Infinity 0 0 0 1 0 0 0 1\""));
        corpus.add(valid.replace('\n', '\r')); // old Mac line ends: one long line
        corpus.add(valid.replace("\n", "\r\n")); // Windows line ends must read
        int[] outcome = check(format, file, corpus);
        // the corpus must exercise both paths, or it tests nothing
        assertTrue(outcome[0] > 10 && outcome[1] > 100, "reads ok / failed: " + Arrays.toString(outcome));
    }

    /**
     * Variants of {@code valid}: every truncation at a line end, a truncation inside every line, and {@code garblings}
     * seeded random edits (characters replaced, deleted or inserted; lines duplicated, swapped or deleted; tokens
     * replaced by NaN, Infinity, huge counts, quotes, brackets...), one to three edits each.
     */
    static List<String> corpus(String valid, long seed, int garblings) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        List<String> lines = List.of(valid.split("\n", -1));
        StringBuilder prefix = new StringBuilder();
        for (String line : lines) {
            out.add(prefix.toString());
            if (!line.isEmpty()) {
                out.add(prefix + line.substring(0, 1 + random.nextInt(line.length())));
            }
            prefix.append(line).append('\n');
        }
        for (int g = 0; g < garblings; g++) {
            String text = valid;
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                text = garble(text, random);
            }
            out.add(text);
        }
        return out;
    }

    private static final String CHARS = "0123456789.-+eE: \t\"'=[]{}\\TFxyzLiSQ#!\u00e9";
    private static final String[] TOKENS = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-320", "2147483647",
            "-2147483648", "99999999999999999999", "0", "-1", "", "\"", "=", "T", "F", "Xx", "[", "{", "\\", "0x1p3",
            "Selective", "Cartesian", "Direct", "Lattice=\"1 0 0\"", "Properties=species:S:1", "pbc=\"T T\""};

    private static String garble(String text, Random random) {
        if (text.isEmpty()) {
            return TOKENS[random.nextInt(TOKENS.length)];
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int li = random.nextInt(lines.size());
        String line = lines.get(li);
        switch (random.nextInt(8)) {
            case 0 -> { // replace a character
                int p = random.nextInt(text.length());
                return text.substring(0, p) + CHARS.charAt(random.nextInt(CHARS.length())) + text.substring(p + 1);
            }
            case 1 -> { // delete a character
                int p = random.nextInt(text.length());
                return text.substring(0, p) + text.substring(p + 1);
            }
            case 2 -> { // insert a character
                int p = random.nextInt(text.length() + 1);
                return text.substring(0, p) + CHARS.charAt(random.nextInt(CHARS.length())) + text.substring(p);
            }
            case 3 -> lines.add(li, line); // duplicate a line
            case 4 -> { // swap two lines
                int lj = random.nextInt(lines.size());
                lines.set(li, lines.get(lj));
                lines.set(lj, line);
            }
            case 5 -> lines.remove(li);
            default -> { // replace a token by a nasty one
                String[] tokens = line.trim().split("\\s+");
                int t = random.nextInt(tokens.length);
                tokens[t] = TOKENS[random.nextInt(TOKENS.length)];
                lines.set(li, String.join(" ", tokens));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * Reads every variant through {@code format} (written to {@code file}); returns {successes, FormatExceptions}.
     * Any other exception, a hang beyond 5 s, or a FormatException without the file name or a sensible line fails.
     */
    static int[] check(StructureFormat format, Path file, List<String> corpus) throws IOException {
        int ok = 0;
        int failed = 0;
        for (String text : corpus) {
            Files.writeString(file, text);
            long lineCount = text.lines().count();
            try {
                List<Frame> frames = assertTimeoutPreemptively(Duration.ofSeconds(5),
                        () -> format.readAll(file, ReadOptions.DEFAULT), () -> "read hangs on:\n" + text);
                for (Frame f : frames) {
                    assertTrue(f.structure().size() >= 0);
                }
                ok++;
            } catch (Throwable t) {
                if (t instanceof FormatException e) { // thrown through assertTimeoutPreemptively unchecked
                    failed++;
                    if (!e.getMessage().startsWith(file.toString())) {
                        fail("message does not start with the file name: " + e.getMessage());
                    }
                    if (e.line() < 1 || e.line() > lineCount + 1) {
                        fail("line " + e.line() + " out of range 1.." + (lineCount + 1) + " in: " + e.getMessage()
                                + "\nfor:\n" + text);
                    }
                    continue;
                }
                if (t instanceof org.opentest4j.AssertionFailedError a) {
                    throw a;
                }
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                fail("unexpected " + t + " for input:\n" + text + "\n" + trace);
            }
        }
        return new int[] {ok, failed};
    }
}
