package kiseki.structure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One structure with optional reference labels, as read from or written to a file: energy (eV), forces (eV/Å,
 * 3 per atom), stress (eV/Å³, 9 numbers row-major, positive = tensile, the ASE sign convention), velocities (Å/fs),
 * free-form key/value info, and warnings collected while reading.
 */
public final class Frame {

    private final Structure structure;
    private Double energy;
    private double[] forces;
    private double[] stress;
    private double[] velocities;
    private final Map<String, String> info = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public Frame(Structure structure) {
        this.structure = structure;
    }

    public Structure structure() {
        return structure;
    }

    public boolean hasEnergy() {
        return energy != null;
    }

    /** Total energy (eV); NaN when absent. */
    public double energy() {
        return energy == null ? Double.NaN : energy;
    }

    public Frame setEnergy(Double energy) {
        this.energy = energy;
        return this;
    }

    /** Forces (eV/Å, 3N) or null. */
    public double[] forces() {
        return forces;
    }

    public Frame setForces(double[] forces) {
        if (forces != null && forces.length != 3 * structure.size()) {
            throw new IllegalArgumentException("forces need 3 numbers per atom");
        }
        this.forces = forces;
        return this;
    }

    /** Stress tensor (eV/Å³, 9 numbers row-major) or null. */
    public double[] stress() {
        return stress;
    }

    public Frame setStress(double[] stress) {
        if (stress != null && stress.length != 9) {
            throw new IllegalArgumentException("stress needs 9 numbers (3×3)");
        }
        this.stress = stress;
        return this;
    }

    /** Velocities (Å/fs, 3N) or null. */
    public double[] velocities() {
        return velocities;
    }

    public Frame setVelocities(double[] velocities) {
        if (velocities != null && velocities.length != 3 * structure.size()) {
            throw new IllegalArgumentException("velocities need 3 numbers per atom");
        }
        this.velocities = velocities;
        return this;
    }

    /** Free-form metadata (e.g. extxyz comment keys other than the standard ones); mutable. */
    public Map<String, String> info() {
        return info;
    }

    /** Warnings from reading (e.g. disorder resolved); mutable. */
    public List<String> warnings() {
        return warnings;
    }
}
