package kiseki.app.viewer;

import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;

import java.util.List;

/**
 * Everything the viewer draws, as plain arrays (no JavaFX), so it is built and tested without a screen: one merged
 * sphere mesh per element, one tube mesh of half-bonds, one tube mesh of cell edges, the display positions and
 * atom picking.
 *
 * <p>Atoms are shown wrapped into the cell along periodic axes (a trajectory written unwrapped stays inside the
 * box); the positions reported for a picked atom are the ones given. Each bond is drawn as two half-bonds, each in
 * its atom's colour, from the atom toward the bonded image of its partner: inside the cell the halves meet, and a
 * bond across the boundary shows as a stub leaving the cell on both sides, so the picture inside the cell is
 * complete.
 *
 * <p>{@link #updatePositions(double[])} rewrites the point arrays in place; the bond set is re-selected every time
 * (see {@link BondList}), so bonds form and break as atoms move.
 */
public final class ViewerGeometry {

    /** Atom radius = this × covalent radius in the default ball-and-stick style. */
    public static final double DEFAULT_ATOM_SCALE = 0.4;
    /** Bonded when d &lt; factor · (r_cov,i + r_cov,j). */
    public static final double DEFAULT_BOND_FACTOR = 1.15;
    /** Bond cylinder radius (Å). */
    public static final double BOND_RADIUS = 0.11;
    static final int CELL_SIDES = 6;

    private final Structure structure;
    private final List<Element> elements;
    private final int[] elementOf;
    private final double[] display;
    private final double[] radii;
    private final AtomMeshData[] atomMeshes;
    private final TubeMeshData bondMesh;
    private final TubeMeshData cellMesh;
    private final double[] centre = new double[3];
    private final double extent;
    private BondList bonds;
    private double bondFactor;
    private boolean bondsEnabled = true;

