package kiseki.train;

import kiseki.descriptor.Descriptor;
import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.Descriptors;
import kiseki.nnp.Activation;
import kiseki.nnp.Network;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analytic weight gradient of the training loss (energy and force terms) against finite differences. */
class NnpObjectiveTest {

    static List<Frame> frames(int count, long seed) {
        Random rnd = new Random(seed);
        List<Frame> out = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            Structure s = kiseki.nnp.NnpPotentialTest.cell(seed + f);
            double[] forces = new double[3 * s.size()];
            for (int k = 0; k < forces.length; k++) {
                forces[k] = rnd.nextGaussian() * 0.5;
            }
            out.add(new Frame(s).setEnergy(-3.0 * s.size() + rnd.nextGaussian()).setForces(forces));
        }
        return out;
    }

    @Test
    void lossGradientMatchesFiniteDifferences() throws Exception {
        List<Element> els = kiseki.nnp.NnpPotentialTest.ELEMENTS.stream().map(PeriodicTable::require).toList();
        DescriptorSpec spec = DescriptorSpec.chebyshev(4, 3, 4.0);
        Descriptor d = Descriptors.create(spec, els);
        TrainingData data = TrainingData.build(frames(3, 40), d, els, null, 2);
        InputScaling scaling = InputScaling.of(data.samples(), els.size(), d.size(), false);
        Network[] nets = new Network[els.size()];
        for (int e = 0; e < nets.length; e++) {
            nets[e] = new Network(d.size(), new int[] {5, 4}, Activation.TWISTED_TANH);
            nets[e].initialise(7 + e, Network.Initialisation.XAVIER);
        }
        for (boolean forces : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 2}) {
                try (NnpObjective obj = new NnpObjective(data.samples(), nets, scaling, d.size(), 0.3, threads)) {
                    obj.useForces(forces);
                    double[] x = new double[obj.parameterCount()];
                    obj.getParameters(x);
                    double[] grad = new double[x.length];
                    obj.evaluate(x, grad);
                    double h = 1e-6;
                    double[] scratch = new double[x.length];
                    for (int k = 0; k < x.length; k++) {
                        double[] xp = x.clone();
                        xp[k] += h;
                        double[] xm = x.clone();
                        xm[k] -= h;
                        double fd = (obj.evaluate(xp, scratch) - obj.evaluate(xm, scratch)) / (2 * h);
                        // 1e-6 relative, plus the round-off of a central difference of an O(1) loss at h = 1e-6
                        assertEquals(fd, grad[k], 1e-6 * Math.abs(fd) + 1e-8,
                                "parameter " + k + (forces ? " (energy and forces)" : " (energy only)")
                                        + ", threads " + threads);
                    }
                }
            }
        }
    }

    @Test
    void errorsAgreeWithTheLoss() throws Exception {
        List<Element> els = kiseki.nnp.NnpPotentialTest.ELEMENTS.stream().map(PeriodicTable::require).toList();
        Descriptor d = Descriptors.create(DescriptorSpec.chebyshev(4, 3, 4.0), els);
        TrainingData data = TrainingData.build(frames(4, 50), d, els, null, 1);
        InputScaling scaling = InputScaling.of(data.samples(), els.size(), d.size(), false);
        Network[] nets = new Network[els.size()];
        for (int e = 0; e < nets.length; e++) {
            nets[e] = new Network(d.size(), new int[] {5}, Activation.TANH);
            nets[e].initialise(3 + e, Network.Initialisation.XAVIER);
        }
        double beta = 0.25;
        try (NnpObjective obj = new NnpObjective(data.samples(), nets, scaling, d.size(), beta, 1)) {
            double[] x = new double[obj.parameterCount()];
            obj.getParameters(x);
            NnpObjective.Errors e = obj.errors(x);
            // L = RMSE_E² + β·RMSE_F² with the per-atom energy error and per-component force error
            assertEquals(e.rmseEnergyPerAtom() * e.rmseEnergyPerAtom() + beta * e.rmseForce() * e.rmseForce(),
                    obj.evaluate(x, new double[x.length]), 1e-12);
        }
    }
}
