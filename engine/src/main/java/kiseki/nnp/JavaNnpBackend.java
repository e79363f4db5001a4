package kiseki.nnp;

import kiseki.descriptor.Descriptor;
import kiseki.descriptor.Descriptors;
import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The plain-Java backend: descriptor values, element networks (ensemble mean) and one backward pass through the
 * descriptor for ∂E/∂r_ij — no derivative tensor is stored. Atoms are split between threads, each with its own
 * buffers, kept between calls so an MD step allocates nothing once they have grown to the system's size. When the
 * model has a {@link TrainingRange}, each thread also counts its atoms with descriptor values outside it.
 */
public final class JavaNnpBackend implements NnpBackend {

    private final Descriptor descriptor;
    private final int size;
    private final double[] reference;
    /** [member][element]. */
    private final Network[][] networks;
    private final double[][] mean;
    private final double[][] invStd;
    private final int threads;
    private final ExecutorService pool;
    private final Worker[] workers;
    /** [element][function] limits of the training range with its tolerance; null without a range. */
    private final double[][] lowerLimit;
    private final double[][] upperLimit;
    private int lastExtrapolatingAtoms;
    private long lastValuesOutside;

    public JavaNnpBackend(NnpModel model, Element[] elements, int threads) {
        this.descriptor = Descriptors.create(model.descriptor(), List.of(elements));
        this.size = descriptor.size();
        this.reference = new double[elements.length];
        for (int e = 0; e < elements.length; e++) {
            reference[e] = model.referenceEnergies().getOrDefault(elements[e].symbol(), 0.0);
        }
        Activation act = Activation.byId(model.activation()).orElseThrow(() -> new IllegalArgumentException(
                "unknown activation '" + model.activation() + "' in the model"));
        int[] hidden = model.hidden().stream().mapToInt(Integer::intValue).toArray();
        networks = new Network[model.ensembleSize()][elements.length];
        for (int m = 0; m < networks.length; m++) {
            for (int e = 0; e < elements.length; e++) {
                Network n = new Network(size, hidden, act);
                double[] p = model.members().get(m).get(e);
                if (p.length != n.parameterCount()) {
                    throw new IllegalArgumentException("network " + (m + 1) + " of " + elements[e].symbol() + " has "
                            + p.length + " parameters, the architecture needs " + n.parameterCount());
                }
                n.setParameters(p, 0);
                networks[m][e] = n;
            }
        }
        mean = new double[elements.length][];
        invStd = new double[elements.length][];
        for (int e = 0; e < elements.length; e++) {
            mean[e] = model.scaleMean().get(e);
            invStd[e] = new double[size];
            for (int k = 0; k < size; k++) {
                invStd[e][k] = 1.0 / model.scaleStd().get(e)[k];
            }
        }
        TrainingRange range = model.trainingRange();
        if (range == null) {
            lowerLimit = null;
            upperLimit = null;
        } else {
            lowerLimit = new double[elements.length][];
            upperLimit = new double[elements.length][];
            for (int e = 0; e < elements.length; e++) {
                lowerLimit[e] = range.lowerLimits(e, size);
                upperLimit[e] = range.upperLimits(e, size);
            }
        }
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "kiseki-nnp");
            t.setDaemon(true);
            return t;
        }) : null;
        workers = new Worker[this.threads];
        for (int t = 0; t < this.threads; t++) {
            workers[t] = new Worker();
        }
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public double cutoff() {
        return descriptor.cutoff();
    }

    @Override
    public void evaluate(Structure s, NeighborList nl, int[] elementOf, double[] atomEnergy, double[] memberEnergy,
            double[] dEdr) {
        int n = s.size();
        Arrays.fill(memberEnergy, 0);
        int chunks = Math.min(threads, Math.max(1, n / 8));
        if (chunks == 1) {
            workers[0].run(s, nl, elementOf, 0, n, atomEnergy, memberEnergy, dEdr);
            collectExtrapolation(1);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            Worker w = workers[c];
            futures.add(pool.submit(() -> w.run(s, nl, elementOf, from, to, atomEnergy, memberEnergy, dEdr)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ie);
            } catch (java.util.concurrent.ExecutionException ee) {
                throw new IllegalStateException("NNP evaluation failed: " + ee.getCause(), ee.getCause());
            }
        }
        collectExtrapolation(chunks);
    }

    private void collectExtrapolation(int chunks) {
        int atoms = 0;
        long values = 0;
        for (int c = 0; c < chunks; c++) {
            atoms += workers[c].extrapolatingAtoms;
            values += workers[c].valuesOutside;
        }
        lastExtrapolatingAtoms = atoms;
        lastValuesOutside = values;
    }

    @Override
    public boolean countsExtrapolation() {
        return lowerLimit != null;
    }

    @Override
    public int lastExtrapolatingAtoms() {
        return lastExtrapolatingAtoms;
    }

    @Override
    public long lastValuesOutside() {
        return lastValuesOutside;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** One thread's share: atoms from..to, with its own buffers indexed from 'from'. */
    private final class Worker {
        final Network.Workspace[][] ws;
        final double[] dEdx;
        final double[] memberSum;
        double[] g = new double[0];
        double[] x = new double[0];
        double[] dEdG = new double[0];
        int extrapolatingAtoms;
        long valuesOutside;

        Worker() {
            ws = new Network.Workspace[networks.length][networks[0].length];
            for (int m = 0; m < networks.length; m++) {
                for (int e = 0; e < networks[0].length; e++) {
                    ws[m][e] = networks[m][e].newWorkspace();
                }
            }
            dEdx = new double[size];
            memberSum = new double[networks.length];
        }

        void countOutside(double[] values, int off, double[] lower, double[] upper) {
            int outside = 0;
            for (int k = 0; k < size; k++) {
                double v = values[off + k];
                if (!(v >= lower[k] && v <= upper[k])) { // NaN counts as outside
                    outside++;
                }
            }
            if (outside > 0) {
                extrapolatingAtoms++;
                valuesOutside += outside;
            }
        }

        void run(Structure s, NeighborList nl, int[] elementOf, int from, int to, double[] atomEnergy,
                double[] memberEnergy, double[] dEdr) {
            int count = to - from;
            if (g.length < count * size) {
                g = new double[count * size];
                x = new double[count * size];
                dEdG = new double[count * size];
            }
            boolean derivatives = dEdr != null;
            int members = networks.length;
            double inv = 1.0 / members;
            descriptor.values(s, nl, from, to, g);
            Arrays.fill(memberSum, 0);
            extrapolatingAtoms = 0;
            valuesOutside = 0;
            for (int i = from; i < to; i++) {
                int e = elementOf[i];
                int off = (i - from) * size;
                if (lowerLimit != null) {
                    countOutside(g, off, lowerLimit[e], upperLimit[e]);
                }
                double[] mu = mean[e];
                double[] is = invStd[e];
                for (int k = 0; k < size; k++) {
                    x[off + k] = (g[off + k] - mu[k]) * is[k];
                }
                double ei = 0;
                if (derivatives) {
                    Arrays.fill(dEdG, off, off + size, 0);
                }
                for (int m = 0; m < members; m++) {
                    double em;
                    if (derivatives) {
                        em = networks[m][e].energyAndInputGradient(x, off, dEdx, 0, ws[m][e]);
                        for (int k = 0; k < size; k++) {
                            dEdG[off + k] += dEdx[k] * is[k] * inv;
                        }
                    } else {
                        em = networks[m][e].energy(x, off, ws[m][e]);
                    }
                    memberSum[m] += em + reference[e];
                    ei += em;
                }
                atomEnergy[i] = ei * inv + reference[e];
            }
            synchronized (memberEnergy) {
                for (int m = 0; m < members; m++) {
                    memberEnergy[m] += memberSum[m];
                }
            }
            if (derivatives && count > 0) {
                Arrays.fill(dEdr, 3 * nl.start(from), 3 * nl.end(to - 1), 0);
                descriptor.backward(s, nl, from, to, dEdG, dEdr);
            }
        }
    }
}
