package kiseki.dft;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import kiseki.structure.Lattice;

import java.util.List;
import java.util.Locale;

/**
 * The Brillouin-zone sampling of a pw.x calculation: the Γ point only ({@code K_POINTS gamma}), an explicit
 * Monkhorst–Pack mesh, or a mesh derived from a k-point spacing so that cells of any size get the same density.
 *
 * <p>Spacing convention (the same as ASE's {@code kspacing} and VASP's {@code KSPACING}): with reciprocal vectors
 * {@code b_i} WITHOUT the factor 2π ({@code |b_i| = 1 / w_i}, {@code w_i} the perpendicular width of the cell along
 * {@code i}), {@code n_i = max(1, ceil(2π |b_i| / spacing))}, spacing in Å⁻¹. Examples: diamond-Si cube a = 5.43 Å with
 * 0.6 Å⁻¹ → 2×2×2, with 0.3 Å⁻¹ → 4×4×4; LGPS (a = 8.79 Å, c = 12.66 Å) with 0.3 Å⁻¹ → 3×3×2. A mesh of 1×1×1 is
 * written as {@code K_POINTS automatic 1 1 1 0 0 0} (the same physics as {@code gamma}, without pw.x's Γ-only
 * algorithms, so that the numbers do not depend on which path was taken).
 *
 * @param mode    GAMMA, MESH or SPACING
 * @param mesh    MESH: three positive numbers; null otherwise
 * @param spacing SPACING: the k-point spacing in Å⁻¹ (2π included); null otherwise
 * @param shift   MESH and SPACING: three offsets, each 0 or 1 (half a grid step); null for GAMMA
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"mode", "mesh", "spacing", "shift"})
public record KPoints(Mode mode, List<Integer> mesh, Double spacing, List<Integer> shift) {

    /** How the mesh is given. */
    public enum Mode {
        @JsonProperty("gamma") GAMMA,
        @JsonProperty("mesh") MESH,
        @JsonProperty("spacing") SPACING
    }

    /** The largest mesh size accepted along one direction (a typo guard: 1000 k-points along a line is not real). */
    public static final int MAX_DIVISIONS = 200;

    private static final List<Integer> NO_SHIFT = List.of(0, 0, 0);

    @JsonCreator
    public KPoints(@JsonProperty("mode") Mode mode, @JsonProperty("mesh") List<Integer> mesh,
            @JsonProperty("spacing") Double spacing, @JsonProperty("shift") List<Integer> shift) {
        if (mode == null) {
            throw new IllegalArgumentException("k-points need a mode: gamma, mesh or spacing");
        }
        switch (mode) {
            case GAMMA -> {
                if (mesh != null || spacing != null) {
                    throw new IllegalArgumentException("k-points 'gamma' take no mesh and no spacing");
                }
                if (shift != null && !shift.equals(NO_SHIFT)) {
                    throw new IllegalArgumentException("k-points 'gamma' take no shift");
                }
                shift = null;
            }
            case MESH -> {
                if (spacing != null) {
                    throw new IllegalArgumentException("k-points 'mesh' take a mesh, not a spacing");
                }
                if (mesh == null || mesh.size() != 3 || mesh.stream().anyMatch(n -> n == null || n < 1
                        || n > MAX_DIVISIONS)) {
                    throw new IllegalArgumentException("a k-point mesh needs 3 whole numbers from 1 to "
                            + MAX_DIVISIONS + ", got " + mesh);
                }
                mesh = List.copyOf(mesh);
                shift = checkShift(shift);
            }
            case SPACING -> {
                if (mesh != null) {
                    throw new IllegalArgumentException("k-points 'spacing' take a spacing, not a mesh");
                }
                if (spacing == null || !(spacing >= 0.01) || !Double.isFinite(spacing)) {
                    throw new IllegalArgumentException("a k-point spacing must be at least 0.01 Å⁻¹, got "
                            + spacing);
                }
                shift = checkShift(shift);
            }
        }
        this.mode = mode;
        this.mesh = mesh;
        this.spacing = spacing;
        this.shift = shift;
    }

    private static List<Integer> checkShift(List<Integer> shift) {
        if (shift == null) {
            return NO_SHIFT;
        }
        if (shift.size() != 3 || shift.stream().anyMatch(v -> v == null || v != 0 && v != 1)) {
            throw new IllegalArgumentException("a k-point shift needs 3 numbers, each 0 or 1, got " + shift);
        }
        return List.copyOf(shift);
    }

    /** The Γ point only ({@code K_POINTS gamma}). */
    public static KPoints gamma() {
        return new KPoints(Mode.GAMMA, null, null, null);
    }

    /** An unshifted n1 × n2 × n3 Monkhorst–Pack mesh. */
    public static KPoints mesh(int n1, int n2, int n3) {
        return new KPoints(Mode.MESH, List.of(n1, n2, n3), null, null);
    }

    /** An n1 × n2 × n3 mesh with offsets (each 0 or 1). */
    public static KPoints mesh(int n1, int n2, int n3, int s1, int s2, int s3) {
        return new KPoints(Mode.MESH, List.of(n1, n2, n3), null, List.of(s1, s2, s3));
    }

    /** An unshifted mesh from a spacing in Å⁻¹ (see the class comment for the convention). */
    public static KPoints spacing(double spacing) {
        return new KPoints(Mode.SPACING, null, spacing, null);
    }

    /** Whether only the Γ point is used. */
    @JsonIgnore
    public boolean isGamma() {
        return mode == Mode.GAMMA;
    }

    /** The mesh for a cell: null for GAMMA, the given mesh for MESH, the derived mesh for SPACING. */
    public int[] meshFor(Lattice lattice) {
        return switch (mode) {
            case GAMMA -> null;
            case MESH -> new int[] {mesh.get(0), mesh.get(1), mesh.get(2)};
            case SPACING -> meshForSpacing(lattice, spacing);
        };
    }

    /** The shift as an array (zeros for GAMMA). */
    public int[] shiftArray() {
        List<Integer> s = shift == null ? NO_SHIFT : shift;
        return new int[] {s.get(0), s.get(1), s.get(2)};
    }

    /**
     * {@code n_i = max(1, ceil(2π / (w_i · spacing)))} with {@code w_i} the perpendicular width of the cell
     * ({@code 1/w_i = |b_i|}, reciprocal vectors without 2π). A value within 1e-9 of a whole number is taken as that
     * number, so that rounding noise in the cell does not add a k-point.
     */
    public static int[] meshForSpacing(Lattice lattice, double spacing) {
        if (!(spacing > 0) || !Double.isFinite(spacing)) {
            throw new IllegalArgumentException("the k-point spacing must be a positive number of Å⁻¹, got "
                    + spacing);
        }
        int[] n = new int[3];
        for (int i = 0; i < 3; i++) {
            double x = 2 * Math.PI / (lattice.perpendicularWidth(i) * spacing);
            n[i] = (int) Math.max(1, Math.min(MAX_DIVISIONS, Math.ceil(x - 1e-9)));
        }
        return n;
    }

    /** For people: "Γ only", "4×4×4", "spacing 0.3 Å⁻¹", with a shift when there is one. */
    public String describe() {
        String s = switch (mode) {
            case GAMMA -> "Γ only";
            case MESH -> mesh.get(0) + "×" + mesh.get(1) + "×" + mesh.get(2);
            case SPACING -> String.format(Locale.ROOT, "spacing %s Å⁻¹", PwInput.fortran(spacing));
        };
        return shift != null && !shift.equals(NO_SHIFT) ? s + " shifted " + shift : s;
    }
}
