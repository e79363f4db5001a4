package kiseki.potential;

import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

/**
 * An interatomic potential: energy, forces, per-atom energies and (for periodic cells) stress. Every potential in
 * Kiseki implements this one interface and is found by its style name in {@link Potentials}, like LAMMPS pair styles.
 *
 * <p>Units: Å, eV, eV/Å, eV/Å³. Stress follows the ASE sign convention (positive = tensile): σ = (1/V) ∂E/∂ε.
 */
public interface Potential {

    /** Registry name, e.g. "lj", "pair-12-10-8-6", "hdnnp", "delta-nnp". */
    String style();

    /** Interaction range (Å): pairs farther apart than this do not interact. */
    double cutoff();

    /**
     * Computes what {@code out} asks for. {@code neighbors} is a FULL neighbour list of {@code structure} built with
     * a cutoff of at least {@link #cutoff()} (possibly plus an MD skin, possibly refreshed since it was built):
     * implementations must ignore entries with distance ≥ cutoff. Hot path: implementations allocate nothing per
     * call beyond what {@code out} holds (reuse workspaces), and may use several threads.
     */
    void compute(Structure structure, NeighborList neighbors, PotentialResult out);

    /** Convenience: builds the neighbour list and computes energy, forces and (for a cell) stress. */
    default PotentialResult compute(Structure structure) {
        PotentialResult out = new PotentialResult(structure.size(), true, structure.isFullyPeriodic(), true);
        compute(structure, NeighborList.full(structure, cutoff()), out);
        return out;
    }
}
