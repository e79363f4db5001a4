package kiseki.nnp;

import kiseki.descriptor.Descriptor;
import kiseki.descriptor.Descriptors;
import kiseki.potential.PairTerm;
import kiseki.potential.Potential;
import kiseki.potential.PotentialResult;
import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A trained Δ-NNP or HDNNP as a {@link Potential} (styles "delta-nnp" and "hdnnp"): element-network energies on the
 * scaled descriptors, averaged over the ensemble, plus per-element reference energies and the Δ pair term. Forces and
 * the virial come from one backward pass through the descriptor (no derivative tensor is stored). Atoms are split
 * between {@code threads} threads; buffers are kept between calls, so an MD step allocates nothing once they have
 * grown to the system's size.
 *
 * <p>Not for concurrent calls on one instance (compute is synchronized).
 */
public final class NnpPotential implements Potential, AutoCloseable {

    private final NnpModel model;
    private final Descriptor descriptor;
    private final int size;
    private final Element[] elements;
    private final double[] reference;
    /** [member][element]. */
    private final Network[][] networks;
    private final double[][] mean;
    private final double[][] invStd;
    private final PairTerm pairTerm;
    private final int threads;
    private final ExecutorService pool;

    // buffers, grown on demand
    private int[] elementOf = new int[0];
    private double[] atomEnergy = new double[0];
    private double[] memberEnergy;
    private double[] dEdr = new double[0];
    private final Worker[] workers;

    public NnpPotential(NnpModel model, int threads) {
        this.model = model;
        this.elements = model.elements().stream().map(PeriodicTable::require).toArray(Element[]::new);
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
        pairTerm = model.pairs().isEmpty() ? null : new PairTerm(model.pairCutoff(), model.pairs());
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "kiseki-nnp");
            t.setDaemon(true);
            return t;
        }) : null;
        memberEnergy = new double[networks.length];
        workers = new Worker[this.threads];
        for (int t = 0; t < this.threads; t++) {
            workers[t] = new Worker();
        }
    }

    public NnpModel model() {
        return model;
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public String style() {
        return model.kind();
    }

    @Override
    public double cutoff() {
        return Math.max(descriptor.cutoff(), pairTerm == null ? 0 : pairTerm.cutoff());
    }

    /** Standard deviation of the total energy over the ensemble members in the last call (eV; 0 for one member). */
    public synchronized double lastEnsembleSpread() {
        return lastSpread;
    }

    private double lastSpread;

    @Override
    public synchronized void compute(Structure s, NeighborList nl, PotentialResult out) {
        int n = s.size();
        grow(n, nl.size());
        for (int i = 0; i < n; i++) {
            int e = indexOf(s.element(i));
            elementOf[i] = e;
        }
        out.reset();
        java.util.Arrays.fill(memberEnergy, 0);
        int chunks = Math.min(threads, Math.max(1, n / 8));
        boolean derivatives = out.wantsForces() || out.wantsStress();
        if (chunks == 1) {
            workers[0].run(s, nl, 0, n, derivatives);
        } else {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                int from = (int) ((long) n * c / chunks);
                int to = (int) ((long) n * (c + 1) / chunks);
                Worker w = workers[c];
                futures.add(pool.submit(() -> w.run(s, nl, from, to, derivatives)));
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
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += atomEnergy[i];
            if (out.perAtomEnergy != null) {
                out.perAtomEnergy[i] += atomEnergy[i];
            }
        }
        int members = networks.length;
        if (members > 1) {
            double meanE = 0;
            for (int m = 0; m < members; m++) {
                meanE += memberEnergy[m];
            }
            meanE /= members;
            double var = 0;
            for (int m = 0; m < members; m++) {
                var += (memberEnergy[m] - meanE) * (memberEnergy[m] - meanE);
            }
            lastSpread = Math.sqrt(var / members);
        } else {
            lastSpread = 0;
        }
        if (derivatives) {
            double[] v = nl.vectorArray();
            double rc = descriptor.cutoff();
            for (int i = 0; i < n; i++) {
                for (int k = nl.start(i); k < nl.end(i); k++) {
                    if (nl.distance(k) >= rc) {
                        continue;
                    }
                    out.addPairGradient(i, nl.neighbor(k), v[3 * k], v[3 * k + 1], v[3 * k + 2], dEdr[3 * k],
                            dEdr[3 * k + 1], dEdr[3 * k + 2]);
                }
            }
        }
        out.energy = total;
        if (pairTerm != null) {
            pairTerm.compute(s, nl, out); // adds the pair term's energy, forces, virial and per-atom energies
        }
    }

    private int indexOf(Element e) {
        for (int k = 0; k < elements.length; k++) {
            if (elements[k] == e) {
                return k;
            }
        }
        throw new IllegalArgumentException("the potential knows " + model.elements() + ", not " + e.symbol());
    }

    private void grow(int atoms, int entries) {
        if (elementOf.length < atoms) {
            elementOf = new int[atoms];
            atomEnergy = new double[atoms];
        }
        if (dEdr.length < 3 * entries) {
            dEdr = new double[3 * entries];
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

        Worker() {
            ws = new Network.Workspace[networks.length][elements.length];
            for (int m = 0; m < networks.length; m++) {
                for (int e = 0; e < elements.length; e++) {
                    ws[m][e] = networks[m][e].newWorkspace();
                }
            }
            dEdx = new double[size];
            memberSum = new double[networks.length];
        }

        void run(Structure s, NeighborList nl, int from, int to, boolean derivatives) {
            int count = to - from;
            if (g.length < count * size) {
                g = new double[count * size];
                x = new double[count * size];
                dEdG = new double[count * size];
            }
            int members = networks.length;
            double inv = 1.0 / members;
            descriptor.values(s, nl, from, to, g);
            java.util.Arrays.fill(memberSum, 0);
            for (int i = from; i < to; i++) {
                int e = elementOf[i];
                int off = (i - from) * size;
                double[] mu = mean[e];
                double[] is = invStd[e];
                for (int k = 0; k < size; k++) {
                    x[off + k] = (g[off + k] - mu[k]) * is[k];
                }
                double ei = 0;
                if (derivatives) {
                    java.util.Arrays.fill(dEdG, off, off + size, 0);
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
                java.util.Arrays.fill(dEdr, 3 * nl.start(from), 3 * nl.end(to - 1), 0);
                descriptor.backward(s, nl, from, to, dEdG, dEdr);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
