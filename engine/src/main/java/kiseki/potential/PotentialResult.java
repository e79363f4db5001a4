package kiseki.potential;

import java.util.Arrays;

/**
 * What a {@link Potential} computed for one structure. Arrays are allocated once for a given atom count and reused
 * across MD steps; {@link #reset} zeroes them before a potential accumulates into them.
 */
public final class PotentialResult {

    private final int atoms;
    private final boolean wantForces;
    private final boolean wantStress;
    private final boolean wantPerAtom;
    /** Total energy (eV). */
    public double energy;
    /** Forces (eV/Å), 3 per atom; null when not requested. */
    public final double[] forces;
    /**
     * Virial W = −Σ_entries r_ij ⊗ ∂E/∂r_ij (= Σ r ⊗ F, eV, 9 numbers row-major) accumulated by potentials; null when
     * not requested. The potential part of the pressure is trace(W)/(3V); the stress is σ = −W/V = (1/V) ∂E/∂ε, the
     * ASE sign (positive = tensile) — see {@link #stress(double)}.
     */
    public final double[] virial;
    /** Energy of each atom (eV); null when not requested. Pair terms split each pair's energy half and half. */
    public final double[] perAtomEnergy;

    public PotentialResult(int atoms, boolean forces, boolean stress, boolean perAtom) {
        this.atoms = atoms;
        this.wantForces = forces;
        this.wantStress = stress;
        this.wantPerAtom = perAtom;
        this.forces = forces ? new double[3 * atoms] : null;
        this.virial = stress ? new double[9] : null;
        this.perAtomEnergy = perAtom ? new double[atoms] : null;
    }

    public int atoms() {
        return atoms;
    }

    public boolean wantsForces() {
        return wantForces;
    }

    public boolean wantsStress() {
        return wantStress;
    }

    public boolean wantsPerAtom() {
        return wantPerAtom;
    }

    /** Zeroes everything before a new evaluation. */
    public void reset() {
        energy = 0;
        if (forces != null) {
            Arrays.fill(forces, 0);
        }
        if (virial != null) {
            Arrays.fill(virial, 0);
        }
        if (perAtomEnergy != null) {
            Arrays.fill(perAtomEnergy, 0);
        }
    }

    /** Stress tensor σ = −W/V (eV/Å³, 9 numbers row-major, tensile positive) of a cell of the given volume. */
    public double[] stress(double volume) {
        if (virial == null) {
            throw new IllegalStateException("stress was not requested");
        }
        double[] s = new double[9];
        for (int k = 0; k < 9; k++) {
            s[k] = -virial[k] / volume;
        }
        return s;
    }

    /**
     * Adds the contribution of one neighbour-list entry: {@code dEdr} = ∂E/∂r_ij where r_ij = x_j(image) − x_i.
     * Atom j gets force −∂E/∂r_ij, atom i +∂E/∂r_ij; the virial gets −r_ij ⊗ ∂E/∂r_ij.
     */
    public void addPairGradient(int i, int j, double rx, double ry, double rz, double gx, double gy, double gz) {
        if (forces != null) {
            forces[3 * i] += gx;
            forces[3 * i + 1] += gy;
            forces[3 * i + 2] += gz;
            forces[3 * j] -= gx;
            forces[3 * j + 1] -= gy;
            forces[3 * j + 2] -= gz;
        }
        if (virial != null) {
            virial[0] -= rx * gx;
            virial[1] -= rx * gy;
            virial[2] -= rx * gz;
            virial[3] -= ry * gx;
            virial[4] -= ry * gy;
            virial[5] -= ry * gz;
            virial[6] -= rz * gx;
            virial[7] -= rz * gy;
            virial[8] -= rz * gz;
        }
    }
}
