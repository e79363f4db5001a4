package kiseki.nnp;

import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.Descriptors;
import kiseki.potential.PairCoefficients;
import kiseki.potential.PotentialResult;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The full potential (networks + Δ pair term + reference energies): derivatives, invariances, files. */
public class NnpPotentialTest {

    public static final List<String> ELEMENTS = List.of("Li", "P", "S");

    /** A model with random weights (not trained): enough to test the mathematics. */
    static NnpModel randomModel(DescriptorSpec spec, int members, boolean delta, long seed) {
        List<Element> els = ELEMENTS.stream().map(PeriodicTable::require).toList();
        int size = Descriptors.create(spec, els).size();
        Random rnd = new Random(seed);
        List<double[]> mean = new ArrayList<>();
        List<double[]> std = new ArrayList<>();
        for (int e = 0; e < els.size(); e++) {
            double[] m = new double[size];
            double[] s = new double[size];
            Arrays.fill(m, 2 + rnd.nextDouble());
            Arrays.fill(s, 5 + rnd.nextDouble());
            mean.add(m);
            std.add(s);
        }
        List<List<double[]>> mem = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            List<double[]> nets = new ArrayList<>();
            for (int e = 0; e < els.size(); e++) {
                Network n = new Network(size, new int[] {8, 6}, Activation.TWISTED_TANH);
                n.initialise(seed + 31L * k + e, Network.Initialisation.XAVIER);
                nets.add(n.parameters());
            }
            mem.add(nets);
        }
        List<PairCoefficients> pairs = delta ? List.of(
                new PairCoefficients("P", "S", 1.1e4, -300, -1700, 250),
                new PairCoefficients("Li", "S", 1.8e4, -3300, -220, 30),
                new PairCoefficients("Li", "Li", 1.6e5, -4.7e4, 2600, 170)) : List.of();
        return new NnpModel(NnpModel.FORMAT_VERSION, delta ? NnpModel.DELTA : NnpModel.HDNNP, spec, ELEMENTS, false,
                mean, std, "twtanh", List.of(8, 6), mem, spec.rcutRadial(), pairs,
                Map.of("Li", -1.9, "P", -5.4, "S", -4.1), Map.of());
    }

    /** A random triclinic cell of 10 atoms, at least 1.8 Å apart. */
    public static Structure cell(long seed) {
        Random rnd = new Random(seed);
        Lattice l = Lattice.fromParameters(6.1, 6.7, 7.3, 81, 97, 104);
        Element[] sp = new Element[10];
        double[] f = new double[30];
        for (int i = 0; i < 10; i++) {
            sp[i] = PeriodicTable.require(ELEMENTS.get(i % 3));
            boolean ok;
            do {
                for (int c = 0; c < 3; c++) {
                    f[3 * i + c] = rnd.nextDouble();
                }
                ok = true;
                Structure trial = Structure.fromFractional(l, Arrays.copyOf(sp, i + 1), Arrays.copyOf(f, 3 * i + 3));
                for (int j = 0; j < i; j++) {
                    ok &= trial.distance(i, j) > 1.8;
                }
            } while (!ok);
        }
        return Structure.fromFractional(l, sp, f);
    }

    static PotentialResult eval(NnpPotential p, Structure s) {
        PotentialResult r = new PotentialResult(s.size(), true, true, true);
        p.compute(s, NeighborList.full(s, p.cutoff()), r);
        return r;
    }

    static List<DescriptorSpec> specs() {
        List<DescriptorSpec> out = new ArrayList<>();
        out.add(DescriptorSpec.chebyshev(6, 4, 4.5));
        out.add(new DescriptorSpec("chebyshev", 5, 3, 4.5, 4.0, "cosine", "blocks", "cos", false, List.of(), List.of()));
        out.add(Descriptors.spec("behler", 5, 3, 4.5));
        return out;
    }

    @Test
    void forcesAreMinusTheEnergyGradient() {
        for (DescriptorSpec spec : specs()) {
            for (boolean delta : new boolean[] {true, false}) {
                try (NnpPotential p = new NnpPotential(randomModel(spec, 2, delta, 3), 2)) {
                    Structure s = cell(5);
                    PotentialResult r = eval(p, s);
                    double h = 1e-5;
                    for (int k = 0; k < 3 * s.size(); k++) {
                        Structure plus = s.copy();
                        plus.positions()[k] += h;
                        Structure minus = s.copy();
                        minus.positions()[k] -= h;
                        double fd = -(eval(p, plus).energy - eval(p, minus).energy) / (2 * h);
                        assertEquals(fd, r.forces[k], 1e-6 * Math.max(1, Math.abs(fd)),
                                spec.type() + " " + spec.weighting() + " delta=" + delta + " component " + k);
                    }
                }
            }
        }
    }

    @Test
    void stressIsTheStrainDerivative() {
        for (DescriptorSpec spec : specs()) {
            try (NnpPotential p = new NnpPotential(randomModel(spec, 1, true, 4), 2)) {
                Structure s = cell(6);
                double[] stress = eval(p, s).stress(s.lattice().volume());
                double h = 1e-6;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        double[] eps = new double[9];
                        eps[3 * a + b] = h;
                        double ep = eval(p, strained(s, eps)).energy;
                        eps[3 * a + b] = -h;
                        double em = eval(p, strained(s, eps)).energy;
                        double fd = (ep - em) / (2 * h) / s.lattice().volume();
                        assertEquals(fd, stress[3 * a + b], 1e-6 * Math.max(1e-3, Math.abs(fd)),
                                spec.type() + " σ" + a + b);
                    }
                }
            }
        }
    }

    /** Cell and positions deformed by (I + ε): x' = x (I + ε) for row vectors. */
    static Structure strained(Structure s, double[] eps) {
        Structure t = s.copy();
        t.setLattice(s.lattice().strained(eps), true);
        return t;
    }

    @Test
    void energyIsInvariantAndForcesRotate() {
        DescriptorSpec spec = DescriptorSpec.chebyshev(6, 4, 4.5);
        try (NnpPotential p = new NnpPotential(randomModel(spec, 1, true, 7), 1)) {
            Structure s = cell(8);
            PotentialResult r = eval(p, s);
            // rotation (orthogonal matrix from a random quaternion) of cell and atoms
            Random rnd = new Random(1);
            double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double qn = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
            for (int k = 0; k < 4; k++) {
                q[k] /= qn;
            }
            double w = q[0], x = q[1], y = q[2], z = q[3];
            double[] rot = {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
                    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
            double[] m = s.lattice().matrix();
            double[] mr = new double[9];
            for (int v = 0; v < 3; v++) {
                for (int c = 0; c < 3; c++) {
                    mr[3 * v + c] = rot[3 * c] * m[3 * v] + rot[3 * c + 1] * m[3 * v + 1] + rot[3 * c + 2] * m[3 * v + 2];
                }
            }
            double[] pr = new double[3 * s.size()];
            double[] pos = s.positions();
            for (int i = 0; i < s.size(); i++) {
                for (int c = 0; c < 3; c++) {
                    pr[3 * i + c] = rot[3 * c] * pos[3 * i] + rot[3 * c + 1] * pos[3 * i + 1]
                            + rot[3 * c + 2] * pos[3 * i + 2] + 0.37 * (c + 1); // plus a translation
                }
            }
            Structure rotated = new Structure(Lattice.fromVectors(mr), s.species(), pr);
            PotentialResult rr = eval(p, rotated);
            assertEquals(r.energy, rr.energy, 1e-9);
            for (int i = 0; i < s.size(); i++) {
                for (int c = 0; c < 3; c++) {
                    double expected = rot[3 * c] * r.forces[3 * i] + rot[3 * c + 1] * r.forces[3 * i + 1]
                            + rot[3 * c + 2] * r.forces[3 * i + 2];
                    assertEquals(expected, rr.forces[3 * i + c], 1e-9, "rotated force of atom " + i);
                }
            }
            // permutation of like atoms (atoms 0 and 3 are both Li)
            Structure swapped = s.copy();
            double[] sp = swapped.positions();
            for (int c = 0; c < 3; c++) {
                double t = sp[c];
                sp[c] = sp[9 + c];
                sp[9 + c] = t;
            }
            PotentialResult rs = eval(p, swapped);
            assertEquals(r.energy, rs.energy, 1e-9);
            assertEquals(r.forces[0], rs.forces[9], 1e-9);
            // a 2×1×1 supercell has twice the energy
            PotentialResult r2 = eval(p, kiseki.structure.Supercells.repeat(s, 2, 1, 1));
            assertEquals(2 * r.energy, r2.energy, 1e-8);
        }
    }

    @Test
    void perAtomEnergiesAddUpAndThreadsAgree() {
        DescriptorSpec spec = DescriptorSpec.chebyshev(6, 4, 4.5);
        NnpModel model = randomModel(spec, 3, true, 9);
        Structure s = kiseki.structure.Supercells.repeat(cell(10), 2, 2, 1);
        try (NnpPotential one = new NnpPotential(model, 1); NnpPotential two = new NnpPotential(model, 2)) {
            PotentialResult a = eval(one, s);
            PotentialResult b = eval(two, s);
            assertEquals(a.energy, b.energy, 1e-9);
            assertArrayEquals(a.forces, b.forces, 1e-9);
            assertEquals(a.energy, Arrays.stream(a.perAtomEnergy).sum(), 1e-9);
            assertTrue(one.lastEnsembleSpread() > 0, "three different members disagree a little");
        }
    }

    @Test
    void modelFileReloadsBitIdentically(@TempDir Path tmp) throws Exception {
        NnpModel model = randomModel(Descriptors.spec("behler", 5, 3, 4.5), 2, true, 11);
        Path file = tmp.resolve("m.nnp.json");
        model.write(file);
        NnpModel back = NnpModel.read(file);
        Path again = tmp.resolve("again.nnp.json");
        back.write(again);
        assertEquals(Files.readString(file), Files.readString(again));
        for (int m = 0; m < 2; m++) {
            for (int e = 0; e < 3; e++) {
                assertArrayEquals(model.members().get(m).get(e), back.members().get(m).get(e), 0.0);
            }
        }
        Structure s = cell(12);
        try (NnpPotential a = new NnpPotential(model, 1); NnpPotential b = new NnpPotential(back, 1)) {
            assertEquals(eval(a, s).energy, eval(b, s).energy, 0.0);
        }
        Files.writeString(tmp.resolve("newer.json"), Files.readString(file).replace("\"formatVersion\" : 1",
                "\"formatVersion\" : 9"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(kiseki.io.FormatException.class,
                () -> NnpModel.read(tmp.resolve("newer.json")));
        assertTrue(e.getMessage().contains("newer Kiseki"), e.getMessage());
    }
}
