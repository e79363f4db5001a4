package kiseki.io;

import kiseki.structure.Frame;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Truncated and garbled POSCARs must read or fail with a located {@link FormatException}, never hang or crash. */
class PoscarHardeningTest {

    @TempDir
    Path dir;

    @Test
    void garbledLgpsPoscarFailsCleanly() throws IOException {
        Frame lgps = new ExtxyzFormat().readFirst(SharedData.require("data/lgps/lgps_init_590.extxyz"),
                ReadOptions.DEFAULT);
        double[] v = new double[150];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.001 * Math.cos(i); // so the CONTCAR velocity block is part of the seed
        }
        lgps.setVelocities(v);
        PoscarFormat format = new PoscarFormat();
        Path seed = dir.resolve("CONTCAR");
        format.write(seed, List.of(lgps), WriteOptions.DEFAULT);
        String valid = Files.readString(seed);
        assertEquals(150, format.readFirst(seed, ReadOptions.DEFAULT).velocities().length, "the seed itself reads");

        List<String> corpus = ExtxyzHardeningTest.corpus(valid, 77L, 300);
        corpus.add(valid.replaceFirst("\n +20 +2 +4 +24\n", "\n2147483647 2 4 24\n"));
        corpus.add(valid.replaceFirst("\n +20 +2 +4 +24\n", "\n2147483647 2147483647 2147483647 2147483647\n"));
        corpus.add(valid.replaceFirst("\n1.0\n", "\n-1e308\n"));
        corpus.add(valid.replaceFirst("\n1.0\n", "\n1e-300\n"));
        corpus.add(valid.replaceFirst("\n1.0\n", "\n1e200 1e200 1e200\n"));
        int[] outcome = ExtxyzHardeningTest.check(format, dir.resolve("POSCAR"), corpus);
        assertTrue(outcome[0] > 10 && outcome[1] > 100, "reads ok / failed: " + Arrays.toString(outcome));
    }

    @Test
    void garbledSelectiveCartesianPoscarFailsCleanly() throws IOException {
        String valid = """
                Cu slab with O
                  3.61
                    1.0 0.0 0.0
                    0.0 1.0 0.0
                    0.0 0.0 5.0
                  Cu_pv O
                  2 1
                Selective dynamics
                Cartesian
                  0.0 0.0 0.0 F F F
                  0.5 0.5 0.0 F F F ! bottom layer
                  0.25 0.25 0.5 T T T
                """;
        PoscarFormat format = new PoscarFormat();
        Path file = dir.resolve("slab.vasp");
        Files.writeString(file, valid);
        assertEquals(3, format.readFirst(file, ReadOptions.DEFAULT).structure().size());
        int[] outcome = ExtxyzHardeningTest.check(format, file, ExtxyzHardeningTest.corpus(valid, 5L, 200));
        assertTrue(outcome[0] > 10 && outcome[1] > 50, "reads ok / failed: " + Arrays.toString(outcome));
    }
}
