package kiseki.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Atoms in a (usually periodic) cell. Positions are Cartesian (Å) in one flat array [x0 y0 z0 x1 y1 z1 ...] that
 * callers such as MD may update in place. The lattice is {@code null} for a non-periodic structure (a molecule).
 */
public final class Structure {

    private Lattice lattice;
    private final boolean[] pbc;
    private final Element[] species;
    private final double[] positions;

    /**
     * @param lattice   cell, or null for none
     * @param species   element of each atom
     * @param positions Cartesian coordinates, 3 per atom (copied)
     */
    public Structure(Lattice lattice, Element[] species, double[] positions) {
        this(lattice, lattice == null ? new boolean[3] : new boolean[] {true, true, true}, species, positions);
    }

    public Structure(Lattice lattice, boolean[] pbc, Element[] species, double[] positions) {
        Objects.requireNonNull(species, "species");
        Objects.requireNonNull(positions, "positions");
        if (positions.length != 3 * species.length) {
            throw new IllegalArgumentException(
                    "need 3 coordinates per atom: " + species.length + " atoms, " + positions.length + " numbers");
        }
        if (pbc.length != 3) {
            throw new IllegalArgumentException("pbc needs 3 flags");
        }
        if (lattice == null && (pbc[0] || pbc[1] || pbc[2])) {
            throw new IllegalArgumentException("periodic boundary conditions need a lattice");
        }
        for (Element e : species) {
            Objects.requireNonNull(e, "species contains null");
        }
        this.lattice = lattice;
        this.pbc = pbc.clone();
        this.species = species.clone();
        this.positions = positions.clone();
    }

    /** From fractional coordinates (3 per atom) in the given cell; fully periodic. */
    public static Structure fromFractional(Lattice lattice, Element[] species, double[] fractional) {
        double[] cart = new double[fractional.length];
        for (int i = 0; i < species.length; i++) {
            lattice.toCartesian(fractional, 3 * i, cart, 3 * i);
        }
        return new Structure(lattice, species, cart);
    }

    public int size() {
        return species.length;
    }

    /** The cell, or null when the structure is not periodic. */
    public Lattice lattice() {
        return lattice;
    }

    public boolean hasLattice() {
        return lattice != null;
    }

    /** Periodic flags along a, b, c (a copy). */
    public boolean[] pbc() {
        return pbc.clone();
    }

    public boolean isPeriodic(int axis) {
        return pbc[axis];
    }

    public boolean isFullyPeriodic() {
        return pbc[0] && pbc[1] && pbc[2];
    }

    public Element element(int i) {
        return species[i];
    }

    /** Copy of the species array. */
    public Element[] species() {
        return species.clone();
    }

    /** The live position array (3N, Å). Writes go straight into the structure. */
    public double[] positions() {
        return positions;
    }

    public double x(int i, int component) {
        return positions[3 * i + component];
    }

    public double[] position(int i) {
        return new double[] {positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]};
    }

    public void setPosition(int i, double x, double y, double z) {
        positions[3 * i] = x;
        positions[3 * i + 1] = y;
        positions[3 * i + 2] = z;
    }

    /** Fractional coordinates of all atoms (3N, fresh array); requires a lattice. */
    public double[] fractionalPositions() {
        requireLattice();
        double[] f = new double[positions.length];
        for (int i = 0; i < size(); i++) {
            lattice.toFractional(positions, 3 * i, f, 3 * i);
        }
        return f;
    }

    /** Replaces the cell. With {@code scaleAtoms} the atoms keep their fractional coordinates. */
    public void setLattice(Lattice newLattice, boolean scaleAtoms) {
        Objects.requireNonNull(newLattice, "lattice");
        if (scaleAtoms) {
            double[] f = fractionalPositions();
            for (int i = 0; i < size(); i++) {
                newLattice.toCartesian(f, 3 * i, positions, 3 * i);
            }
        }
        this.lattice = newLattice;
    }

    /** Moves every atom into the cell ([0,1) fractional) along the periodic directions. */
    public void wrap() {
        if (lattice == null) {
            return;
        }
        double[] f = new double[3];
        for (int i = 0; i < size(); i++) {
            lattice.toFractional(positions, 3 * i, f, 0);
            for (int k = 0; k < 3; k++) {
                if (pbc[k]) {
                    f[k] -= Math.floor(f[k]);
                    if (f[k] >= 1.0) {
                        f[k] = 0.0; // -1e-17 folds to 1.0 in floating point
                    }
                }
            }
            lattice.toCartesian(f, 0, positions, 3 * i);
        }
    }

    /** Vector from atom i to the nearest image of atom j (Å). */
    public double[] displacement(int i, int j) {
        double[] d = {positions[3 * j] - positions[3 * i], positions[3 * j + 1] - positions[3 * i + 1],
                positions[3 * j + 2] - positions[3 * i + 2]};
        if (lattice != null && isFullyPeriodic()) {
            lattice.minimumImage(d);
        } else if (lattice != null && (pbc[0] || pbc[1] || pbc[2])) {
            minimumImagePartial(d);
        }
        return d;
    }

    private void minimumImagePartial(double[] d) {
        // only periodic directions are folded; small search over ±1 images along them
        double[] f = lattice.toFractional(d);
        for (int k = 0; k < 3; k++) {
            if (pbc[k]) {
                f[k] -= Math.rint(f[k]);
            }
        }
        double[] best = lattice.toCartesian(f);
        double bestLen = best[0] * best[0] + best[1] * best[1] + best[2] * best[2];
        for (int a = pbc[0] ? -1 : 0; a <= (pbc[0] ? 1 : 0); a++) {
            for (int b = pbc[1] ? -1 : 0; b <= (pbc[1] ? 1 : 0); b++) {
                for (int c = pbc[2] ? -1 : 0; c <= (pbc[2] ? 1 : 0); c++) {
                    double[] t = lattice.toCartesian(new double[] {f[0] + a, f[1] + b, f[2] + c});
                    double l = t[0] * t[0] + t[1] * t[1] + t[2] * t[2];
                    if (l < bestLen) {
                        bestLen = l;
                        best = t;
                    }
                }
            }
        }
        System.arraycopy(best, 0, d, 0, 3);
    }

    /** Minimum-image distance between atoms i and j (Å). */
    public double distance(int i, int j) {
        double[] d = displacement(i, j);
        return Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }

    /** Chemical composition in order of first appearance. */
    public Composition composition() {
        return Composition.of(species);
    }

    /** Total mass (amu). */
    public double totalMass() {
        double m = 0;
        for (Element e : species) {
            m += e.mass();
        }
        return m;
    }

    /** Distinct elements in order of first appearance. */
    public List<Element> elements() {
        List<Element> out = new ArrayList<>();
        for (Element e : species) {
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    public Structure copy() {
        return new Structure(lattice, pbc, species, positions);
    }

    private void requireLattice() {
        if (lattice == null) {
            throw new IllegalStateException("the structure has no cell");
        }
    }

    @Override
    public String toString() {
        return "Structure[" + composition().formula() + ", " + size() + " atoms, " + lattice + ", pbc="
                + Arrays.toString(pbc) + "]";
    }
}
