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

    @Override
    void close();
}
