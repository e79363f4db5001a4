package kiseki.io;

import kiseki.structure.Lattice;

/**
 * LAMMPS's restricted triclinic box, shared by the data-file and dump formats. LAMMPS stores a cell as
 * a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz) with lx, ly, lz &gt; 0 (a along x, b in the xy plane, a
 * right-handed set). Any cell can be brought into that form by a rotation; {@link #orient} finds it.
 */
final class LammpsDataBox {

    private LammpsDataBox() {
    }

    /**
     * A cell in LAMMPS orientation and the rotation that takes Cartesian vectors of the original structure into it.
     *
     * @param lattice  the lower-triangular cell (rows a, b, c)
     * @param rotation rows are the new x, y, z axes expressed in the old frame; null when the cell was already in
     *                 LAMMPS form and nothing moves
     */
    record Orientation(Lattice lattice, double[] rotation) {

        double lx() {
            return lattice.get(0, 0);
        }

        double ly() {
            return lattice.get(1, 1);
        }

        double lz() {
            return lattice.get(2, 2);
        }

        double xy() {
            return lattice.get(1, 0);
        }

        double xz() {
            return lattice.get(2, 0);
        }

        double yz() {
            return lattice.get(2, 1);
        }

        boolean triclinic() {
            return xy() != 0 || xz() != 0 || yz() != 0;
        }

        /** Rotated copy of a 3N array of vectors (positions, forces, velocities); null stays null. */
        double[] rotate(double[] vectors) {
            if (vectors == null) {
                return null;
            }
            if (rotation == null) {
                return vectors.clone();
            }
            double[] out = new double[vectors.length];
            for (int i = 0; i < vectors.length; i += 3) {
                double x = vectors[i];
                double y = vectors[i + 1];
                double z = vectors[i + 2];
                for (int k = 0; k < 3; k++) {
                    out[i + k] = x * rotation[3 * k] + y * rotation[3 * k + 1] + z * rotation[3 * k + 2];
                }
            }
            return out;
        }
    }

    /**
     * LAMMPS orientation of a cell. A cell that is already lower-triangular with a positive diagonal is kept exactly.
     * Otherwise the new axes come from Gram–Schmidt on a and b (the QR decomposition of the transposed cell matrix):
     * x̂ = â, ŷ = unit(b − (b·x̂)x̂), ẑ = x̂ × ŷ. A left-handed cell gets c replaced by −c first, which spans the same
     * lattice, so the atoms only rotate and are never mirrored.
     */
    static Orientation orient(Lattice lattice) {
        double[] m = lattice.matrix();
        if (m[1] == 0 && m[2] == 0 && m[5] == 0 && m[0] > 0 && m[4] > 0 && m[8] > 0) {
            return new Orientation(lattice, null);
        }
        double[] a = {m[0], m[1], m[2]};
        double[] b = {m[3], m[4], m[5]};
        double[] c = {m[6], m[7], m[8]};
        double[] ex = scale(a, 1 / norm(a));
        double bx = dot(b, ex);
        double[] yPart = {b[0] - bx * ex[0], b[1] - bx * ex[1], b[2] - bx * ex[2]};
        double[] ey = scale(yPart, 1 / norm(yPart));
        double[] ez = cross(ex, ey);
        double cz = dot(c, ez);
        double sign = cz < 0 ? -1 : 1; // left-handed: use −c
        Lattice restricted = Lattice.fromVectors(norm(a), 0, 0, bx, dot(b, ey), 0, sign * dot(c, ex),
                sign * dot(c, ey), sign * cz);
        double[] rotation = {ex[0], ex[1], ex[2], ey[0], ey[1], ey[2], ez[0], ez[1], ez[2]};
        return new Orientation(restricted, rotation);
    }

    /** The lower-triangular cell of a LAMMPS box; throws IllegalArgumentException for a degenerate one. */
    static Lattice lattice(double lx, double ly, double lz, double xy, double xz, double yz) {
        return Lattice.fromVectors(lx, 0, 0, xy, ly, 0, xz, yz, lz);
    }

    /** Lower edge of the dump bounding box along x for a box starting at xlo: xlo + min(0, xy, xz, xy+xz). */
    static double xloBoundShift(double xy, double xz) {
        return Math.min(Math.min(0.0, xy), Math.min(xz, xy + xz));
    }

    /** Upper edge shift along x: max(0, xy, xz, xy+xz). */
    static double xhiBoundShift(double xy, double xz) {
        return Math.max(Math.max(0.0, xy), Math.max(xz, xy + xz));
    }

    private static double dot(double[] u, double[] v) {
        return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    }

    private static double norm(double[] u) {
        return Math.sqrt(dot(u, u));
    }

    private static double[] scale(double[] u, double s) {
        return new double[] {u[0] * s, u[1] * s, u[2] * s};
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }
}
