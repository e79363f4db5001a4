package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.io.Units;
import kiseki.potential.Potential;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

class MetropolisMonteCarloTest {

    @TempDir
    Path dir;

    /**
     * Independent harmonic springs: ⟨E⟩ = 3/2 N k_B T, every Cartesian displacement Gaussian with variance
     * k_B T / k (checked per component) and fourth moment 3 (k_B T / k)².
     */
    @Test
    void einsteinCrystalSamplesTheCanonicalDistribution() throws Exception {
        double k = 1.0;
        double t = 300;
        double kT = Units.BOLTZMANN_EV_PER_K * t;
        Structure s = EinsteinCrystal.simpleCubic(4, 2.5);
        EinsteinCrystal springs = new EinsteinCrystal(k, s);
        int n = s.size();
        BlockAverage[] variance = {new BlockAverage(), new BlockAverage(), new BlockAverage()};
        BlockAverage fourth = new BlockAverage();
        BlockAverage mean = new BlockAverage();
        long equilibration = 200;
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(springs, s, t, 7).equilibrationSweeps(equilibration)
                .logEvery(1);
        mc.progress((record, done, total) -> {
            if (record.sweep() <= equilibration) {
                return;
            }
            double[] x = mc.structure().positions();
            double[] sq = new double[3];
            double q4 = 0;
            double sum = 0;
            for (int a = 0; a < 3 * n; a++) {
                double d = springs.displacement(x, a);
                sq[a % 3] += d * d;
                q4 += d * d * d * d;
                sum += d;
            }
            for (int c = 0; c < 3; c++) {
                variance[c].add(sq[c] / n);
            }
            fourth.add(q4 / (3 * n));
            mean.add(sum / (3 * n));
        });
        MetropolisMonteCarlo.Result r = mc.run(20_000);
        assertEquals(MetropolisMonteCarlo.Outcome.COMPLETED, r.outcome(), r.message());
        assertEquals(20_200, r.sweepsDone());
        assertEquals(20_000, r.samplingSweeps());
        double expected = 1.5 * n * kT;
        System.out.printf("Einstein crystal (N = %d, k = %.1f eV/Å², %.0f K): <E> = %.5f ± %.5f eV (exact %.5f), "
                + "acceptance %.3f, step %.4f Å%n", n, k, t, r.meanEnergy(), r.meanEnergyError(), expected,
                r.meanAcceptance(), r.maxStep());
        assertTrue(r.meanEnergyError() < 0.005 * expected, "error bar too wide to test anything: " + r);
        assertEquals(expected, r.meanEnergy(), 3 * r.meanEnergyError(), "mean energy 3/2 N kT");
        for (int c = 0; c < 3; c++) {
            System.out.printf("  <d_%c²> = %.6f ± %.6f Å² (k_B T / k = %.6f)%n", "xyz".charAt(c), variance[c].mean(),
                    variance[c].standardError(), kT / k);
            assertEquals(kT / k, variance[c].mean(), 3 * variance[c].standardError(), "variance of component " + c);
        }
        System.out.printf("  <d⁴> = %.3e ± %.1e (3 (kT/k)² = %.3e), <d> = %.1e ± %.1e%n", fourth.mean(),
                fourth.standardError(), 3 * kT * kT / (k * k), mean.mean(), mean.standardError());
        assertEquals(3 * kT * kT / (k * k), fourth.mean(), 3 * fourth.standardError(), "Gaussian fourth moment");
        assertEquals(0, mean.mean(), 3 * mean.standardError(), "no mean displacement");
    }

