package kiseki.train;

import kiseki.nnp.Network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training loss of a set of element networks and its analytic gradient with respect to all their weights:
 * <pre>
 *   L = Σ_f ((E_f − E_f^ref) / N_f)² / n_frames  +  β · Σ_a (F_a − F_a^ref)² / n_components
 * </pre>
 * with E_f = Σ_i NN_e(i)((G_i − mean_e)/std_e) and F from the stored descriptor derivatives. The force term's
 * gradient needs the derivative of ∂E/∂x with respect to the weights ("second derivatives"), taken analytically by
 * {@link Network#addEnergyAndForceWeightGradient}. Frames are split between threads, each with its own gradient and
 * scratch arrays; nothing is allocated per atom.
 *
 * <p>The parameter vector is the concatenation of the element networks' parameters in element order.
 */
public final class NnpObjective implements Objective, StochasticObjective, AutoCloseable {

    /** Errors of one evaluation without gradient. */
    public record Errors(double rmseEnergyPerAtom, double rmseForce, double loss) {
    }

    private final List<TrainingData.Sample> samples;
    private final Network[] networks;
    private final int[] paramOffset;
    private final int parameterCount;
    private final int size;
    private final double[][] mean;
    private final double[][] invStd;
    private final double forceWeight;
    private boolean useForces = true;
    private final int threads;
    private final ExecutorService pool;
    private final Scratch[] scratch;

    public NnpObjective(List<TrainingData.Sample> samples, Network[] networks, InputScaling scaling, int size,
            double forceWeight, int threads) {
        this.samples = List.copyOf(samples);
        this.networks = networks.clone();
        this.size = size;
        this.forceWeight = forceWeight;
        this.paramOffset = new int[networks.length + 1];
        for (int e = 0; e < networks.length; e++) {
            paramOffset[e + 1] = paramOffset[e] + networks[e].parameterCount();
        }
        this.parameterCount = paramOffset[networks.length];
        this.mean = new double[networks.length][];
        this.invStd = new double[networks.length][];
        for (int e = 0; e < networks.length; e++) {
            mean[e] = scaling.mean().get(e);
            invStd[e] = new double[size];
            for (int n = 0; n < size; n++) {
                invStd[e][n] = 1.0 / scaling.std().get(e)[n];
            }
        }
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "kiseki-train");
            t.setDaemon(true);
            return t;
        }) : null;
        int maxAtoms = 1;
        for (TrainingData.Sample s : samples) {
            maxAtoms = Math.max(maxAtoms, s.atoms);
        }
        this.scratch = new Scratch[this.threads];
        for (int t = 0; t < this.threads; t++) {
            scratch[t] = new Scratch(networks, maxAtoms, size, parameterCount);
        }
    }

    public int parameterCount() {
        return parameterCount;
    }

    /** Offset of element e's parameters in the vector. */
    public int parameterOffset(int element) {
        return paramOffset[element];
    }

    /** Energy-only (warm-up) or energy and forces. */
    public void useForces(boolean forces) {
        this.useForces = forces;
    }

    public boolean usesForces() {
        return useForces;
    }

    @Override
    public int sampleCount() {
        return samples.size();
    }

    /** Copies the networks' current parameters into {@code x}. */
    public void getParameters(double[] x) {
        for (int e = 0; e < networks.length; e++) {
            networks[e].getParameters(x, paramOffset[e]);
        }
    }

    public void setParameters(double[] x) {
        for (int e = 0; e < networks.length; e++) {
            networks[e].setParameters(x, paramOffset[e]);
        }
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
        return run(x, null, 0, samples.size(), gradient).loss();
    }

    @Override
    public double evaluate(double[] x, int[] indices, int from, int to, double[] gradient) {
        return run(x, indices, from, to, gradient).loss();
    }

    /** Errors of the whole set at {@code x}, without gradient (reused when x was the last point evaluated). */
    public Errors errors(double[] x) {
        if (lastErrors != null && lastWithForces && Arrays.equals(x, lastX)) {
            return lastErrors;
        }
        boolean saved = useForces;
        useForces = true;
        try {
            return run(x, null, 0, samples.size(), null);
        } finally {
            useForces = saved;
        }
    }

    private double[] lastX;
    private Errors lastErrors;
    private boolean lastWithForces;

    private Errors run(double[] x, int[] indices, int from, int to, double[] gradient) {
        Errors e = compute(x, indices, from, to, gradient);
        if (indices == null && from == 0 && to == samples.size()) {
            lastX = x.clone();
            lastErrors = e;
            lastWithForces = useForces;
        }
        return e;
    }

    private Errors compute(double[] x, int[] indices, int from, int to, double[] gradient) {
        setParameters(x);
        int count = to - from;
        long components = 0;
        for (int q = from; q < to; q++) {
            components += 3L * samples.get(indices == null ? q : indices[q]).atoms;
        }
        double energyNorm = 1.0 / Math.max(1, count);
        double forceNorm = forceWeight / Math.max(1, components);
        int chunks = Math.min(threads, Math.max(1, count));
        double[][] partial = new double[chunks][];
        if (chunks == 1) {
            partial[0] = work(scratch[0], x, indices, from, to, gradient != null, energyNorm, forceNorm);
        } else {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                int a = from + (int) ((long) count * c / chunks);
                int b = from + (int) ((long) count * (c + 1) / chunks);
                Scratch s = scratch[c];
                futures.add(pool.submit(() -> work(s, x, indices, a, b, gradient != null, energyNorm, forceNorm)));
            }
            for (int c = 0; c < chunks; c++) {
                try {
                    partial[c] = futures.get(c).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("training was interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a training thread failed: " + e.getCause(), e.getCause());
                }
            }
        }
        double sumE2 = 0;
        double sumF2 = 0;
        if (gradient != null) {
            Arrays.fill(gradient, 0);
        }
        for (int c = 0; c < chunks; c++) {
            sumE2 += partial[c][0];
            sumF2 += partial[c][1];
            if (gradient != null) {
                double[] g = scratch[c].grad;
                for (int k = 0; k < parameterCount; k++) {
                    gradient[k] += g[k];
                }
            }
        }
        double lossE = sumE2 * energyNorm;
        double lossF = useForces ? sumF2 * forceNorm : 0;
        return new Errors(Math.sqrt(sumE2 / Math.max(1, count)), Math.sqrt(sumF2 / Math.max(1, components)),
                lossE + lossF);
    }

    /** Returns {Σ_f (ΔE_f/N_f)², Σ ΔF²} of frames from..to, adding the gradient into the scratch's buffer. */
    private double[] work(Scratch s, double[] x, int[] indices, int from, int to, boolean wantGradient,
            double energyNorm, double forceNorm) {
        if (wantGradient) {
            Arrays.fill(s.grad, 0);
        }
        double sumE2 = 0;
        double sumF2 = 0;
        boolean forces = useForces || !wantGradient;
        for (int q = from; q < to; q++) {
            TrainingData.Sample f = samples.get(indices == null ? q : indices[q]);
            int n = f.atoms;
            // pass 1: energies, input gradients, predicted forces
            double energy = 0;
            double[] xs = s.x;
            double[] dedg = s.dedg;
            double[] force = s.force;
            if (forces) {
                Arrays.fill(force, 0, 3 * n, 0);
            }
            for (int i = 0; i < n; i++) {
                int e = f.element[i];
                int off = i * size;
                double[] mu = mean[e];
                double[] is = invStd[e];
                for (int k = 0; k < size; k++) {
                    xs[off + k] = (f.g[off + k] - mu[k]) * is[k];
                }
                if (!forces) {
                    energy += networks[e].energy(xs, off, s.ws[e]);
                    continue;
                }
                energy += networks[e].energyAndInputGradient(xs, off, dedg, off, s.ws[e]);
                for (int k = 0; k < size; k++) {
                    dedg[off + k] *= is[k];
                }
                for (int entry = f.entryStart[i]; entry < f.entryStart[i + 1]; entry++) {
                    int j = f.neighbor[entry];
                    int b = entry * size * 3;
                    double gx = 0;
                    double gy = 0;
                    double gz = 0;
                    for (int k = 0; k < size; k++) {
                        double d = dedg[off + k];
                        gx += d * f.dg[b + 3 * k];
                        gy += d * f.dg[b + 3 * k + 1];
                        gz += d * f.dg[b + 3 * k + 2];
                    }
                    force[3 * i] += gx;
                    force[3 * i + 1] += gy;
                    force[3 * i + 2] += gz;
                    force[3 * j] -= gx;
                    force[3 * j + 1] -= gy;
                    force[3 * j + 2] -= gz;
                }
            }
            double dE = energy - f.energyTarget;
            sumE2 += (dE / n) * (dE / n);
            double[] dF = s.dForce;
            if (forces) {
                for (int a = 0; a < 3 * n; a++) {
                    double d = force[a] - f.forceTarget[a];
                    sumF2 += d * d;
                    dF[a] = 2 * forceNorm * d;
                }
            }
            if (!wantGradient) {
                continue;
            }
            // pass 2: weight gradient. ∂L/∂E_f = 2 ΔE_f / N_f² · energyNorm for every atom of the frame
            double energyScale = 2 * energyNorm * dE / ((double) n * n);
            for (int i = 0; i < n; i++) {
                int e = f.element[i];
                int off = i * size;
                if (!useForces) {
                    networks[e].addWeightGradient(xs, off, energyScale, s.grad, paramOffset[e], s.ws[e]);
                    continue;
                }
                double[] u = s.u;
                Arrays.fill(u, 0);
                double fix = dF[3 * i];
                double fiy = dF[3 * i + 1];
                double fiz = dF[3 * i + 2];
                for (int entry = f.entryStart[i]; entry < f.entryStart[i + 1]; entry++) {
                    int j = f.neighbor[entry];
                    double ax = fix - dF[3 * j];
                    double ay = fiy - dF[3 * j + 1];
                    double az = fiz - dF[3 * j + 2];
                    int b = entry * size * 3;
                    for (int k = 0; k < size; k++) {
                        u[k] += f.dg[b + 3 * k] * ax + f.dg[b + 3 * k + 1] * ay + f.dg[b + 3 * k + 2] * az;
                    }
                }
                double[] is = invStd[e];
                for (int k = 0; k < size; k++) {
                    u[k] *= is[k];
                }
                networks[e].addEnergyAndForceWeightGradient(xs, off, energyScale, u, 0, 1.0, s.grad, paramOffset[e],
                        s.ws[e]);
            }
        }
        return new double[] {sumE2, sumF2};
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Per-thread arrays. */
    private static final class Scratch {
        final Network.Workspace[] ws;
        final double[] x;
        final double[] dedg;
        final double[] force;
        final double[] dForce;
        final double[] u;
        final double[] grad;

        Scratch(Network[] networks, int maxAtoms, int size, int parameters) {
            ws = new Network.Workspace[networks.length];
            for (int e = 0; e < networks.length; e++) {
                ws[e] = networks[e].newWorkspace();
            }
            x = new double[maxAtoms * size];
            dedg = new double[maxAtoms * size];
            force = new double[3 * maxAtoms];
            dForce = new double[3 * maxAtoms];
            u = new double[size];
            grad = new double[parameters];
        }
    }
}
