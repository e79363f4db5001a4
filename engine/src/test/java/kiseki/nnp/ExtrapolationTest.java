package kiseki.nnp;

import kiseki.descriptor.Descriptor;
import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.DescriptorStats;
import kiseki.descriptor.Descriptors;
import kiseki.io.FormatException;
import kiseki.potential.PotentialResult;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
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

/** The training range a trained model remembers, and the extrapolation count of {@link NnpPotential}. */
class ExtrapolationTest {

    static void evaluate(NnpPotential p, Structure s, double listCutoff) {
        PotentialResult r = new PotentialResult(s.size(), true, true, false);
        p.compute(s, NeighborList.full(s, listCutoff), r);
    }

    @Test
    void trainingStoresTheRangeOfTheTrainingSplit() throws Exception {
        NnpModel model = TinyTrainedModel.model();
        TrainingRange range = model.trainingRange();
        assertNotNull(range, "a freshly trained model has a training range");
        assertEquals(List.of("Li", "P", "S"), model.elements());
        DescriptorStats stats = TinyTrainedModel.trainingStats(model);
        assertEquals(7, TinyTrainedModel.trainingSplit().size()); // 10 frames, 30 % for validation
        for (int e = 0; e < 3; e++) {
            Element el = PeriodicTable.require(model.elements().get(e));
            // cell() cycles Li, P, S over 10 atoms: 4 Li, 3 P, 3 S per frame, 7 training frames
            assertEquals(e == 0 ? 28L : 21L, range.atoms().get(e));
            assertEquals(stats.count(el), range.atoms().get(e));
            double[] lo = stats.min(el);
            double[] hi = stats.max(el);
            for (int f = 0; f < lo.length; f++) {
                // the trainer's values come from valuesAndDerivatives, these from values: equal (bitwise today)
                assertEquals(lo[f], range.min().get(e)[f], 1e-12 * Math.max(1, Math.abs(lo[f])));
                assertEquals(hi[f], range.max().get(e)[f], 1e-12 * Math.max(1, Math.abs(hi[f])));
            }
        }
    }

    @Test
    void trainingFramesDoNotExtrapolate() throws Exception {
        NnpModel model = TinyTrainedModel.model();
        try (NnpPotential p = new NnpPotential(model, 1)) {
            assertTrue(p.hasTrainingRange());
            for (Frame f : TinyTrainedModel.trainingSplit()) {
                // the training neighbour list, and an MD-like one with a 1 Å skin (other order of summation)
                for (double listCutoff : new double[] {p.cutoff(), p.cutoff() + 1.0}) {
                    evaluate(p, f.structure(), listCutoff);
                    assertEquals(0, p.lastExtrapolatingAtoms());
                    assertEquals(0, p.lastValuesOutside());
                }
            }
        }
    }

    @Test
    void compressedAndExpandedCellsExtrapolateAsCountedByHand() throws Exception {
        NnpModel model = TinyTrainedModel.model();
        DescriptorStats stats = TinyTrainedModel.trainingStats(model);
        Descriptor d = Descriptors.create(model.descriptor(), TinyTrainedModel.elements(model));
        try (NnpPotential p = new NnpPotential(model, 1)) {
            for (Frame f : TinyTrainedModel.trainingSplit()) {
                for (double factor : new double[] {0.75, 1.4}) {
                    Structure s = TinyTrainedModel.scaled(f.structure(), factor);
                    evaluate(p, s, p.cutoff());
                    long[] expected = TinyTrainedModel.bruteForceCount(model, stats, s);
                    assertTrue(expected[0] > 0, "a cell scaled by " + factor + " leaves the training range");
                    assertEquals(expected[0], p.lastExtrapolatingAtoms(), "atoms, factor " + factor);
                    assertEquals(expected[1], p.lastValuesOutside(), "values, factor " + factor);
                    // such excursions are far beyond the rounding margin: DescriptorStats without it agrees
                    double[] g = new double[s.size() * d.size()];
                    d.values(s, NeighborList.full(s, d.cutoff()), 0, s.size(), g);
                    long atoms = 0;
                    long values = 0;
                    for (int i = 0; i < s.size(); i++) {
                        int n = stats.countOutside(s.element(i), g, i * d.size());
                        atoms += n > 0 ? 1 : 0;
                        values += n;
                    }
                    assertEquals(atoms, p.lastExtrapolatingAtoms());
                    assertEquals(values, p.lastValuesOutside());
                }
            }
        }
    }

    @Test
    void threadsAgreeOnTheCount() throws Exception {
        NnpModel model = TinyTrainedModel.model();
        Structure s = Supercells.repeat(TinyTrainedModel.scaled(TinyTrainedModel.trainingSplit().get(0).structure(),
                0.8), 2, 2, 1);
        try (NnpPotential one = new NnpPotential(model, 1); NnpPotential two = new NnpPotential(model, 2)) {
            evaluate(one, s, one.cutoff());
            evaluate(two, s, two.cutoff());
            long[] expected = TinyTrainedModel.bruteForceCount(model, TinyTrainedModel.trainingStats(model), s);
            assertTrue(expected[0] > 0);
            assertEquals(expected[0], one.lastExtrapolatingAtoms());
            assertEquals(expected[0], two.lastExtrapolatingAtoms());
            assertEquals(expected[1], two.lastValuesOutside());
            // the count is per call, not cumulative
            evaluate(two, TinyTrainedModel.trainingSplit().get(1).structure(), two.cutoff());
            assertEquals(0, two.lastExtrapolatingAtoms());
        }
    }

