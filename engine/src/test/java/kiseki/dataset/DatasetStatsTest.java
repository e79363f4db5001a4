package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.ReadOptions;
import kiseki.io.WriteOptions;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStatsTest {

    @TempDir
    Path dir;

    /**
     * Reference numbers for the 590-frame LGPS set, computed independently (a Python script over the file's text):
     * energy per atom, the largest force and where it is, the RMS force component and the exact 20-bin histogram.
     */
    @Test
    void lgpsDataset() throws IOException {
        Path file = SharedData.require("data/lgps/lgps_init_590.extxyz");
        DatasetStats.of(file); // warm up the JIT so the timing below is the steady pass
        long t0 = System.nanoTime();
        DatasetStats s = DatasetStats.of(file);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 3, "one pass over 590 frames took " + seconds + " s");

        assertEquals(590, s.frames());
        assertEquals(29_500, s.atoms());
        Map<String, Long> elements = new LinkedHashMap<>();
        elements.put("Li", 11_800L);
        elements.put("Ge", 1_180L);
        elements.put("P", 2_360L);
        elements.put("S", 14_160L);
        assertEquals(elements, s.elements());
        assertEquals(List.of("Li", "Ge", "P", "S"), s.elementSymbols(), "order of first appearance");
        assertEquals(590, s.framesWithEnergy());
        assertEquals(590, s.framesWithForces());
        assertEquals(0, s.framesWithStress());
        assertEquals(50, s.minAtoms());
        assertEquals(50, s.maxAtoms());

        DatasetStats.Summary epa = s.energyPerAtom();
        assertEquals(590, epa.count());
        assertEquals(-4.314393962, epa.min(), 1e-12);
        assertEquals(-4.2867237824, epa.max(), 1e-12);
        assertEquals(-4.30945136560373, epa.mean(), 1e-11);
        assertEquals(0.007962706272870863, epa.std(), 1e-11);
        double firstFrame = -215.4699337 / 50;
        assertTrue(epa.min() <= firstFrame && firstFrame <= epa.max());
        assertEquals(-215.7196981, s.energy().min(), 1e-9);
        assertEquals(-214.33618912, s.energy().max(), 1e-9);

        assertEquals(4.561836392074577, s.maxForce(), 1e-12);
        assertEquals(324, s.maxForceFrame());
        assertEquals(25, s.maxForceAtom());
        assertEquals(0.2744723695273609, s.rmsForceComponent(), 1e-12);

        DatasetStats.Histogram h = s.forceHistogram();
        assertEquals(4.561836392074577 / 20, h.binWidth(), 1e-12);
        assertEquals(List.of(19759L, 5155L, 1893L, 975L, 573L, 373L, 214L, 132L, 107L, 87L, 80L, 47L, 38L, 27L, 15L,
                16L, 4L, 2L, 1L, 2L), h.counts());
        assertEquals(29_500, h.total());

        assertEquals(8.787646 * 8.787646 * 12.657546, s.cellVolume().min(), 1e-9);
        assertEquals(s.cellVolume().min(), s.cellVolume().max(), 0.0);
    }

    @Test
    void mixedFramesCountWhatTheyHave() throws IOException {
        Element h = PeriodicTable.require("H");
        Element o = PeriodicTable.require("O");
        List<Frame> frames = new ArrayList<>();
        // frame 1: a water molecule without a cell, energy only
        frames.add(new Frame(new Structure(null, new Element[] {o, h, h},
                new double[] {0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0})).setEnergy(-14.0));
        // frame 2: periodic, 2 atoms, energy + forces + stress; the largest force is atom 2 (3-4-0: |F| = 5)
        frames.add(new Frame(new Structure(kiseki.structure.Lattice.orthorhombic(2, 3, 4), new Element[] {h, o},
                new double[] {0, 0, 0, 1, 1, 1})).setEnergy(-10.0).setForces(new double[] {1, 0, 0, 3, -4, 0})
                .setStress(new double[9]));
        // frame 3: no labels at all
        frames.add(new Frame(new Structure(kiseki.structure.Lattice.orthorhombic(1, 1, 1), new Element[] {h},
                new double[] {0, 0, 0})));
        Path file = dir.resolve("mixed.extxyz");
        new ExtxyzFormat().write(file, frames, WriteOptions.DEFAULT);

        DatasetStats s = DatasetStats.of(file);
        assertEquals(3, s.frames());
        assertEquals(6, s.atoms());
        assertEquals(List.of("O", "H"), s.elementSymbols());
        assertEquals(4L, s.elements().get("H"));
        assertEquals(2, s.framesWithEnergy());
        assertEquals(1, s.framesWithForces());
        assertEquals(1, s.framesWithStress());
        assertEquals(1, s.minAtoms());
        assertEquals(3, s.maxAtoms());
        // energies per atom −14/3 and −10/2
        assertEquals(-5.0, s.energyPerAtom().min(), 1e-12);
        assertEquals(-14.0 / 3, s.energyPerAtom().max(), 1e-12);
        assertEquals((-5.0 - 14.0 / 3) / 2, s.energyPerAtom().mean(), 1e-12);
        assertEquals((5.0 - 14.0 / 3) / 2, s.energyPerAtom().std(), 1e-12, "population std of two values");
        assertEquals(5.0, s.maxForce(), 1e-12);
        assertEquals(2, s.maxForceFrame());
        assertEquals(2, s.maxForceAtom());
        assertEquals(Math.sqrt((1 + 9 + 16) / 6.0), s.rmsForceComponent(), 1e-12);
        assertEquals(0.25, s.forceHistogram().binWidth(), 1e-12);
        List<Long> counts = s.forceHistogram().counts();
        assertEquals(1L, counts.get(4), "|F| = 1 is in bin [1, 1.25)");
        assertEquals(1L, counts.get(19), "the largest value is in the last bin");
        assertEquals(2, s.forceHistogram().total());
        assertEquals(1.0, s.cellVolume().min(), 1e-12);
        assertEquals(24.0, s.cellVolume().max(), 1e-12);
    }

    @Test
    void emptyAndUnlabelledFiles() throws IOException {
        Path empty = dir.resolve("empty.extxyz");
        Files.writeString(empty, "");
        DatasetStats s = DatasetStats.of(empty);
        assertEquals(0, s.frames());
        assertEquals(0, s.minAtoms());
        assertTrue(Double.isNaN(s.energyPerAtom().mean()));
        assertTrue(Double.isNaN(s.maxForce()));
        assertEquals(0, s.maxForceFrame());
        assertTrue(Double.isNaN(s.forceHistogram().binWidth()));
        assertEquals(0, s.forceHistogram().total());

        Path bad = dir.resolve("bad.extxyz");
        Files.writeString(bad, "1\nenergy=1\nLi 0 0 zero\n");
        FormatException e = assertThrows(FormatException.class, () -> DatasetStats.of(bad));
        assertEquals(3, e.line());
    }

    /** Past the kept values, the fine-bin histogram against exact binning, over very different scales. */
    @Test
    void histogramBeyondTheKeptValuesIsNearlyExact() {
        SplittableRandom rng = new SplittableRandom(42);
        for (double scale : new double[] {1e-3, 0.7, 13.0, 2500.0}) {
            MagnitudeHistogram kept = new MagnitudeHistogram();
            MagnitudeHistogram spilled = new MagnitudeHistogram(1000);
            double[] values = new double[50_000];
            double max = 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = scale * -Math.log(1 - rng.nextDouble()); // exponential, like force magnitudes
                kept.add(values[i]);
                spilled.add(values[i]);
                max = Math.max(max, values[i]);
            }
            long[] exact = new long[20];
            for (double v : values) {
                exact[(int) Math.min(19, Math.floor(v / (max / 20)))]++;
            }
            assertTrue(kept.exact());
            assertArrayEquals(exact, kept.counts(20));
            assertFalse(spilled.exact());
            long[] counts = spilled.counts(20);
            long moved = 0;
            for (int k = 0; k < 20; k++) {
                moved += Math.abs(counts[k] - exact[k]);
            }
            assertEquals(max, spilled.max(), 0.0);
            assertEquals(values.length, java.util.Arrays.stream(counts).sum());
            assertTrue(moved <= values.length / 1000, "scale " + scale + ": " + moved + " values off by one bin");
        }
        MagnitudeHistogram zeros = new MagnitudeHistogram();
        zeros.add(0);
        zeros.add(0);
        assertEquals(2, zeros.counts(20)[0]);
        assertEquals(0, zeros.binWidth(20));
    }

    @Test
    void statsOfAFileWrittenByTheDatasetWriter() throws IOException {
        Path file = dir.resolve("d.extxyz");
        Dataset.append(file, TestFrames.labelled(0, 10));
        DatasetStats s = DatasetStats.of(file);
        assertEquals(10, s.frames());
        assertEquals(10, s.framesWithStress());
        assertEquals(-3.09 / 3, s.energyPerAtom().min(), 1e-12);
        assertEquals(-1.0, s.energyPerAtom().max(), 1e-12);
        assertEquals(new ExtxyzFormat().readAll(file, ReadOptions.DEFAULT).size(), s.frames());
    }
}
