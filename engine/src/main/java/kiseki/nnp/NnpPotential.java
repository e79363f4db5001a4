package kiseki.nnp;

import kiseki.descriptor.Descriptor;
import kiseki.potential.ExtrapolationAware;
import kiseki.potential.PairTerm;
import kiseki.potential.Potential;
import kiseki.potential.PotentialResult;
import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

/**
 * A trained Δ-NNP or HDNNP as a {@link Potential} (styles "delta-nnp" and "hdnnp"): element-network energies on the
 * scaled descriptors, averaged over the ensemble, plus per-element reference energies and the Δ pair term. The
 * networks and descriptors run on an {@link NnpBackend} (plain Java by default); this class turns ∂E/∂r_ij into
 * forces and the virial and adds the pair term.
 *
 * <p>Every compute call also counts the atoms whose descriptor values leave the model's {@link TrainingRange}
 * ({@link ExtrapolationAware}); models without a range, or backends that do not expose the descriptor values, report
 * {@link #hasTrainingRange()} false.
 *
 * <p>Not for concurrent calls on one instance (compute is synchronized).
 */
public final class NnpPotential implements Potential, ExtrapolationAware, AutoCloseable {

    private final NnpModel model;
    private final Element[] elements;
    private final NnpBackend backend;
    private final PairTerm pairTerm;
    private final double[] memberEnergy;
    private int[] elementOf = new int[0];
    private double[] atomEnergy = new double[0];
    private double[] dEdr = new double[0];
    private double lastSpread;
    private int lastExtrapolatingAtoms;
    private long lastValuesOutside;

    /** With the plain-Java backend on {@code threads} threads. */
    public NnpPotential(NnpModel model, int threads) {
        this(model, elementsOf(model), null, threads);
    }

    /** With a given backend (e.g. an accelerator one). */
    public NnpPotential(NnpModel model, NnpBackend backend) {
        this(model, elementsOf(model), backend, 1);
    }

    private NnpPotential(NnpModel model, Element[] elements, NnpBackend backend, int threads) {
        this.model = model;
        this.elements = elements;
        this.backend = backend != null ? backend : new JavaNnpBackend(model, elements, threads);
        this.pairTerm = model.pairs().isEmpty() ? null : new PairTerm(model.pairCutoff(), model.pairs());
        this.memberEnergy = new double[model.ensembleSize()];
    }

    private static Element[] elementsOf(NnpModel model) {
        return model.elements().stream().map(PeriodicTable::require).toArray(Element[]::new);
    }

    public NnpModel model() {
        return model;
    }

    /** The descriptor of the plain-Java backend (null for other backends). */
    public Descriptor descriptor() {
        return backend instanceof JavaNnpBackend j ? j.descriptor() : null;
    }

    @Override
    public String style() {
        return model.kind();
    }

    @Override
    public double cutoff() {
        return Math.max(backend.cutoff(), pairTerm == null ? 0 : pairTerm.cutoff());
    }

    /** Standard deviation of the total energy over the ensemble members in the last call (eV; 0 for one member). */
    public synchronized double lastEnsembleSpread() {
        return lastSpread;
    }

    @Override
    public boolean hasTrainingRange() {
        return backend.countsExtrapolation();
    }

    @Override
    public synchronized int lastExtrapolatingAtoms() {
        return lastExtrapolatingAtoms;
    }

    @Override
    public synchronized long lastValuesOutside() {
        return lastValuesOutside;
    }

    @Override
    public synchronized void compute(Structure s, NeighborList nl, PotentialResult out) {
        int n = s.size();
        if (elementOf.length < n) {
            elementOf = new int[n];
            atomEnergy = new double[n];
        }
        if (dEdr.length < 3 * nl.size()) {
            dEdr = new double[3 * nl.size()];
        }
        for (int i = 0; i < n; i++) {
            elementOf[i] = indexOf(s.element(i));
        }
        out.reset();
        boolean derivatives = out.wantsForces() || out.wantsStress();
        backend.evaluate(s, nl, elementOf, atomEnergy, memberEnergy, derivatives ? dEdr : null);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += atomEnergy[i];
            if (out.perAtomEnergy != null) {
                out.perAtomEnergy[i] += atomEnergy[i];
            }
        }
        lastSpread = spread();
        lastExtrapolatingAtoms = backend.lastExtrapolatingAtoms();
        lastValuesOutside = backend.lastValuesOutside();
        if (derivatives) {
            double[] v = nl.vectorArray();
            double rc = backend.cutoff();
            for (int i = 0; i < n; i++) {
                for (int k = nl.start(i); k < nl.end(i); k++) {
                    if (nl.distance(k) < rc) {
                        out.addPairGradient(i, nl.neighbor(k), v[3 * k], v[3 * k + 1], v[3 * k + 2], dEdr[3 * k],
                                dEdr[3 * k + 1], dEdr[3 * k + 2]);
                    }
                }
            }
        }
        out.energy = total;
        if (pairTerm != null) {
            pairTerm.compute(s, nl, out); // adds the pair term's energy, forces, virial and per-atom energies
        }
    }

    private double spread() {
        int members = memberEnergy.length;
        if (members < 2) {
            return 0;
        }
        double meanE = 0;
        for (double e : memberEnergy) {
            meanE += e;
        }
        meanE /= members;
        double var = 0;
        for (double e : memberEnergy) {
            var += (e - meanE) * (e - meanE);
        }
        return Math.sqrt(var / members);
    }

    private int indexOf(Element e) {
        for (int k = 0; k < elements.length; k++) {
            if (elements[k] == e) {
                return k;
            }
        }
        throw new IllegalArgumentException("the potential knows " + model.elements() + ", not " + e.symbol());
    }

    @Override
    public void close() {
        backend.close();
    }
}
