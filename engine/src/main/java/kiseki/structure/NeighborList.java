package kiseki.structure;

import java.util.Arrays;

/**
 * Periodic neighbour list built with a cell (bin) list in O(N). Stored in compressed rows: the neighbours of atom i
 * are entries {@code start(i) .. end(i)-1}; each entry has the neighbour index, the displacement vector from atom i
 * to that image of the neighbour (Å) and its length.
 *
 * <p>Correct for any cutoff, also beyond half a cell length: every periodic image within the cutoff appears, so a
 * 2-atom cell with a 6 Å cutoff lists each atom's own images too. A full list holds both (i, j) and (j, i); a half
 * list holds each pair once.
 */
public final class NeighborList {

    private final int atoms;
    private final double cutoff;
    private final int[] offsets;
    private final int[] neighbors;
    private final int[] shifts;
    private final double[] vectors;
    private final double[] distances;
    private final double[] cell;

    private NeighborList(int atoms, double cutoff, int[] offsets, int[] neighbors, int[] shifts, double[] vectors,
            double[] distances, double[] cell) {
        this.atoms = atoms;
        this.cutoff = cutoff;
        this.offsets = offsets;
        this.neighbors = neighbors;
        this.shifts = shifts;
        this.vectors = vectors;
        this.distances = distances;
        this.cell = cell;
    }

    /** Full list: every ordered pair (i, image of j) with 0 &lt; r &lt; cutoff. */
    public static NeighborList full(Structure s, double cutoff) {
        return build(s, cutoff, false);
    }

    /** Half list: each unordered pair once (j &gt; i, or for an atom's own image one of ±shift). */
    public static NeighborList half(Structure s, double cutoff) {
        return build(s, cutoff, true);
    }

    public int atomCount() {
        return atoms;
    }

    public double cutoff() {
        return cutoff;
    }

    /** Total number of entries. */
    public int size() {
        return offsets[atoms];
    }

    public int start(int i) {
        return offsets[i];
    }

    public int end(int i) {
        return offsets[i + 1];
    }

    public int count(int i) {
        return offsets[i + 1] - offsets[i];
    }

    public int neighbor(int k) {
        return neighbors[k];
    }

    public double dx(int k) {
        return vectors[3 * k];
    }

    public double dy(int k) {
        return vectors[3 * k + 1];
    }

    public double dz(int k) {
        return vectors[3 * k + 2];
    }

    public double distance(int k) {
        return distances[k];
    }

