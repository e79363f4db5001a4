package kiseki.train;

import kiseki.descriptor.Descriptor;
import kiseki.descriptor.DescriptorStats;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Labelled frames turned into what training needs, computed once: per atom the descriptor vector G_i and its element,
 * per neighbour entry the derivative ∂G_i/∂r_ij (stored as float: the LGPS set needs ~1.3 GB instead of 2.6) and the
 * neighbour's index, and per frame the targets — the reference energy and forces minus whatever the network does not
 * learn (the Δ pair term, the per-element reference energies).
 *
 * <p>Memory per atom ≈ neighbours × functions × 3 × 4 bytes (50 atoms × 45 × 80 × 12 B ≈ 2.2 MB per LGPS frame).
 */
public final class TrainingData {

    /** One frame's precomputed data. Arrays are flat and primitive; the trainer's hot loop reads them directly. */
    public static final class Sample {
        public final int atoms;
        /** Element index (into the model's element list) of each atom. */
        public final int[] element;
        /** Descriptor values, atoms × size. */
        public final double[] g;
        /** Neighbour-entry offsets per atom (CSR), length atoms + 1. */
        public final int[] entryStart;
        /** Neighbour atom of each entry. */
        public final int[] neighbor;
        /** ∂G_in/∂(r_ij)_c per entry: [(entry * size + n) * 3 + c]. */
        public final float[] dg;
        /** Energy the network must learn (eV): reference − pair term − Σ reference energies. */
        public final double energyTarget;
        /** Forces the network must learn (eV/Å): reference − pair term. */
        public final double[] forceTarget;
        /** The reference (DFT) energy and forces, for reporting errors of the whole model. */
        public final double energyReference;
        public final double[] forceReference;

        Sample(int atoms, int[] element, double[] g, int[] entryStart, int[] neighbor, float[] dg, double energyTarget,
                double[] forceTarget, double energyReference, double[] forceReference) {
            this.atoms = atoms;
            this.element = element;
            this.g = g;
            this.entryStart = entryStart;
            this.neighbor = neighbor;
            this.dg = dg;
            this.energyTarget = energyTarget;
            this.forceTarget = forceTarget;
            this.energyReference = energyReference;
            this.forceReference = forceReference;
        }

        /** Bytes held, roughly. */
        public long bytes() {
            return 4L * dg.length + 8L * g.length + 4L * neighbor.length + 8L * forceTarget.length * 2;
        }
    }

    /** What the network does not learn: subtracted from the references before training. */
    public interface Baseline {
        /** Energy and forces (written into {@code forces}, zeroed by the caller) of the part not learned. */
        double energyAndForces(Structure s, NeighborList nl, double[] forces);
    }

    private final Descriptor descriptor;
    private final List<Element> elements;
    private final List<Sample> samples;

    private TrainingData(Descriptor descriptor, List<Element> elements, List<Sample> samples) {
        this.descriptor = descriptor;
        this.elements = elements;
        this.samples = samples;
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    public List<Element> elements() {
        return elements;
    }

    public List<Sample> samples() {
        return samples;
    }

    public int atoms() {
        int n = 0;
        for (Sample s : samples) {
            n += s.atoms;
        }
        return n;
    }

    /** Statistics (mean, spread, min, max per element and function) of the stored descriptor values. */
    public DescriptorStats descriptorStats() {
        int size = descriptor.size();
        DescriptorStats stats = new DescriptorStats(elements, size);
        for (Sample s : samples) {
            for (int i = 0; i < s.atoms; i++) {
                stats.add(elements.get(s.element[i]), s.g, i * size);
            }
        }
        return stats;
    }

    public long bytes() {
        long b = 0;
        for (Sample s : samples) {
            b += s.bytes();
        }
        return b;
    }

    /**
     * Precomputes every frame on {@code threads} threads.
     *
     * @param baseline subtracted from the references (null = nothing)
     */
    public static TrainingData build(List<Frame> frames, Descriptor descriptor, List<Element> elements,
            Baseline baseline, int threads) throws InterruptedException {
        Sample[] out = new Sample[frames.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kiseki-descriptors");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int f = 0; f < frames.size(); f++) {
                int index = f;
                futures.add(pool.submit(() -> {
                    out[index] = sample(frames.get(index), index, descriptor, elements, baseline);
                    return null;
                }));
            }
            for (Future<?> fut : futures) {
                try {
                    fut.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new TrainingData(descriptor, List.copyOf(elements), List.of(out));
    }

    static Sample sample(Frame frame, int index, Descriptor descriptor, List<Element> elements, Baseline baseline) {
        Structure s = frame.structure();
        if (!frame.hasEnergy() || frame.forces() == null) {
            throw new IllegalArgumentException("frame " + (index + 1) + " has no " + (frame.hasEnergy() ? "forces"
                    : "energy") + "; training needs both");
        }
        int n = s.size();
        int size = descriptor.size();
        int[] element = new int[n];
        for (int i = 0; i < n; i++) {
            element[i] = elements.indexOf(s.element(i));
            if (element[i] < 0) {
                throw new IllegalArgumentException("frame " + (index + 1) + " contains " + s.element(i).symbol()
                        + ", which the model does not know (elements " + elements + ")");
            }
        }
        NeighborList nl = NeighborList.full(s, descriptor.cutoff());
        double[] g = new double[n * size];
        double[] dgd = new double[nl.size() * size * 3];
        descriptor.valuesAndDerivatives(s, nl, 0, n, g, dgd);
        float[] dg = new float[dgd.length];
        for (int k = 0; k < dg.length; k++) {
            dg[k] = (float) dgd[k];
        }
        double[] forceTarget = frame.forces().clone();
        double energyTarget = frame.energy();
        if (baseline != null) {
            double[] fb = new double[3 * n];
            energyTarget -= baseline.energyAndForces(s, nl, fb);
            for (int k = 0; k < forceTarget.length; k++) {
                forceTarget[k] -= fb[k];
            }
        }
        return new Sample(n, element, g, Arrays.copyOf(nl.offsetArray(), n + 1), nl.neighborArray().clone(), dg,
                energyTarget, forceTarget, frame.energy(), frame.forces().clone());
    }
}