    /**
     * @param source     the structure (copied: the viewer never changes the caller's structure)
     * @param atomScale  sphere radius as a multiple of the covalent radius
     * @param bondFactor f in the bond criterion
     */
    public ViewerGeometry(Structure source, double atomScale, double bondFactor) {
        if (!(atomScale > 0) || !Double.isFinite(atomScale)) {
            throw new IllegalArgumentException("the atom scale must be a positive number, got " + atomScale);
        }
        structure = source.copy();
        int n = structure.size();
        elements = structure.elements();
        elementOf = new int[n];
        radii = new double[n];
        int[] perElement = new int[elements.size()];
        for (int i = 0; i < n; i++) {
            elementOf[i] = elements.indexOf(structure.element(i));
            radii[i] = atomScale * structure.element(i).covalentRadius();
            perElement[elementOf[i]]++;
        }
        display = new double[3 * n];
        wrapForDisplay();
        bondMesh = new TubeMeshData(bondSides(n), BOND_RADIUS);
        SphereTemplate template = SphereTemplate.icosphere(sphereDetail(n));
        atomMeshes = new AtomMeshData[elements.size()];
        for (int e = 0; e < atomMeshes.length; e++) {
            int[] atoms = new int[perElement[e]];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (elementOf[i] == e) {
                    atoms[k++] = i;
                }
            }
            atomMeshes[e] = new AtomMeshData(template, atoms, atomScale * elements.get(e).covalentRadius(), display);
        }
        double extentFromCell = 0;
        if (structure.hasLattice()) {
            double[] m = structure.lattice().matrix();
            for (int c = 0; c < 3; c++) {
                centre[c] = (m[c] + m[3 + c] + m[6 + c]) / 2;
            }
            double[] edges = cellEdges(structure.lattice());
            for (int k = 0; k < edges.length; k += 3) {
                extentFromCell = Math.max(extentFromCell, distanceToCentre(edges, k));
            }
            // thin lines that still show on a large supercell
            cellMesh = new TubeMeshData(CELL_SIDES, Math.min(0.2, Math.max(0.02, 0.004 * extentFromCell)));
            cellMesh.resize(12);
            for (int k = 0; k < 12; k++) {
                cellMesh.set(k, edges[6 * k], edges[6 * k + 1], edges[6 * k + 2], edges[6 * k + 3],
                        edges[6 * k + 4], edges[6 * k + 5], 0);
            }
        } else {
            cellMesh = null;
            if (n > 0) {
                double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
                double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < 3; c++) {
                        lo[c] = Math.min(lo[c], display[3 * i + c]);
                        hi[c] = Math.max(hi[c], display[3 * i + c]);
                    }
                }
                for (int c = 0; c < 3; c++) {
                    centre[c] = (lo[c] + hi[c]) / 2;
                }
            }
        }
        double extentFromAtoms = 0;
        for (int i = 0; i < n; i++) {
            extentFromAtoms = Math.max(extentFromAtoms, distanceToCentre(display, 3 * i) + radii[i]);
        }
        extent = Math.max(1.0, Math.max(extentFromCell, extentFromAtoms));
        setBondFactor(bondFactor);
    }

    /**
     * Facets per sphere by structure size: 320 triangles up to 1,000 atoms, 80 up to 20,000 (at the size a sphere
     * of a supercell is drawn, the difference does not show), 20 beyond. Software OpenGL (Mesa llvmpipe, as in
     * virtual machines and remote desktops) draws a 1,600-atom cell about three times faster with 80.
     */
    static int sphereDetail(int atoms) {
        if (atoms <= 1000) {
            return 2;
        }
        return atoms <= 20000 ? 1 : 0;
    }

    /** Sides of a bond cylinder: 8, or 6 beyond 1,000 atoms. */
    static int bondSides(int atoms) {
        return atoms <= 1000 ? 8 : 6;
    }

    private double distanceToCentre(double[] p, int off) {
        double dx = p[off] - centre[0];
        double dy = p[off + 1] - centre[1];
        double dz = p[off + 2] - centre[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** The 12 edges of the cell spanned by the lattice vectors from the origin, 6 numbers (start, end) per edge. */
    public static double[] cellEdges(Lattice lattice) {
        double[] a = lattice.vector(0);
        double[] b = lattice.vector(1);
        double[] c = lattice.vector(2);
        double[][] corner = new double[8][3];
        for (int k = 0; k < 8; k++) {
            for (int x = 0; x < 3; x++) {
                corner[k][x] = ((k & 1) != 0 ? a[x] : 0) + ((k & 2) != 0 ? b[x] : 0) + ((k & 4) != 0 ? c[x] : 0);
            }
        }
        double[] out = new double[72];
        int e = 0;
        for (int k = 0; k < 8; k++) {
            for (int bit = 1; bit < 8; bit <<= 1) {
                if ((k & bit) == 0) {
                    int other = k | bit;
                    System.arraycopy(corner[k], 0, out, 6 * e, 3);
                    System.arraycopy(corner[other], 0, out, 6 * e + 3, 3);
                    e++;
                }
            }
        }
        return out;
    }

    private void wrapForDisplay() {
        double[] p = structure.positions();
        if (!structure.hasLattice()) {
            System.arraycopy(p, 0, display, 0, p.length);
            return;
        }
        Lattice lattice = structure.lattice();
        boolean[] pbc = structure.pbc();
        double[] f = new double[3];
        for (int i = 0; i < structure.size(); i++) {
            lattice.toFractional(p, 3 * i, f, 0);
            for (int c = 0; c < 3; c++) {
                if (pbc[c]) {
                    f[c] -= Math.floor(f[c]);
                }
            }
            lattice.toCartesian(f, 0, display, 3 * i);
        }
    }

    /**
     * Moves the atoms to new Cartesian positions (3 per atom, Å): rewrites the sphere points in place and re-selects
     * and redraws the bonds.
     *
     * @return whether the set of bonds changed, i.e. the bond mesh's faces must be uploaded again
     */
    public boolean updatePositions(double[] cartesian) {
        if (cartesian.length != 3 * structure.size()) {
            throw new IllegalArgumentException("expected " + 3 * structure.size() + " coordinates ("
                    + structure.size() + " atoms), got " + cartesian.length);
        }
        System.arraycopy(cartesian, 0, structure.positions(), 0, cartesian.length);
        wrapForDisplay();
        for (AtomMeshData mesh : atomMeshes) {
            mesh.update(display);
        }
        return refreshBonds(false);
    }

    /** Finds the bonds again with a new factor f. */
    public void setBondFactor(double factor) {
        bonds = new BondList(structure, factor);
        bondFactor = factor;
        refreshBonds(true);
    }

    /** Bonds are only computed while enabled (the viewer turns them off when they are hidden). */
    public void setBondsEnabled(boolean enabled) {
        if (enabled && !bondsEnabled) {
            bondsEnabled = true;
            refreshBonds(false);
        }
        bondsEnabled = enabled;
    }

    private boolean refreshBonds(boolean fresh) {
        if (!bondsEnabled) {
            return false;
        }
        boolean changed = bonds.update(structure) || fresh;
        int n = bonds.size();
        bondMesh.resize(2 * n);
        for (int k = 0; k < n; k++) {
            int i = bonds.first(k);
            int j = bonds.second(k);
            double hx = bonds.vector(k, 0) / 2;
            double hy = bonds.vector(k, 1) / 2;
            double hz = bonds.vector(k, 2) / 2;
            double xi = display[3 * i];
            double yi = display[3 * i + 1];
            double zi = display[3 * i + 2];
            double xj = display[3 * j];
            double yj = display[3 * j + 1];
            double zj = display[3 * j + 2];
            bondMesh.set(2 * k, xi, yi, zi, xi + hx, yi + hy, zi + hz, elementOf[i]);
            bondMesh.set(2 * k + 1, xj, yj, zj, xj - hx, yj - hy, zj - hz, elementOf[j]);
        }
        return changed || bondMesh.facesChanged();
    }

    /**
     * The atom hit first by the ray {@code origin + t·direction} (t &gt; 0), in structure coordinates, or −1.
     * Spheres are the drawn ones (display positions, scaled radii).
     */
    public int pick(double ox, double oy, double oz, double dx, double dy, double dz) {
        double dd = dx * dx + dy * dy + dz * dz;
        if (!(dd > 0)) {
            return -1;
        }
        int best = -1;
        double bestT = Double.POSITIVE_INFINITY;
        for (int i = 0; i < radii.length; i++) {
            double px = display[3 * i] - ox;
            double py = display[3 * i + 1] - oy;
            double pz = display[3 * i + 2] - oz;
            double along = (px * dx + py * dy + pz * dz) / dd;
            double cx = px - along * dx;
            double cy = py - along * dy;
            double cz = pz - along * dz;
            double miss2 = cx * cx + cy * cy + cz * cz;
            double r2 = radii[i] * radii[i];
            if (miss2 > r2) {
                continue;
            }
            double half = Math.sqrt((r2 - miss2) / dd);
            double t = along - half > 0 ? along - half : along + half; // the exit point when starting inside
            if (t > 0 && t < bestT) {
                bestT = t;
                best = i;
            }
        }
        return best;
    }

    /** The viewer's own copy of the structure (positions follow {@link #updatePositions}). */
    public Structure structure() {
        return structure;
    }

    public AtomInfo atomInfo(int i) {
        return AtomInfo.of(structure, i);
    }

    /** Distinct elements in order of first appearance; mesh and palette index e is element e. */
    public List<Element> elements() {
        return elements;
    }

    /** Number of atoms of element e. */
    public int count(int e) {
        return atomMeshes[e].atoms().length;
    }

    public AtomMeshData atomMesh(int e) {
        return atomMeshes[e];
    }

    public TubeMeshData bondMesh() {
        return bondMesh;
    }

    /** The cell edges, or null for a structure without a cell. */
    public TubeMeshData cellMesh() {
        return cellMesh;
    }

    public BondList bonds() {
        return bonds;
    }

    public double bondFactor() {
        return bondFactor;
    }

    /** Drawn atom positions (wrapped into the cell along periodic axes), 3 per atom; the live array. */
    public double[] displayPositions() {
        return display;
    }

    /** Drawn sphere radius of atom i (Å). */
    public double radius(int i) {
        return radii[i];
    }

    /** The point the view turns around: the cell's centre, or the atoms' bounding-box centre without a cell. */
    public double[] centre() {
        return centre.clone();
    }

    /** Radius (Å, at least 1) around {@link #centre()} that holds the cell and every sphere. */
    public double extent() {
        return extent;
    }
}
