package kiseki.nnp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkTest {

    private static final double H = 1e-5;

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[][] hidden = {{6}, {5, 4}, {4, 5, 3}};
        for (Activation a : Activation.values()) {
            for (int[] h : hidden) {
                b.add(Arguments.of(a, h));
            }
        }
        return b.build();
    }

    /** A network with all parameters (biases included) random, so no term of the derivatives hides behind a zero. */
    private static Network randomNetwork(Activation act, int[] hidden, int inputs, long seed) {
        Network net = new Network(inputs, hidden, act);
        net.initialise(seed, Network.Initialisation.XAVIER);
        SplittableRandom r = new SplittableRandom(seed + 1);
        double[] p = net.parameters();
        for (int k = 0; k < p.length; k++) {
            p[k] += r.nextDouble(-0.3, 0.3);
        }
        net.setParameters(p, 0);
        return net;
    }

    private static double[] randomVector(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = r.nextDouble(-scale, scale);
        }
        return v;
    }

    private static void assertClose(double expected, double actual, String what) {
        double tol = 1e-7 * Math.max(1.0, Math.abs(expected));
        assertEquals(expected, actual, tol, what);
    }

    @Test
    void layoutOfAHandMadeTwoTwoOneNetwork() {
        // hidden weights stored output node by output node: node 0 sees (1, 2), node 1 sees (3, 4)
        double[] params = {1, 2, 3, 4, 0.5, -1, 2, -3, 0.25};
        Network lin = Network.of(2, Activation.LINEAR, 2);
        assertEquals(9, lin.parameterCount());
        assertEquals(0, lin.weightOffset(1));
        assertEquals(4, lin.biasOffset(1));
        assertEquals(6, lin.weightOffset(2));
        assertEquals(8, lin.biasOffset(2));
        lin.setParameters(params, 0);
        double[] x = {1, 2};
        // z0 = 1·1 + 2·2 + 0.5 = 5.5, z1 = 3·1 + 4·2 − 1 = 10, E = 2·5.5 − 3·10 + 0.25
        assertEquals(-18.75, lin.energy(x, 0), 1e-14);

        Network tw = Network.of(2, Activation.TWISTED_TANH, 2);
        tw.setParameters(params, 0);
        double expected = 2 * (Math.tanh(5.5) + 0.16 * 5.5) - 3 * (Math.tanh(10) + 0.16 * 10) + 0.25;
        assertEquals(expected, tw.energy(x, 0), 1e-14);

        // input gradient by hand: ∂E/∂x_i = Σ_o wo_o f'(z_o) W_oi
        double f0 = 1 - Math.tanh(5.5) * Math.tanh(5.5) + 0.16;
        double f1 = 1 - Math.tanh(10) * Math.tanh(10) + 0.16;
        double[] g = new double[2];
        tw.energyAndInputGradient(x, 0, g, 0);
        assertEquals(2 * f0 * 1 - 3 * f1 * 3, g[0], 1e-14);
        assertEquals(2 * f0 * 2 - 3 * f1 * 4, g[1], 1e-14);
    }

    @Test
    void seedSettingShapeAndParameterCount() {
        Network net = Network.of(80, Activation.TWISTED_TANH, 40, 40);
        assertEquals(80 * 40 + 40 + 40 * 40 + 40 + 40 + 1, net.parameterCount());
        assertArrayEquals(new int[] {80, 40, 40, 1}, net.layerSizes());
        assertArrayEquals(new int[] {40, 40}, net.hiddenSizes());
        assertEquals(2, net.hiddenLayerCount());
        assertEquals(80, net.inputCount());
        assertEquals(3240, net.weightOffset(2));
        assertEquals(4920, net.biasOffset(3));
        assertThrows(IndexOutOfBoundsException.class, () -> net.weightOffset(0));
        assertThrows(IllegalArgumentException.class, () -> Network.of(3, Activation.TANH));
        assertThrows(IllegalArgumentException.class, () -> Network.of(3, Activation.TANH, 4, 0));
        assertTrue(net.toString().contains("80-40-40-1"));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void inputGradientMatchesCentralDifferences(Activation act, int[] hidden) {
        int n = 7;
        Network net = randomNetwork(act, hidden, n, 11);
        double[] x = randomVector(n + 3, 5, 1.5);
        int off = 3;
        double[] g = new double[n + 2];
        double e = net.energyAndInputGradient(x, off, g, 2);
        assertEquals(net.energy(x, off), e, 0);
        for (int i = 0; i < n; i++) {
            double keep = x[off + i];
            x[off + i] = keep + H;
            double ep = net.energy(x, off);
            x[off + i] = keep - H;
            double em = net.energy(x, off);
            x[off + i] = keep;
            assertClose((ep - em) / (2 * H), g[2 + i], act + " ∂E/∂x" + i);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void weightGradientMatchesCentralDifferences(Activation act, int[] hidden) {
        int n = 6;
        Network net = randomNetwork(act, hidden, n, 21);
        double[] x = randomVector(n, 7, 1.5);
        int count = net.parameterCount();
        double[] grad = new double[count + 4];
        double scale = 1.7;
        double e = net.addWeightGradient(x, 0, scale, grad, 4, net.newWorkspace());
        assertEquals(net.energy(x, 0), e, 0);
        double[] p = net.parameters();
        for (int k = 0; k < count; k++) {
            double keep = p[k];
            net.setParameter(k, keep + H);
            double ep = net.energy(x, 0);
            net.setParameter(k, keep - H);
            double em = net.energy(x, 0);
            net.setParameter(k, keep);
            assertClose(scale * (ep - em) / (2 * H), grad[4 + k], act + " ∂E/∂w" + k);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void forceWeightGradientMatchesCentralDifferences(Activation act, int[] hidden) {
        int n = 6;
        Network net = randomNetwork(act, hidden, n, 31);
        double[] x = randomVector(n, 8, 1.5);
        double[] u = randomVector(n + 1, 9, 1.0);
        int count = net.parameterCount();
        double[] grad = new double[count];
        double scale = -0.8;
        double s = net.addForceWeightGradient(x, 0, u, 1, scale, grad);
        assertClose(directional(net, x, u), s, "S");
        double[] p = net.parameters();
        for (int k = 0; k < count; k++) {
            double keep = p[k];
            net.setParameter(k, keep + H);
            double sp = directional(net, x, u);
            net.setParameter(k, keep - H);
            double sm = directional(net, x, u);
            net.setParameter(k, keep);
            assertClose(scale * (sp - sm) / (2 * H), grad[k], act + " ∂[(∂E/∂x)·u]/∂w" + k);
        }
    }

    /** S = (∂E/∂x)·u with u = u[1..]. */
    private static double directional(Network net, double[] x, double[] u) {
        double[] g = new double[net.inputCount()];
        net.energyAndInputGradient(x, 0, g, 0);
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += g[i] * u[1 + i];
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void combinedGradientIsTheSumOfBothParts(Activation act, int[] hidden) {
        int n = 5;
        Network net = randomNetwork(act, hidden, n, 41);
        double[] x = randomVector(n, 1, 1.2);
        double[] u = randomVector(n, 2, 1.0);
        int count = net.parameterCount();
        double[] separate = new double[count];
        double e = net.addWeightGradient(x, 0, 0.6, separate);
        net.addForceWeightGradient(x, 0, u, 0, -1.3, separate);
        double[] together = new double[count];
        double e2 = net.addEnergyAndForceWeightGradient(x, 0, 0.6, u, 0, -1.3, together);
        assertEquals(e, e2, 1e-14);
        for (int k = 0; k < count; k++) {
            assertEquals(separate[k], together[k], 1e-13 * Math.max(1, Math.abs(separate[k])));
        }
    }

    @Test
    void batchHelpersAgreeWithPerAtomCalls() {
        Network net = randomNetwork(Activation.TWISTED_TANH, new int[] {9, 7}, 8, 3);
        int atoms = 13;
        double[] x = randomVector(8 * atoms + 2, 4, 1.5);
        double[] u = randomVector(8 * atoms + 1, 5, 1.0);
        double[] scales = randomVector(atoms, 6, 1.0);
        Network.Workspace ws = net.newWorkspace();
        double[] e = new double[atoms];
        double[] g = new double[8 * atoms];
        double sum = net.energiesAndInputGradients(x, 2, atoms, e, 0, g, 0, ws);
        double[] e2 = new double[atoms];
        assertEquals(sum, net.energies(x, 2, atoms, e2, 0, ws), 1e-12);
        double[] gradBatch = new double[net.parameterCount()];
        net.addEnergyAndForceWeightGradients(x, 2, atoms, scales, 0, u, 1, 0.7, gradBatch, 0, ws);
        double[] gradEnergyOnly = new double[net.parameterCount()];
        net.addEnergyAndForceWeightGradients(x, 2, atoms, scales, 0, null, 0, 0.7, gradEnergyOnly, 0, ws);
        double[] gradAtoms = new double[net.parameterCount()];
        double[] gradAtomsEnergy = new double[net.parameterCount()];
        double check = 0;
        for (int k = 0; k < atoms; k++) {
            double[] gk = new double[8];
            double ek = net.energyAndInputGradient(x, 2 + 8 * k, gk, 0);
            check += ek;
            assertEquals(ek, e[k], 0);
            assertEquals(ek, e2[k], 0);
            for (int i = 0; i < 8; i++) {
                assertEquals(gk[i], g[8 * k + i], 0);
            }
            net.addEnergyAndForceWeightGradient(x, 2 + 8 * k, scales[k], u, 1 + 8 * k, 0.7, gradAtoms);
            net.addWeightGradient(x, 2 + 8 * k, scales[k], gradAtomsEnergy);
        }
        assertEquals(check, sum, 1e-12);
        assertArrayEquals(gradAtoms, gradBatch, 1e-12);
        assertArrayEquals(gradAtomsEnergy, gradEnergyOnly, 1e-12);
    }

    @Test
    void initialisationIsSeededAndScaled() {
        for (Network.Initialisation init : Network.Initialisation.values()) {
            Network a = Network.of(80, Activation.TWISTED_TANH, 40, 40);
            Network b = Network.of(80, Activation.TWISTED_TANH, 40, 40);
            a.initialise(42, init);
            b.initialise(42, init);
            assertArrayEquals(a.parameters(), b.parameters(), 0);
            b.initialise(43, init);
            assertNotEquals(a.parameter(0), b.parameter(0));
            // standardised inputs give pre-activations of order one, neither saturated nor vanishing
            double[] x = randomVector(80, 1, Math.sqrt(3));  // unit variance
            Network.Workspace ws = a.newWorkspace();
            double e = a.energy(x, 0, ws);
            assertTrue(Double.isFinite(e));
            double sumSq = 0;
            for (int o = 0; o < 40; o++) {
                sumSq += ws.z[1][o] * ws.z[1][o];
            }
            double rms = Math.sqrt(sumSq / 40);
            assertTrue(rms > 0.2 && rms < 3.0, init + ": first-layer pre-activation rms " + rms);
        }
        Network xavier = Network.of(80, Activation.TWISTED_TANH, 40, 40);
        xavier.initialise(1, Network.Initialisation.XAVIER);
        double limit = 5.0 / 3.0 * Math.sqrt(6.0 / 120);
        for (int k = 0; k < 3200; k++) {
            assertTrue(Math.abs(xavier.parameter(k)) <= limit);
        }
        for (int k = 3200; k < 3240; k++) {
            assertEquals(0.0, xavier.parameter(k), 0, "Xavier biases start at zero");
        }
        Network nw = Network.of(80, Activation.TWISTED_TANH, 40, 40);
        nw.initialise(1, Network.Initialisation.NGUYEN_WIDROW);
        double beta = 0.7 * Math.pow(40, 1.0 / 80);
        double norm2 = 0;
        for (int i = 0; i < 80; i++) {
            norm2 += nw.parameter(80 + i) * nw.parameter(80 + i);  // node 1 of the first layer
        }
        assertEquals(beta, Math.sqrt(norm2), 1e-12);
    }

    @Test
    void copyIsIndependentAndSetParameterKeepsForwardWeightsInSync() {
        Network net = randomNetwork(Activation.TANH, new int[] {4, 3}, 3, 8);
        double[] x = {0.3, -0.2, 0.9};
        Network copy = net.copy();
        assertEquals(net.energy(x, 0), copy.energy(x, 0), 0);
        copy.setParameter(5, copy.parameter(5) + 0.5);
        assertNotEquals(net.energy(x, 0), copy.energy(x, 0));
        double[] p = copy.parameters();
        Network fresh = new Network(3, new int[] {4, 3}, Activation.TANH);
        fresh.setParameters(p, 0);
        assertEquals(fresh.energy(x, 0), copy.energy(x, 0), 0);
        double[] packed = new double[p.length + 3];
        copy.getParameters(packed, 3);
        fresh.setParameters(packed, 3);
        assertEquals(fresh.energy(x, 0), copy.energy(x, 0), 0);
    }

    @Test
    void workspaceOfAnotherShapeIsRejected() {
        Network a = Network.of(4, Activation.TANH, 5);
        Network b = Network.of(4, Activation.TANH, 5, 5);
        assertThrows(IllegalArgumentException.class, () -> a.energy(new double[4], 0, b.newWorkspace()));
        assertThrows(IllegalArgumentException.class,
                () -> a.energy(new double[4], 0, Network.of(4, Activation.TANH, 6).newWorkspace()));
        Network sameShape = Network.of(4, Activation.SIGMOID, 5);
        assertTrue(Double.isFinite(sameShape.energy(new double[4], 0, a.newWorkspace())),
                "a workspace fits every network of the same layer sizes");
        assertThrows(IndexOutOfBoundsException.class, () -> a.energy(new double[5], 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.addWeightGradient(new double[4], 0, 1.0,
                new double[a.parameterCount() - 1]));
    }

    @Test
    void threadsWithTheirOwnWorkspacesGetIdenticalResults() throws Exception {
        Network net = randomNetwork(Activation.TWISTED_TANH, new int[] {20, 20}, 16, 9);
        int atoms = 200;
        double[] x = randomVector(16 * atoms, 3, 2);
        double[] u = randomVector(16 * atoms, 4, 1);
        double[] scales = randomVector(atoms, 5, 1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<double[]> f1 = pool.submit(() -> {
                double[] g = new double[net.parameterCount()];
                net.addEnergyAndForceWeightGradients(x, 0, atoms, scales, 0, u, 0, 0.3, g, 0, net.newWorkspace());
                return g;
            });
            Future<double[]> f2 = pool.submit(() -> {
                double[] g = new double[net.parameterCount()];
                net.addEnergyAndForceWeightGradients(x, 0, atoms, scales, 0, u, 0, 0.3, g, 0, net.newWorkspace());
                return g;
            });
            assertArrayEquals(f1.get(), f2.get(), 0);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Micro-benchmark of the seed setting (80-40-40-1, twisted tanh): printed, not asserted. JMH in the bench module
     * gives the careful figure; this one is for the report.
     */
    @Test
    void timingOfTheSeedNetwork() {
        Network net = Network.of(80, Activation.TWISTED_TANH, 40, 40);
        net.initialise(7, Network.Initialisation.XAVIER);
        int atoms = 2000;
        double[] x = randomVector(80 * atoms, 1, 1.7);
        double[] u = randomVector(80 * atoms, 2, 0.5);
        double[] scales = randomVector(atoms, 3, 1e-3);
        double[] e = new double[atoms];
        double[] g = new double[80 * atoms];
        double[] grad = new double[net.parameterCount()];
        Network.Workspace ws = net.newWorkspace();
        double sink = 0;
        long bestForward = Long.MAX_VALUE;
        long bestCombined = Long.MAX_VALUE;
        for (int rep = 0; rep < 30; rep++) {
            long t0 = System.nanoTime();
            sink += net.energiesAndInputGradients(x, 0, atoms, e, 0, g, 0, ws);
            long t1 = System.nanoTime();
            sink += net.addEnergyAndForceWeightGradients(x, 0, atoms, scales, 0, u, 0, 0.1, grad, 0, ws);
            long t2 = System.nanoTime();
            bestForward = Math.min(bestForward, t1 - t0);
            bestCombined = Math.min(bestCombined, t2 - t1);
        }
        System.out.printf("Network 80-40-40-1 twtanh: energy+input gradient %.0f ns/atom, "
                        + "combined energy+force weight gradient %.0f ns/atom (best of 30 sweeps over %d atoms)%n",
                (double) bestForward / atoms, (double) bestCombined / atoms, atoms);
        assertTrue(Double.isFinite(sink));
    }

    /**
     * The network share of one LGPS training epoch (531 frames × 50 atoms = 26,550 atoms; both passes: energies and
     * input gradients, then the combined energy + force weight gradient) on 2 threads. Printed, not asserted.
     */
    @Test
    void timingOfTheNetworkPartOfAnLgpsEpochOnTwoThreads() throws Exception {
        Network net = Network.of(80, Activation.TWISTED_TANH, 40, 40);
        net.initialise(7, Network.Initialisation.NGUYEN_WIDROW);
        int atoms = 26_550;
        int half = atoms / 2;
        double[] x = randomVector(80 * atoms, 1, 1.7);
        double[] u = randomVector(80 * atoms, 2, 0.5);
        double[] scales = randomVector(atoms, 3, 1e-3);
        double[] e = new double[atoms];
        double[] g = new double[80 * atoms];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long best = Long.MAX_VALUE;
            double[][] grads = new double[2][net.parameterCount()];
            Network.Workspace[] ws = {net.newWorkspace(), net.newWorkspace()};
            for (int rep = 0; rep < 8; rep++) {
                long t0 = System.nanoTime();
                List<Future<?>> jobs = new java.util.ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int from = t * half;
                    int count = t == 0 ? half : atoms - half;
                    int thread = t;
                    jobs.add(pool.submit(() -> {
                        // frame by frame (50 atoms), as a trainer would call it
                        for (int a = from; a < from + count; a += 50) {
                            int n = Math.min(50, from + count - a);
                            net.energiesAndInputGradients(x, 80 * a, n, e, a, g, 80 * a, ws[thread]);
                        }
                        for (int a = from; a < from + count; a += 50) {
                            int n = Math.min(50, from + count - a);
                            net.addEnergyAndForceWeightGradients(x, 80 * a, n, scales, a, u, 80 * a, 0.1,
                                    grads[thread], 0, ws[thread]);
                        }
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("Network part of an LGPS epoch (26,550 atoms, 80-40-40-1, both passes) on 2 threads: "
                    + "%.1f ms (best of 8)%n", best / 1e6);
            assertTrue(Double.isFinite(grads[0][0] + grads[1][0]));
        } finally {
            pool.shutdownNow();
        }
    }
}
