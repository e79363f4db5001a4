package kiseki.nnp;

import kiseki.dataset.DatasetSplit;
import kiseki.descriptor.Descriptor;
import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.DescriptorStats;
import kiseki.descriptor.Descriptors;
import kiseki.potential.LennardJones;
import kiseki.potential.PotentialResult;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.train.Trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny HDNNP trained in about a second on ten random Li–P–S cells labelled with Lennard-Jones, shared by the
 * extrapolation tests (trained once per test JVM), and the brute-force extrapolation count they compare against.
 */
public final class TinyTrainedModel {

    public static final DescriptorSpec SPEC = DescriptorSpec.chebyshev(4, 3, 4.0);
    public static final double VALID_FRACTION = 0.3;
    public static final long SEED = 2;
    private static final LennardJones LABELS = LennardJones.of(0.01, 1.7, 4.0);
    private static List<Frame> frames;
    private static Trainer.Result result;

    private TinyTrainedModel() {
    }

    /** Ten LJ-labelled random triclinic cells of 10 atoms. */
    public static synchronized List<Frame> frames() {
        if (frames == null) {
            List<Frame> out = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                Structure s = NnpPotentialTest.cell(300 + f);
                out.add(label(s));
            }
            frames = List.copyOf(out);
        }
        return frames;
    }

    /** {@code s} with Lennard-Jones energy and forces. */
    public static Frame label(Structure s) {
        PotentialResult r = LABELS.compute(s);
        return new Frame(s).setEnergy(r.energy).setForces(r.forces.clone());
    }

    public static synchronized Trainer.Result trained() throws InterruptedException {
        if (result == null) {
            Trainer.Settings settings = new Trainer.Settings("hdnnp", SPEC, List.of(5), "twtanh", "lbfgs", 4, 2,
                    VALID_FRACTION, SEED, 1, 0.01, 0, null, 1, false, 1e-3, 4, null, 0);
            result = Trainer.train(frames(), settings, null, null);
        }
        return result;
    }

    public static NnpModel model() throws InterruptedException {
        return trained().model();
    }

    /** The frames the trainer used for training (its split is reproducible from the seed). */
    public static List<Frame> trainingSplit() {
        List<Frame> out = new ArrayList<>();
        for (int i : DatasetSplit.split(frames().size(), VALID_FRACTION, SEED).train()) {
            out.add(frames().get(i));
        }
        return out;
    }

    public static List<Frame> validationSplit() {
        List<Frame> out = new ArrayList<>();
        for (int i : DatasetSplit.split(frames().size(), VALID_FRACTION, SEED).valid()) {
            out.add(frames().get(i));
        }
        return out;
    }

    public static List<Element> elements(NnpModel model) {
        return model.elements().stream().map(PeriodicTable::require).toList();
    }

    /** Descriptor statistics of the training split, computed independently of the trainer. */
    public static DescriptorStats trainingStats(NnpModel model) {
        List<Element> els = elements(model);
        Descriptor d = Descriptors.create(model.descriptor(), els);
        DescriptorStats stats = new DescriptorStats(els, d.size());
        for (Frame f : trainingSplit()) {
            stats.add(d, f.structure());
        }
        return stats;
    }

    /**
     * Brute force: {atoms with a value outside, values outside}, from fresh descriptor values and the min/max of
     * {@code stats}, with the documented margin of 1e-6 × max(max − min, |min|, |max|).
     */
    public static long[] bruteForceCount(NnpModel model, DescriptorStats stats, Structure s) {
        Descriptor d = Descriptors.create(model.descriptor(), elements(model));
        int size = d.size();
        double[] g = new double[s.size() * size];
        d.values(s, NeighborList.full(s, d.cutoff()), 0, s.size(), g);
        long atoms = 0;
        long values = 0;
        for (int i = 0; i < s.size(); i++) {
            double[] lo = stats.min(s.element(i));
            double[] hi = stats.max(s.element(i));
            int outside = 0;
            for (int f = 0; f < size; f++) {
                double margin = 1e-6 * Math.max(hi[f] - lo[f], Math.max(Math.abs(lo[f]), Math.abs(hi[f])));
                double v = g[i * size + f];
                if (v < lo[f] - margin || v > hi[f] + margin) {
                    outside++;
                }
            }
            atoms += outside > 0 ? 1 : 0;
            values += outside;
        }
        return new long[] {atoms, values};
    }

    /** {@code s} with cell and atoms scaled by {@code factor} in every direction. */
    public static Structure scaled(Structure s, double factor) {
        Structure t = s.copy();
        double e = factor - 1;
        t.setLattice(s.lattice().strained(new double[] {e, 0, 0, 0, e, 0, 0, 0, e}), true);
        return t;
    }
}
