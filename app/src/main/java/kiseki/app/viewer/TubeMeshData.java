package kiseki.app.viewer;

import java.util.Arrays;

/**
 * Open cylinders (bonds, half-bonds, cell edges) merged into one JavaFX {@code TriangleMesh} layout with
 * {@code VertexFormat.POINT_NORMAL_TEXCOORD}. Each segment is a prism of {@code sides} faces; its texcoord index is
 * its colour (the caller's palette). Arrays grow as needed and are reused, so refreshing segments allocates nothing
 * once the capacity has been reached; {@link #facesChanged()} says whether the face array (segment count or colours)
 * differs from the last time the caller acknowledged it.
 */
public final class TubeMeshData {

    private final int sides;
    private final double radius;
    private final double[] cos;
    private final double[] sin;
    private int count;
    private float[] points = new float[0];
    private float[] normals = new float[0];
    private int[] faces = new int[0];
    private int[] colours = new int[0];
    private boolean facesChanged = true;

    public TubeMeshData(int sides, double radius) {
        if (sides < 3) {
            throw new IllegalArgumentException("a tube needs at least 3 sides, got " + sides);
        }
        this.sides = sides;
        this.radius = radius;
        cos = new double[sides];
        sin = new double[sides];
        for (int j = 0; j < sides; j++) {
            cos[j] = Math.cos(2 * Math.PI * j / sides);
            sin[j] = Math.sin(2 * Math.PI * j / sides);
        }
    }

    /** Sets the number of segments (keeps the first ones' data); call {@link #set} for each afterwards. */
    public void resize(int segments) {
        if (segments != count) {
            facesChanged = true;
        }
        if (segments > colours.length) {
            int cap = Math.max(segments, colours.length + colours.length / 2);
            points = Arrays.copyOf(points, 6 * sides * cap);
            normals = Arrays.copyOf(normals, 3 * sides * cap);
            faces = Arrays.copyOf(faces, 18 * sides * cap);
            int old = colours.length;
            colours = Arrays.copyOf(colours, cap);
            Arrays.fill(colours, old, cap, -1);
        }
        count = segments;
    }

    /** Segment k runs from (x0, y0, z0) to (x1, y1, z1) in colour (texcoord index) {@code colour}. */
    public void set(int k, double x0, double y0, double z0, double x1, double y1, double z1, int colour) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double dz = z1 - z0;
        double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (len < 1e-12) {
            dx = 0;
            dy = 0;
            dz = 1;
            len = 1;
        }
        dx /= len;
        dy /= len;
        dz /= len;
        // u = d × h ⟂ d, with h the x axis (or y when d is nearly along x); w = d × u: (u, w, d) is right-handed
        double hx = Math.abs(dx) < 0.9 ? 1 : 0;
        double hy = 1 - hx;
        double ux = -dz * hy;
        double uy = dz * hx;
        double uz = dx * hy - dy * hx;
        double ul = Math.sqrt(ux * ux + uy * uy + uz * uz);
        ux /= ul;
        uy /= ul;
        uz /= ul;
        double wx = dy * uz - dz * uy;
        double wy = dz * ux - dx * uz;
        double wz = dx * uy - dy * ux;
        int p = 6 * sides * k;
        int n = 3 * sides * k;
        for (int j = 0; j < sides; j++) {
            double nx = cos[j] * ux + sin[j] * wx;
            double ny = cos[j] * uy + sin[j] * wy;
            double nz = cos[j] * uz + sin[j] * wz;
            normals[n + 3 * j] = (float) nx;
            normals[n + 3 * j + 1] = (float) ny;
            normals[n + 3 * j + 2] = (float) nz;
            points[p + 3 * j] = (float) (x0 + radius * nx);
            points[p + 3 * j + 1] = (float) (y0 + radius * ny);
            points[p + 3 * j + 2] = (float) (z0 + radius * nz);
            points[p + 3 * (sides + j)] = (float) (x1 + radius * nx);
            points[p + 3 * (sides + j) + 1] = (float) (y1 + radius * ny);
            points[p + 3 * (sides + j) + 2] = (float) (z1 + radius * nz);
        }
        if (colours[k] != colour || facesChanged) {
            colours[k] = colour;
            writeFaces(k, colour);
            facesChanged = true;
        }
    }

    private void writeFaces(int k, int colour) {
        int f = 18 * sides * k;
        int ring0 = 2 * sides * k;
        int ring1 = ring0 + sides;
        int normal0 = sides * k;
        for (int j = 0; j < sides; j++) {
            int jn = (j + 1) % sides;
            // (r0[j], r0[j+1], r1[j]) and (r1[j], r0[j+1], r1[j+1]): counter-clockwise seen from outside
            f = vertex(f, ring0 + j, normal0 + j, colour);
            f = vertex(f, ring0 + jn, normal0 + jn, colour);
            f = vertex(f, ring1 + j, normal0 + j, colour);
            f = vertex(f, ring1 + j, normal0 + j, colour);
            f = vertex(f, ring0 + jn, normal0 + jn, colour);
            f = vertex(f, ring1 + jn, normal0 + jn, colour);
        }
    }

    private int vertex(int f, int point, int normal, int texcoord) {
        faces[f] = point;
        faces[f + 1] = normal;
        faces[f + 2] = texcoord;
        return f + 3;
    }

    /** Whether faces changed since the last {@link #acknowledgeFaces()}. */
    public boolean facesChanged() {
        return facesChanged;
    }

    /** The caller has uploaded the current faces. */
    public void acknowledgeFaces() {
        facesChanged = false;
    }

    public int segmentCount() {
        return count;
    }

    public int sides() {
        return sides;
    }

    public double radius() {
        return radius;
    }

    /** Points in use: {@code 3 × pointCount()} leading entries of {@link #points()}. */
    public int pointCount() {
        return 2 * sides * count;
    }

    public int normalCount() {
        return sides * count;
    }

    public int triangleCount() {
        return 2 * sides * count;
    }

    /** Vertex coordinates (the live array; may be longer than in use). */
    public float[] points() {
        return points;
    }

    /** Unit normals (the live array; may be longer than in use). */
    public float[] normals() {
        return normals;
    }

    /** Point/normal/texcoord index triples, 9 per triangle (the live array; may be longer than in use). */
    public int[] faces() {
        return faces;
    }
}