    @Test
    void modelFileKeepsTheRangeBitIdenticallyAndOldFilesStillLoad(@TempDir Path tmp) throws Exception {
        NnpModel model = TinyTrainedModel.model();
        Path file = tmp.resolve("tiny.nnp.json");
        model.write(file);
        String text = Files.readString(file);
        assertTrue(text.contains("\"trainingRange\" : {"), "the range is stored");
        NnpModel back = NnpModel.read(file);
        assertEquals(model.trainingRange(), back.trainingRange());
        Path again = tmp.resolve("again.nnp.json");
        back.write(again);
        assertEquals(text, Files.readString(again));

        // a file from before the range was stored: no field at all, loads, and writes back unchanged
        NnpModel old = model.withTrainingRange(null);
        Path oldFile = tmp.resolve("old.nnp.json");
        old.write(oldFile);
        String oldText = Files.readString(oldFile);
        assertFalse(oldText.contains("trainingRange"));
        NnpModel oldBack = NnpModel.read(oldFile);
        assertNull(oldBack.trainingRange());
        oldBack.write(again);
        assertEquals(oldText, Files.readString(again));
        Structure s = TinyTrainedModel.scaled(TinyTrainedModel.trainingSplit().get(0).structure(), 0.75);
        try (NnpPotential withRange = new NnpPotential(back, 1); NnpPotential without = new NnpPotential(oldBack, 1)) {
            assertFalse(without.hasTrainingRange());
            evaluate(without, s, without.cutoff());
            assertEquals(0, without.lastExtrapolatingAtoms());
            PotentialResult a = withRange.compute(s);
            PotentialResult b = without.compute(s);
            assertEquals(a.energy, b.energy, 0.0, "the range does not change the energy");
            assertArrayEquals(a.forces, b.forces, 0.0);
        }

        // a broken range is a clear format error, not a crash later
        Files.writeString(tmp.resolve("broken.json"), text.replaceFirst("\"min\" : \\[ \\[ ", "\"min\" : [ [ 1e300, "));
        FormatException e = assertThrows(FormatException.class, () -> NnpModel.read(tmp.resolve("broken.json")));
        assertTrue(e.getMessage().contains("training range"), e.getMessage());
    }

    @Test
    void anElementMissingFromTheTrainingSplitAlwaysExtrapolates() {
        DescriptorSpec spec = DescriptorSpec.chebyshev(6, 4, 4.5);
        NnpModel random = NnpPotentialTest.randomModel(spec, 1, false, 3);
        List<Element> els = NnpPotentialTest.ELEMENTS.stream().map(PeriodicTable::require).toList();
        Descriptor d = Descriptors.create(spec, els);
        DescriptorStats stats = new DescriptorStats(els, d.size());
        Structure seen = NnpPotentialTest.cell(21);
        // only the Li and P atoms of one cell: S never seen
        double[] g = new double[seen.size() * d.size()];
        d.values(seen, NeighborList.full(seen, d.cutoff()), 0, seen.size(), g);
        for (int i = 0; i < seen.size(); i++) {
            if (!seen.element(i).symbol().equals("S")) {
                stats.add(seen.element(i), g, i * d.size());
            }
        }
        TrainingRange range = TrainingRange.of(stats);
        assertEquals(List.of(4L, 3L, 0L), range.atoms());
        assertEquals(0, range.min().get(2).length);
        try (NnpPotential p = new NnpPotential(random.withTrainingRange(range), 1)) {
            evaluate(p, seen, p.cutoff());
            assertEquals(3, p.lastExtrapolatingAtoms(), "exactly the three S atoms");
            assertEquals(3L * d.size(), p.lastValuesOutside());
        }
    }

    @Test
    void countingAllocatesNothingPerCall() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter not available on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        NnpModel model = TinyTrainedModel.model();
        Structure s = Supercells.repeat(TinyTrainedModel.scaled(TinyTrainedModel.trainingSplit().get(0).structure(),
                0.8), 2, 1, 1);
        try (NnpPotential p = new NnpPotential(model, 1)) {
            NeighborList nl = NeighborList.full(s, p.cutoff());
            PotentialResult r = new PotentialResult(s.size(), true, true, false);
            for (int k = 0; k < 50; k++) {
                p.compute(s, nl, r);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            long sum = 0;
            for (int k = 0; k < 50; k++) {
                p.compute(s, nl, r);
                sum += p.lastExtrapolatingAtoms();
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(sum > 0);
            assertTrue(allocated < 2048, "50 evaluations allocated " + allocated + " bytes");
        }
    }
}