    @Test
    void adaptiveStepReachesTheTargetAcceptanceAndIsFrozenForSampling() throws Exception {
        for (double start : new double[] {0.005, 3.0}) {
            for (boolean argon : new boolean[] {false, true}) {
                Structure s = argon ? MdTest.argon(2) : EinsteinCrystal.simpleCubic(3, 2.5);
                Potential pot = argon ? MdTest.ARGON : new EinsteinCrystal(1.0, s);
                MetropolisMonteCarlo mc = new MetropolisMonteCarlo(pot, s, 100, 11).maxStep(start)
                        .equilibrationSweeps(150).logEvery(1);
                MetropolisMonteCarlo.Result r = mc.run(400);
                String label = (argon ? "LJ argon" : "Einstein") + " from step " + start;
                System.out.printf("%s: sampling acceptance %.4f with a frozen step %.4f Å%n", label,
                        r.meanAcceptance(), r.maxStep());
                assertEquals(0.40, r.meanAcceptance(), 0.03, label);
                List<MetropolisMonteCarlo.Record> sampling = r.log().stream().filter(x -> x.sweep() > 150).toList();
                assertEquals(400, sampling.size());
                for (MetropolisMonteCarlo.Record x : sampling) {
                    assertEquals(r.maxStep(), x.maxStep(), 0, "step frozen after equilibration");
                }
            }
        }
        // another target, and adaptation throughout the run when there is no equilibration phase
        Structure s = EinsteinCrystal.simpleCubic(3, 2.5);
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(new EinsteinCrystal(1.0, s), s, 300, 5)
                .targetAcceptance(0.25).logEvery(1);
        MetropolisMonteCarlo.Result r = mc.run(600);
        double late = r.log().stream().filter(x -> x.sweep() > 100).mapToDouble(x -> x.acceptance()).average()
                .orElseThrow();
        System.out.printf("Einstein, target 0.25, adapting throughout: acceptance %.4f after sweep 100%n", late);
        assertEquals(0.25, late, 0.03);
        assertTrue(r.log().stream().map(x -> x.maxStep()).distinct().count() > 100, "the step keeps adapting");
    }

    @Test
    void sameSeedGivesIdenticalSamplesAndLog() throws Exception {
        byte[][] samples = new byte[3][];
        byte[][] logs = new byte[3][];
        long[] seeds = {42, 42, 43};
        for (int run = 0; run < 3; run++) {
            Path xyz = dir.resolve("samples" + run + ".extxyz");
            Path csv = dir.resolve("log" + run + ".csv");
            new MetropolisMonteCarlo(MdTest.ARGON, MdTest.argon(2), 80, seeds[run]).equilibrationSweeps(20)
                    .samples(xyz, 5).logCsv(csv).logEvery(5).run(40);
            samples[run] = Files.readAllBytes(xyz);
            logs[run] = Files.readAllBytes(csv);
        }
        assertArrayEquals(samples[0], samples[1], "same seed, same samples");
        assertArrayEquals(logs[0], logs[1], "same seed, same log");
        assertFalse(java.util.Arrays.equals(samples[0], samples[2]), "another seed, other samples");

        List<Frame> frames = StructureFormats.require("extxyz").readAll(dir.resolve("samples0.extxyz"),
                ReadOptions.DEFAULT);
        assertEquals(8, frames.size(), "sweeps 25, 30, ..., 60");
        assertEquals("25", frames.get(0).info().get("step"));
        assertEquals("60", frames.get(7).info().get("step"));
        assertEquals(32, frames.get(0).structure().size());
        // each sample's stored energy is the energy of its configuration
        for (Frame f : frames) {
            assertEquals(MdTest.ARGON.compute(f.structure()).energy, f.energy(), 1e-6);
        }
        List<String> log = Files.readAllLines(dir.resolve("log0.csv"));
        assertEquals(MetropolisMonteCarlo.CSV_HEADER, log.get(0));
        assertEquals(1 + 13, log.size(), "records at sweeps 0, 5, ..., 60");
        assertTrue(log.get(1).startsWith("0,"), log.get(1));
        String[] last = log.get(13).split(",");
        assertEquals("60", last[0]);
        assertEquals(Double.parseDouble(last[1]) / 32, Double.parseDouble(last[2]), 1e-8);
    }

    @Test
    void cancelStopsWithinOneMove() throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        Structure s = EinsteinCrystal.simpleCubic(4, 2.5);
        EinsteinCrystal springs = new EinsteinCrystal(1.0, s);
        Potential cancelling = springs.then((structure, out) -> {
            if (springs.evaluations() == 1000) {
                cancel.set(true); // as if another thread pressed Cancel while this move was evaluated
            }
        });
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(cancelling, s, 300, 1).cancelFlag(cancel);
        MetropolisMonteCarlo.Result r = mc.run(1_000_000);
        assertEquals(MetropolisMonteCarlo.Outcome.CANCELLED, r.outcome());
        // 1 start evaluation + 999 moves; the cancel comes during move 999 (the 1000th evaluation)
        assertEquals(1000, springs.evaluations(), "no move after the flag was set");
        assertEquals(999, mc.movesAttempted());
        assertEquals(15, r.sweepsDone(), "15 whole sweeps of 64 moves, cancelled during the 16th");
        assertTrue(r.message().contains("sweep 16"), r.message());

