package kiseki.descriptor;

import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

/**
 * Atom-centred descriptors: for every atom i a vector G_i of {@link #size()} numbers that depends only on the
 * vectors r_ij (from atom i to each neighbour image j within {@link #cutoff()}), invariant under rotation,
 * translation and permutation of like atoms.
 *
 * <p>Neighbour lists are FULL lists ({@link NeighborList#full}) possibly built with a larger cutoff (an MD skin):
 * entries at r ≥ cutoff contribute nothing. Derivatives are taken with respect to the entry vectors r_ij, which gives
 * forces (atom j: −∂E/∂r_ij, atom i: +∂E/∂r_ij) and the virial (−Σ r_ij ⊗ ∂E/∂r_ij) in one formalism.
 *
 * <p>Implementations are thread-safe for concurrent calls on different outputs (all scratch space is per call or
 * per thread) and allocate nothing per atom.
 */
public interface Descriptor {

    /** Number of functions per atom. */
    int size();

    /** Largest cutoff of any function (Å). */
    double cutoff();

    /** The specification this descriptor was made from (serialisable; goes into potential files). */
    DescriptorSpec spec();

    /**
     * Descriptor values of atoms {@code from .. to-1}: {@code g[(i - from) * size() + k]}.
     */
    void values(Structure s, NeighborList nl, int from, int to, double[] g);

    /**
     * Values and derivatives with respect to the entry vectors for atoms {@code from .. to-1}:
     * {@code dg[((k_entry - nl.start(from)) * size() + n) * 3 + c]} = ∂G_in/∂(r_ij)_c for entry k_entry of atom i
     * (entries of atoms from..to-1 are consecutive in the list). Used by training, which stores them.
     */
    void valuesAndDerivatives(Structure s, NeighborList nl, int from, int to, double[] g, double[] dg);

    /**
     * The chain rule for forces without storing derivatives (the MD path): given ∂E/∂G_i for atoms from..to-1
     * ({@code dEdG[(i - from) * size() + n]}), accumulates ∂E/∂r_ij into {@code dEdr[3 * k_entry + c]} (global
     * entry index; the caller zeroes it).
     */
    void backward(Structure s, NeighborList nl, int from, int to, double[] dEdG, double[] dEdr);
}
