package kiseki.app.viewer;

/**
 * The merged triangle mesh of all atoms of one element: one scaled copy of the sphere template per atom, laid out
 * for a JavaFX {@code TriangleMesh} with {@code VertexFormat.POINT_NORMAL_TEXCOORD} (faces are
 * point/normal/texcoord index triples). Normals are the template's, shared by every atom, so moving atoms only
 * rewrites {@link #points()}: no normals, faces or scene-graph nodes change.
 */
public final class AtomMeshData {

    private final SphereTemplate template;
    private final int[] atoms;
    private final float radius;
    private final float[] points;
    private final int[] faces;

    /**
     * @param template  unit sphere
     * @param atoms     structure indices of the atoms in this mesh (the mesh keeps this array)
     * @param radius    sphere radius (Å)
     * @param positions display positions of all atoms of the structure, 3 per atom
     */
    public AtomMeshData(SphereTemplate template, int[] atoms, double radius, double[] positions) {
        this.template = template;
        this.atoms = atoms;
        this.radius = (float) radius;
        int nv = template.vertexCount();
        int[] tri = template.triangles();
        this.points = new float[3 * nv * atoms.length];
        this.faces = new int[9 * tri.length / 3 * atoms.length];
        int f = 0;
        for (int a = 0; a < atoms.length; a++) {
            int base = a * nv;
            for (int vertex : tri) {
                faces[f++] = base + vertex;
                faces[f++] = vertex;
                faces[f++] = 0;
            }
        }
        update(positions);
    }

    /** Moves every sphere to its atom's position in {@code positions} (3 per atom of the structure), in place. */
    public void update(double[] positions) {
        float[] unit = template.vertices();
        int nv = template.vertexCount();
        int p = 0;
        for (int atom : atoms) {
            float x = (float) positions[3 * atom];
            float y = (float) positions[3 * atom + 1];
            float z = (float) positions[3 * atom + 2];
            for (int v = 0; v < nv; v++) {
                points[p++] = x + radius * unit[3 * v];
                points[p++] = y + radius * unit[3 * v + 1];
                points[p++] = z + radius * unit[3 * v + 2];
            }
        }
    }

    /** Structure indices of the atoms in this mesh, in mesh order. */
    public int[] atoms() {
        return atoms;
    }

    public double radius() {
        return radius;
    }

    /** Vertex coordinates, 3 per vertex, {@code template vertices × atoms} vertices; the live array. */
    public float[] points() {
        return points;
    }

    /** Unit normals (the template's vertices); the live array. */
    public float[] normals() {
        return template.vertices();
    }

    /** Point/normal/texcoord index triples, 9 per triangle; the live array. */
    public int[] faces() {
        return faces;
    }

    /** Structure index of the atom that mesh triangle {@code face} belongs to. */
    public int atomOfFace(int face) {
        return atoms[face / template.triangleCount()];
    }
}