        // a flag set from the progress callback stops after that sweep, with its record
        AtomicBoolean stop = new AtomicBoolean();
        Structure t = EinsteinCrystal.simpleCubic(3, 2.5);
        MetropolisMonteCarlo second = new MetropolisMonteCarlo(new EinsteinCrystal(1.0, t), t, 300, 1)
                .cancelFlag(stop).logEvery(1);
        second.progress((record, done, total) -> stop.set(record.sweep() == 7));
        MetropolisMonteCarlo.Result r2 = second.run(1000);
        assertEquals(MetropolisMonteCarlo.Outcome.CANCELLED, r2.outcome());
        assertEquals(7, r2.sweepsDone());
        assertEquals(7, r2.log().get(r2.log().size() - 1).sweep());
    }

    /** A potential that fails (NaN) beyond 0.2 Å from the anchors: those moves are rejected, never accepted. */
    @Test
    void movesToNaNEnergyAreRejected() throws Exception {
        Structure s = EinsteinCrystal.simpleCubic(3, 2.5);
        EinsteinCrystal springs = new EinsteinCrystal(1.0, s);
        Potential failing = springs.then((structure, out) -> {
            double[] x = structure.positions();
            for (int a = 0; a < x.length; a++) {
                if (Math.abs(springs.displacement(x, a)) > 0.2) {
                    out.energy = Double.NaN;
                }
            }
        });
        Path xyz = dir.resolve("nan.extxyz");
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(failing, s, 600, 3).maxStep(0.3).adaptStep(false)
                .samples(xyz, 1);
        MetropolisMonteCarlo.Result r = mc.run(300);
        assertEquals(MetropolisMonteCarlo.Outcome.COMPLETED, r.outcome());
        assertTrue(Double.isFinite(r.meanEnergy()));
        assertTrue(r.meanAcceptance() > 0.05 && r.meanAcceptance() < 0.9, "some moves accepted: " + r);
        for (Frame f : StructureFormats.require("extxyz").readAll(xyz, ReadOptions.DEFAULT)) {
            assertTrue(Double.isFinite(f.energy()));
            double[] x = f.structure().positions();
            for (int a = 0; a < x.length; a++) {
                assertTrue(Math.abs(springs.displacement(x, a)) <= 0.2, "accepted a NaN configuration");
            }
        }
        // a start configuration the potential cannot handle stops the run with a message
        s.positions()[0] += 0.5;
        MetropolisMonteCarlo.Result stopped = new MetropolisMonteCarlo(failing, s, 600, 3).run(10);
        assertEquals(MetropolisMonteCarlo.Outcome.STOPPED, stopped.outcome());
        assertTrue(stopped.message().contains("NaN"), stopped.message());
    }

    /**
     * The per-atom refresh and the rebuilds keep the Verlet list exact: after many moves (a thin skin forces
     * rebuilds, also on rejected moves) the running energy equals a fresh evaluation and every list entry equals
     * what a full refresh computes.
     */
    @Test
    void verletListStaysExact() throws Exception {
        Structure s = MdTest.argon(2);
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(MdTest.ARGON, s, 300, 9).skin(0.5).maxStep(0.2)
                .adaptStep(false);
        mc.run(30);
        System.out.printf("Verlet list: %d rebuilds in %d moves, %d accepted%n", mc.rebuilds(),
                mc.movesAttempted(), mc.movesAccepted());
        assertTrue(mc.rebuilds() > 20, "rebuilds: " + mc.rebuilds());
        assertEquals(MdTest.ARGON.compute(s.copy()).energy, mc.energy(), 1e-9);
        NeighborList list = mc.neighbors();
        double[] vectors = list.vectorArray().clone();
        double[] distances = list.distanceArray().clone();
        list.refresh(s);
        assertArrayEquals(list.vectorArray(), vectors, 1e-12);
        assertArrayEquals(list.distanceArray(), distances, 1e-12);
        assertNotEquals(0, mc.movesAccepted());
    }

    @Test
    void movesAllocateNothingBetweenRebuilds() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter not available on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(MdTest.ARGON, MdTest.argon(2), 20, 4).skin(2.0)
                .maxStep(0.05);
        for (int i = 0; i < 50; i++) {
            mc.sweep();
        }
        int rebuilds = mc.rebuilds();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50; i++) {
            mc.sweep();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(rebuilds, mc.rebuilds(), "no rebuild expected at 20 K with a 2 Å skin");
        assertTrue(allocated < 2048, "50 sweeps allocated " + allocated + " bytes");
    }
}
