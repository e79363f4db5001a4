package kiseki.descriptor;

import kiseki.structure.Element;

import java.util.List;

/** Makes descriptors from their specification. */
public final class Descriptors {

    private Descriptors() {
    }

    /**
     * The descriptor for {@code spec}. {@code elements} are the potential's elements in model order: required (non
     * empty) for "blocks" weighting, where it fixes the block order; with "element" weighting any element may appear
     * and the list is only recorded.
     */
    public static Descriptor create(DescriptorSpec spec, List<Element> elements) {
        if (spec == null) {
            throw new IllegalArgumentException("no descriptor specification");
        }
        List<Element> els = elements == null ? List.of() : elements;
        String type = spec.type() == null ? "" : spec.type().toLowerCase();
        return switch (type) {
            case "chebyshev" -> new ChebyshevDescriptor(spec, els);
            case "behler" -> new BehlerDescriptor(spec, els);
            default -> throw new IllegalArgumentException("unknown descriptor type '" + spec.type()
                    + "': use 'chebyshev' or 'behler'");
        };
    }

    /**
     * A specification from the few numbers a user gives on the command line: Chebyshev with {@code radial} and
     * {@code angular} functions, or Behler with {@code radial} G2 and {@code angular} (η, ζ, Rs) triples (each gives
     * λ = ±1, so 2·angular functions; wide G4) from {@link BehlerDescriptor#defaultSpec}.
     */
    public static DescriptorSpec spec(String type, int radial, int angular, double rcut) {
        String t = type == null ? "chebyshev" : type.toLowerCase();
        return switch (t) {
            case "chebyshev" -> {
                requireCutoff(rcut, "descriptor");
                if (radial < 0 || angular < 0 || radial + angular == 0) {
                    throw new IllegalArgumentException("a Chebyshev descriptor needs a positive number of "
                            + "functions, got " + radial + " radial and " + angular + " angular");
                }
                yield DescriptorSpec.chebyshev(radial, angular, rcut);
            }
            case "behler" -> BehlerDescriptor.defaultSpec(radial, angular, rcut, false);
            default -> throw new IllegalArgumentException("unknown descriptor type '" + type
                    + "': use 'chebyshev' or 'behler'");
        };
    }

    static void requireCutoff(double rc, String what) {
        if (!(rc > 0) || !Double.isFinite(rc)) {
            throw new IllegalArgumentException("the " + what + " cutoff must be a positive number of Å, got " + rc);
        }
    }
}
