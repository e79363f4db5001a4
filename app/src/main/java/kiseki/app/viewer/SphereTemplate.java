package kiseki.app.viewer;

import java.util.HashMap;
import java.util.Map;

/**
 * A unit sphere approximated by a subdivided icosahedron: the template copied (scaled and moved) for every atom.
 * Vertices double as normals because the sphere is centred at the origin with radius 1. Triangles wind
 * counter-clockwise seen from outside: (b − a) × (c − a) points away from the centre.
 */
public final class SphereTemplate {

    private final float[] vertices;
    private final int[] triangles;

    private SphereTemplate(float[] vertices, int[] triangles) {
        this.vertices = vertices;
        this.triangles = triangles;
    }

    /**
     * Icosphere with the given number of subdivisions: 0 → 12 vertices / 20 triangles, 1 → 42 / 80,
     * 2 → 162 / 320, 3 → 642 / 1280.
     */
    public static SphereTemplate icosphere(int subdivisions) {
        if (subdivisions < 0 || subdivisions > 5) {
            throw new IllegalArgumentException("subdivisions must be 0..5, got " + subdivisions);
        }
        double t = (1 + Math.sqrt(5)) / 2;
        double[][] v0 = {
            {-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0},
            {0, -1, t}, {0, 1, t}, {0, -1, -t}, {0, 1, -t},
            {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
        int[] f = {
            0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11,
            1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9,
            4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
        int vertexCount = 10 * (1 << (2 * subdivisions)) + 2;
        double[] v = new double[3 * vertexCount];
        for (int i = 0; i < 12; i++) {
            double len = Math.sqrt(v0[i][0] * v0[i][0] + v0[i][1] * v0[i][1] + v0[i][2] * v0[i][2]);
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] = v0[i][k] / len;
            }
        }
        int[] n = {12};
        for (int level = 0; level < subdivisions; level++) {
            Map<Long, Integer> midpoints = new HashMap<>();
            int[] next = new int[f.length * 4];
            for (int tri = 0; tri < f.length / 3; tri++) {
                int a = f[3 * tri];
                int b = f[3 * tri + 1];
                int c = f[3 * tri + 2];
                int ab = midpoint(a, b, v, n, midpoints);
                int bc = midpoint(b, c, v, n, midpoints);
                int ca = midpoint(c, a, v, n, midpoints);
                int[] four = {a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca};
                System.arraycopy(four, 0, next, 12 * tri, 12);
            }
            f = next;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return new SphereTemplate(out, f);
    }

    private static int midpoint(int a, int b, double[] v, int[] count, Map<Long, Integer> cache) {
        long key = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
        Integer known = cache.get(key);
        if (known != null) {
            return known;
        }
        int m = count[0]++;
        double x = v[3 * a] + v[3 * b];
        double y = v[3 * a + 1] + v[3 * b + 1];
        double z = v[3 * a + 2] + v[3 * b + 2];
        double len = Math.sqrt(x * x + y * y + z * z);
        v[3 * m] = x / len;
        v[3 * m + 1] = y / len;
        v[3 * m + 2] = z / len;
        cache.put(key, m);
        return m;
    }

    public int vertexCount() {
        return vertices.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    /** Unit vertices (= normals), 3 per vertex; the live array, do not change it. */
    public float[] vertices() {
        return vertices;
    }

    /** Vertex indices, 3 per triangle; the live array, do not change it. */
    public int[] triangles() {
        return triangles;
    }
}