    /**
     * Recomputes every entry's vector and distance from the structure's current positions, keeping the same pairs
     * and periodic images: the Verlet-list step of MD, where the list is built with a cutoff plus a skin and refreshed
     * each step until some atom has moved more than half the skin. Entries may then lie beyond {@link #cutoff()}; a
     * potential checks the distance itself. The structure must be the one the list was built for (same atoms and
     * cell); no allocation.
     */
    public void refresh(Structure s) {
        if (s.size() != atoms) {
            throw new IllegalArgumentException("the list was built for " + atoms + " atoms, not " + s.size());
        }
        double[] p = s.positions();
        double[] m = cell;
        for (int i = 0; i < atoms; i++) {
            double xi = p[3 * i];
            double yi = p[3 * i + 1];
            double zi = p[3 * i + 2];
            for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                int j = neighbors[k];
                int a = shifts[3 * k];
                int b = shifts[3 * k + 1];
                int c = shifts[3 * k + 2];
                double vx = p[3 * j] - xi + a * m[0] + b * m[3] + c * m[6];
                double vy = p[3 * j + 1] - yi + a * m[1] + b * m[4] + c * m[7];
                double vz = p[3 * j + 2] - zi + a * m[2] + b * m[5] + c * m[8];
                vectors[3 * k] = vx;
                vectors[3 * k + 1] = vy;
                vectors[3 * k + 2] = vz;
                distances[k] = Math.sqrt(vx * vx + vy * vy + vz * vz);
            }
        }
    }

    /** Periodic image of entry k's neighbour relative to the atoms' own positions, in cell vectors (3 per entry). */
    public int[] shiftArray() {
        return shifts;
    }

    /** Row offsets (length N+1), the live array. */
    public int[] offsetArray() {
        return offsets;
    }

    /** Neighbour indices, the live array. */
    public int[] neighborArray() {
        return neighbors;
    }

    /** Displacement vectors (3 per entry), the live array. */
    public double[] vectorArray() {
        return vectors;
    }

    /** Distances, the live array. */
    public double[] distanceArray() {
        return distances;
    }

    private static NeighborList build(Structure s, double cutoff, boolean half) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new IllegalArgumentException("cutoff must be a positive number, got " + cutoff);
        }
        int n = s.size();
        if (n == 0) {
            return new NeighborList(0, cutoff, new int[1], new int[0], new int[0], new double[0], new double[0],
                    new double[9]);
        }
        Lattice cell = effectiveCell(s, cutoff);
        double[] m = cell.matrix();

        // wrapped fractional coordinates and their Cartesian positions; wrapOffset = how many cells each atom moved
        double[] frac = new double[3 * n];
        double[] wrapped = new double[3 * n];
        int[] wrapOffset = new int[3 * n];
        double[] pos = s.positions();
        for (int i = 0; i < n; i++) {
            cell.toFractional(pos, 3 * i, frac, 3 * i);
            for (int k = 0; k < 3; k++) {
                double fl = Math.floor(frac[3 * i + k]);
                double f = frac[3 * i + k] - fl;
                wrapOffset[3 * i + k] = (int) fl;
                if (f >= 1.0) {
                    f = 0.0;
                    wrapOffset[3 * i + k]++;
                }
                frac[3 * i + k] = f;
            }
            cell.toCartesian(frac, 3 * i, wrapped, 3 * i);
        }

        // bins: as many per axis as fit a cutoff-wide slab, capped so empty bins do not dominate
        int[] nb = new int[3];
        int[] reach = new int[3];
        int cap = Math.max(1, (int) Math.cbrt(2.0 * n) + 1);
        for (int k = 0; k < 3; k++) {
            double width = cell.perpendicularWidth(k);
            nb[k] = (int) Math.max(1, Math.min(cap, Math.floor(width / cutoff)));
            reach[k] = (int) Math.ceil(cutoff * nb[k] / width);
        }
        int nbins = nb[0] * nb[1] * nb[2];
        int[] binOf = new int[n];
        int[] binStart = new int[nbins + 1];
        for (int i = 0; i < n; i++) {
            int bx = Math.min(nb[0] - 1, (int) (frac[3 * i] * nb[0]));
            int by = Math.min(nb[1] - 1, (int) (frac[3 * i + 1] * nb[1]));
            int bz = Math.min(nb[2] - 1, (int) (frac[3 * i + 2] * nb[2]));
            binOf[i] = (bx * nb[1] + by) * nb[2] + bz;
            binStart[binOf[i] + 1]++;
        }
        for (int b = 0; b < nbins; b++) {
            binStart[b + 1] += binStart[b];
        }
        int[] binAtoms = new int[n];
        int[] fill = Arrays.copyOf(binStart, nbins);
        for (int i = 0; i < n; i++) {
            binAtoms[fill[binOf[i]]++] = i;
        }

        double rc2 = cutoff * cutoff;
        int[] offsets = new int[n + 1];
        Growable out = new Growable(Math.max(16, n * 32));
        for (int i = 0; i < n; i++) {
            int b = binOf[i];
            int bx = b / (nb[1] * nb[2]);
            int by = (b / nb[2]) % nb[1];
            int bz = b % nb[2];
            double xi = wrapped[3 * i];
            double yi = wrapped[3 * i + 1];
            double zi = wrapped[3 * i + 2];
            for (int dx = -reach[0]; dx <= reach[0]; dx++) {
                int tx = bx + dx;
                int sx = Math.floorDiv(tx, nb[0]);
                tx -= sx * nb[0];
                for (int dy = -reach[1]; dy <= reach[1]; dy++) {
                    int ty = by + dy;
                    int sy = Math.floorDiv(ty, nb[1]);
                    ty -= sy * nb[1];
                    for (int dz = -reach[2]; dz <= reach[2]; dz++) {
                        int tz = bz + dz;
                        int sz = Math.floorDiv(tz, nb[2]);
                        tz -= sz * nb[2];
                        double shx = sx * m[0] + sy * m[3] + sz * m[6];
                        double shy = sx * m[1] + sy * m[4] + sz * m[7];
                        double shz = sx * m[2] + sy * m[5] + sz * m[8];
                        boolean zeroShift = sx == 0 && sy == 0 && sz == 0;
                        int tb = (tx * nb[1] + ty) * nb[2] + tz;
                        for (int q = binStart[tb]; q < binStart[tb + 1]; q++) {
                            int j = binAtoms[q];
                            if (j == i && zeroShift) {
                                continue;
                            }
                            if (half && !keepInHalf(i, j, sx, sy, sz)) {
                                continue;
                            }
                            double vx = wrapped[3 * j] + shx - xi;
                            double vy = wrapped[3 * j + 1] + shy - yi;
                            double vz = wrapped[3 * j + 2] + shz - zi;
                            double r2 = vx * vx + vy * vy + vz * vz;
                            if (r2 < rc2) {
                                // the image shift relative to the caller's (unwrapped) positions
                                out.add(j, sx - wrapOffset[3 * j] + wrapOffset[3 * i],
                                        sy - wrapOffset[3 * j + 1] + wrapOffset[3 * i + 1],
                                        sz - wrapOffset[3 * j + 2] + wrapOffset[3 * i + 2], vx, vy, vz, Math.sqrt(r2));
                            }
                        }
                    }
                }
            }
            offsets[i + 1] = out.size;
        }
        return new NeighborList(n, cutoff, offsets, out.trimmedIndices(), out.trimmedShifts(), out.trimmedVectors(),
                out.trimmedDistances(), m);
    }

    /** Keeps one of (i,j,S) and (j,i,−S). */
    private static boolean keepInHalf(int i, int j, int sx, int sy, int sz) {
        if (j != i) {
            return j > i;
        }
        if (sx != 0) {
            return sx > 0;
        }
        if (sy != 0) {
            return sy > 0;
        }
        return sz > 0;
    }

    /**
     * The cell used for binning. Periodic axes keep their vector; a non-periodic axis gets its vector stretched so
     * that no image along it can come within the cutoff; a structure without a cell gets a padded bounding box.
     */
    static Lattice effectiveCell(Structure s, double cutoff) {
        double[] pos = s.positions();
        int n = s.size();
        if (!s.hasLattice()) {
            double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    lo[k] = Math.min(lo[k], pos[3 * i + k]);
                    hi[k] = Math.max(hi[k], pos[3 * i + k]);
                }
            }
            return Lattice.orthorhombic(hi[0] - lo[0] + 2 * cutoff + 1, hi[1] - lo[1] + 2 * cutoff + 1,
                    hi[2] - lo[2] + 2 * cutoff + 1);
        }
        Lattice cell = s.lattice();
        if (s.isFullyPeriodic()) {
            return cell;
        }
        double[] m = cell.matrix();
        double[] f = new double[3];
        for (int k = 0; k < 3; k++) {
            if (s.isPeriodic(k)) {
                continue;
            }
            double fmin = Double.MAX_VALUE;
            double fmax = -Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                cell.toFractional(pos, 3 * i, f, 0);
                fmin = Math.min(fmin, f[k]);
                fmax = Math.max(fmax, f[k]);
            }
            double width = cell.perpendicularWidth(k);
            double needed = (fmax - fmin) * width + cutoff + 1.0;
            double scale = Math.max(1.0, needed / width);
            for (int c = 0; c < 3; c++) {
                m[3 * k + c] *= scale;
            }
        }
        return Lattice.fromVectors(m);
    }

    /** Primitive growable storage so the build allocates nothing per pair. */
    private static final class Growable {
        int size;
        int[] idx;
        int[] shift;
        double[] vec;
        double[] dist;

        Growable(int capacity) {
            idx = new int[capacity];
            shift = new int[3 * capacity];
            vec = new double[3 * capacity];
            dist = new double[capacity];
        }

        void add(int j, int s0, int s1, int s2, double x, double y, double z, double r) {
            if (size == idx.length) {
                int cap = idx.length * 2;
                idx = Arrays.copyOf(idx, cap);
                shift = Arrays.copyOf(shift, 3 * cap);
                vec = Arrays.copyOf(vec, 3 * cap);
                dist = Arrays.copyOf(dist, cap);
            }
            idx[size] = j;
            shift[3 * size] = s0;
            shift[3 * size + 1] = s1;
            shift[3 * size + 2] = s2;
            vec[3 * size] = x;
            vec[3 * size + 1] = y;
            vec[3 * size + 2] = z;
            dist[size] = r;
            size++;
        }

        int[] trimmedIndices() {
            return Arrays.copyOf(idx, size);
        }

        int[] trimmedShifts() {
            return Arrays.copyOf(shift, 3 * size);
        }

        double[] trimmedVectors() {
            return Arrays.copyOf(vec, 3 * size);
        }

        double[] trimmedDistances() {
            return Arrays.copyOf(dist, size);
        }
    }
}
