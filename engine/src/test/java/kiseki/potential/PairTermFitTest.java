package kiseki.potential;

import kiseki.io.ExtxyzWriter;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairTermFitTest {

    private static final double RC = 6.0;
    private static final Map<String, Double> REFERENCES = Map.of("Li", -1.9, "P", -5.4, "S", -3.1);

    /** A smooth, physical set for Li, P, S with wells near 2.4–3 Å. */
    private static final PairTerm TRUE_TERM = new PairTerm(RC, List.of(
            new PairCoefficients("Li", "S", 4.3e4, -1.6e4, 1.8e3, -57),
            new PairCoefficients("P", "S", 6.3e3, 0, -2.8e3, 296),
            new PairCoefficients("S", "S", 1.7e6, -4.3e5, 3.9e4, -1.2e3),
            new PairCoefficients("Li", "Li", 8.5e5, -3.1e5, 3.7e4, -1.4e3),
            new PairCoefficients("Li", "P", 1.2e6, -1.7e5, -5.4e3, 1.1e3),
            new PairCoefficients("P", "P", 2.0e5, -1.0e4, -1.0e3, 50)));

    /** Frames labelled by a known pair term plus reference energies, with varying compositions. */
    static List<Frame> syntheticFrames(PairTerm term, int count, double minDistance, long seed) {
        Random rnd = new Random(seed);
        String[][] mixes = {{"Li", "S"}, {"Li", "P", "S"}, {"P", "S", "S"}, {"Li", "Li", "S"}, {"Li", "P", "S", "S"}};
        List<Frame> frames = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            String[] mix = mixes[f % mixes.length];
            int atoms = 10 + rnd.nextInt(6);
            double a = 7.0 + rnd.nextDouble();
            Structure s = PotentialTesting.randomCell(seed * 1000 + f, new double[] {a, a + 0.3, a + 0.6}, atoms,
                    minDistance, mix);
            PotentialResult r = term.compute(s);
            double energy = r.energy;
            for (int i = 0; i < s.size(); i++) {
                energy += REFERENCES.get(s.element(i).symbol());
            }
            frames.add(new Frame(s).setEnergy(energy).setForces(r.forces.clone()));
        }
        return frames;
    }

    @Test
    void recoversKnownCoefficientsWithoutConstraints() {
        List<Frame> frames = syntheticFrames(TRUE_TERM, 40, 1.7, 1);
        PairTermFit.Result r = PairTermFit.fit(frames, RC, PairTermFit.Options.DEFAULT
                .withRepulsion(PairTermFit.Repulsion.NONE).withRidge(0));
        assertEquals(6, r.pairs().size());
        for (PairCoefficients truth : TRUE_TERM.pairs()) {
            PairCoefficients fitted = r.pairTerm().coefficients(truth.first(), truth.second()).orElseThrow();
            // curves agree over the sampled range, coefficients closely
            for (double x = 1.8; x < RC; x += 0.1) {
                assertEquals(truth.energy(x, RC), fitted.energy(x, RC), 1e-6 * (1 + Math.abs(truth.energy(x, RC))),
                        truth.label() + " φ at " + x);
            }
            for (int k = 0; k < 4; k++) {
                assertEquals(truth.coefficient(k), fitted.coefficient(k), 1e-5 * Math.abs(truth.a12()),
                        truth.label() + " coefficient " + k);
            }
        }
        REFERENCES.forEach((el, e) -> assertEquals(e, r.referenceEnergies().get(el), 1e-6, el));
        assertTrue(r.forceRmse() < 1e-6 * r.forceRms(), "exact data: " + r.forceRmse());
        assertTrue(r.energyRmsePerAtom() < 1e-8, "exact data: " + r.energyRmsePerAtom());
        assertEquals(40, r.frames());
    }

    @Test
    void constraintsKeepShortRangeRepulsive() {
        // a "true" P–S curve that dives to −∞ below 0.9 Å (A12 < 0): the data (all distances ≥ 2.4 Å) cannot tell,
        // so the unconstrained fit reproduces the dive
        PairTerm unphysical = new PairTerm(RC, List.of(
                new PairCoefficients("P", "S", -2.0e3, 4.0e3, -1.9e3, 180),
                new PairCoefficients("Li", "S", 4.3e4, -1.6e4, 1.8e3, -57),
                new PairCoefficients("S", "S", 1.7e6, -4.3e5, 3.9e4, -1.2e3),
                new PairCoefficients("Li", "Li", 8.5e5, -3.1e5, 3.7e4, -1.4e3),
                new PairCoefficients("Li", "P", 1.2e6, -1.7e5, -5.4e3, 1.1e3),
                new PairCoefficients("P", "P", 2.0e5, -1.0e4, -1.0e3, 50)));
        PairCoefficients ps = unphysical.coefficients("P", "S").orElseThrow();
        assertTrue(ps.energy(0.8, RC) < 0 && ps.derivative(0.8, RC) > 0, "the test curve is attractive at short range");
        List<Frame> frames = syntheticFrames(unphysical, 40, 2.4, 2);

        PairTermFit fit = new PairTermFit(RC);
        frames.forEach(fit::add);
        PairTermFit.Result free = fit.solve(PairTermFit.Options.DEFAULT.withRepulsion(PairTermFit.Repulsion.NONE)
                .withRidge(0));
        PairTermFit.PairReport freePs = free.pair("P", "S");
        assertFalse(freePs.repulsiveAtShortRange(), "unconstrained: attractive at short range");
        assertTrue(free.pairTerm().derivative("P", "S", 0.8) > 0);

        for (PairTermFit.Repulsion mode : new PairTermFit.Repulsion[] {PairTermFit.Repulsion.SLOPE,
                PairTermFit.Repulsion.SLOPE_AND_VALUE}) {
            PairTermFit.Result r = fit.solve(PairTermFit.Options.DEFAULT.withRepulsion(mode));
            assertTrue(r.activeConstraints() > 0, mode + ": constraints bind");
            for (PairTermFit.PairReport p : r.pairs()) {
                PairCoefficients c = r.pairTerm().coefficients(p.first(), p.second()).orElseThrow();
                assertTrue(c.a12() >= 0, p.label() + " A12 ≥ 0");
                assertTrue(p.slopeNegativeBelowData(), mode + " " + p.label() + ": φ' < 0 below the data");
                for (double x = 0.5; x < p.shortest(); x += 0.001) {
                    assertTrue(c.derivative(x, RC) < 0, mode + " " + p.label() + " φ'(" + x + ") < 0");
                    if (mode == PairTermFit.Repulsion.SLOPE_AND_VALUE) {
                        assertTrue(c.energy(x, RC) > 0, p.label() + " φ(" + x + ") > 0");
                    }
                }
                if (mode == PairTermFit.Repulsion.SLOPE_AND_VALUE) {
                    assertTrue(p.repulsiveAtShortRange(), p.label());
                }
            }
            // the constrained fit still describes the data reasonably
            assertTrue(r.forceRmse() < 0.5 * r.forceRms(), mode + ": " + r.summary());
        }
    }

    @Test
    void orderOfFramesAndLateElementsDoNotMatter() {
        // the first frames hold only Li and S; P (new columns in the middle of the factor) appears later
        List<Frame> frames = syntheticFrames(TRUE_TERM, 25, 1.7, 3);
        List<Frame> liS = new ArrayList<>();
        List<Frame> rest = new ArrayList<>();
        for (Frame f : frames) {
            (f.structure().composition().toString().contains("P") ? rest : liS).add(f);
        }
        List<Frame> lateP = new ArrayList<>(liS);
        lateP.addAll(rest);
        List<Frame> shuffled = new ArrayList<>(frames);
        Collections.shuffle(shuffled, new Random(4));
        PairTermFit.Result a = PairTermFit.fit(lateP, RC, PairTermFit.Options.DEFAULT);
        PairTermFit.Result b = PairTermFit.fit(shuffled, RC, PairTermFit.Options.DEFAULT);
        for (PairCoefficients pa : a.pairTerm().pairs()) {
            PairCoefficients pb = b.pairTerm().coefficients(pa.first(), pa.second()).orElseThrow();
            for (double x = 1.0; x < RC; x += 0.25) {
                assertEquals(pa.energy(x, RC), pb.energy(x, RC), 1e-6 * (1 + Math.abs(pa.energy(x, RC))),
                        pa.label() + " at " + x);
            }
        }
        assertEquals(a.forceRmse(), b.forceRmse(), 1e-9);
        assertEquals(a.referenceEnergies().get("P"), b.referenceEnergies().get("P"), 1e-6);
    }

    @Test
    void streamsFromFileAndSkipsUnlabelledFrames(@TempDir Path dir) throws IOException {
        List<Frame> frames = syntheticFrames(TRUE_TERM, 12, 1.7, 5);
        Path file = dir.resolve("train.extxyz");
        try (ExtxyzWriter w = ExtxyzWriter.open(file, false)) {
            for (Frame f : frames) {
                w.append(f);
            }
            w.append(new Frame(frames.get(0).structure().copy()).setEnergy(-10.0)); // no forces: skipped
        }
        PairTermFit.Result fromFile = PairTermFit.fit(file, RC, PairTermFit.Options.DEFAULT);
        PairTermFit.Result inMemory = PairTermFit.fit(frames, RC, PairTermFit.Options.DEFAULT);
        assertEquals(12, fromFile.frames());
        assertEquals(1, fromFile.skippedFrames());
        assertEquals(inMemory.forceRms(), fromFile.forceRms(), 1e-6 * inMemory.forceRms());
        for (PairCoefficients p : inMemory.pairTerm().pairs()) {
            for (double x = 1.8; x < RC; x += 0.5) {
                assertEquals(p.energy(x, RC), fromFile.pairTerm().energy(p.first(), p.second(), x),
                        1e-4 * (1 + Math.abs(p.energy(x, RC))));
            }
        }
        assertThrows(IllegalStateException.class, () -> new PairTermFit(RC).solve(PairTermFit.Options.DEFAULT));
    }

    @Test
    void referenceEnergiesOnly() {
        List<Frame> frames = syntheticFrames(TRUE_TERM, 20, 1.7, 6);
        // energies of the references alone: recovered exactly from varied compositions
        List<Frame> pure = new ArrayList<>();
        for (Frame f : frames) {
            double e = 0;
            for (int i = 0; i < f.structure().size(); i++) {
                e += REFERENCES.get(f.structure().element(i).symbol());
            }
            pure.add(new Frame(f.structure()).setEnergy(e));
        }
        PairTermFit.ReferenceEnergies refs = PairTermFit.referenceEnergies(pure);
        REFERENCES.forEach((el, e) -> assertEquals(e, refs.perElement().get(el), 1e-10, el));
        assertEquals(0.0, refs.rmsePerAtom(), 1e-12);
        assertEquals(pure.get(3).energy(), refs.total(pure.get(3).structure()), 1e-9);

        // one composition only (Li2S units): the elements cannot be told apart and share the mean energy per atom
        List<Frame> one = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            Structure s = PotentialTesting.randomCell(60 + f, new double[] {6, 6, 6}, 6, 1.5, "Li", "Li", "S");
            one.add(new Frame(s).setEnergy(-20.0 - 0.1 * f));
        }
        PairTermFit.ReferenceEnergies shared = PairTermFit.referenceEnergies(one);
        double mean = (-20.0 * 5 - 0.1 * 10) / 30;
        assertEquals(mean, shared.perElement().get("Li"), 1e-12);
        assertEquals(mean, shared.perElement().get("S"), 1e-12);
        assertEquals(List.of("Li", "S"), List.copyOf(shared.perElement().keySet()));
    }
}
