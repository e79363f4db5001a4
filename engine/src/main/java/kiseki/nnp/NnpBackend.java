package kiseki.nnp;

import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

/**
 * The compute seam of the neural-network potentials: where descriptors and networks are evaluated. The plain-Java
 * {@link JavaNnpBackend} is the reference; an accelerator backend (Aparapi/OpenCL) implements the same contract, and
 * {@link NnpPotential} (hence MD) does not change.
 */
public interface NnpBackend extends AutoCloseable {

    /** Largest descriptor cutoff (Å). */
    double cutoff();

    /**
     * Evaluates all atoms of {@code s}: {@code atomEnergy[i]} = ensemble-mean network energy + reference energy,
     * {@code memberEnergy[m]} = total energy of member m (for the spread), and, when {@code dEdr} is not null,
     * ∂E/∂r_ij for every neighbour entry k at {@code dEdr[3k..3k+2]} (entries beyond the cutoff get 0).
     *
     * @param elementOf model element index of every atom
     */
    void evaluate(Structure s, NeighborList nl, int[] elementOf, double[] atomEnergy, double[] memberEnergy,
            double[] dEdr);

    /**
     * Whether {@link #evaluate} counts descriptor values outside the model's training range. A backend that never
     * brings the descriptor values back to the host (or a model without a range) answers false.
     */
    default boolean countsExtrapolation() {
        return false;
    }

    /** Atoms of the last {@link #evaluate} with at least one descriptor value outside the training range. */
    default int lastExtrapolatingAtoms() {
        return 0;
    }

    /** Descriptor values of the last {@link #evaluate} outside the training range. */
    default long lastValuesOutside() {
        return 0;
    }

    @Override
    void close();
}
