package kiseki.descriptor;

import java.util.List;

/**
 * A descriptor's definition, stored in potential files and exported to ffield.sannp.
 *
 * @param type          "chebyshev" or "behler"
 * @param radial        Chebyshev: number of radial functions; Behler: ignored (see {@code radialParams})
 * @param angular       Chebyshev: number of angular functions; Behler: ignored
 * @param rcutRadial    radial cutoff (Å)
 * @param rcutAngular   angular cutoff (Å)
 * @param cutoffFunction "tanh" (default: tanh³(1 − r/Rc)) or "cosine"
 * @param weighting     "element" (default: radial weight Z_j, angular √(Z_j Z_k), one block for any number of
 *                      elements) or "blocks" (one block per neighbour element / element pair)
 * @param angleArgument Chebyshev only: "angle" (default, NeuralMD: T_n(2θ/π − 1)) or "cos" (aenet: T_n(cos θ))
 * @param behlerNarrow  Behler only: true = narrow G3 with the r_jk terms, false = wide G4
 * @param radialParams  Behler only: per radial function {eta (Å⁻²), rs (Å)}
 * @param angularParams Behler only: per angular function {eta (Å⁻²), zeta, rs (Å)}; each gives λ = +1 and −1
 */
public record DescriptorSpec(String type, int radial, int angular, double rcutRadial, double rcutAngular,
        String cutoffFunction, String weighting, String angleArgument, boolean behlerNarrow,
        List<double[]> radialParams, List<double[]> angularParams) {

    /** The seed's LGPS setting: 50 radial + 30 angular Chebyshev functions, 6 Å, element-weighted, tanh cutoff. */
    public static DescriptorSpec chebyshev(int radial, int angular, double rcut) {
        return new DescriptorSpec("chebyshev", radial, angular, rcut, rcut, "tanh", "element", "angle", false,
                List.of(), List.of());
    }

    /** Same definition (records compare arrays by identity, so the parameter lists are compared by content). */
    public boolean sameAs(DescriptorSpec o) {
        return o != null && type.equals(o.type) && radial == o.radial && angular == o.angular
                && rcutRadial == o.rcutRadial && rcutAngular == o.rcutAngular
                && java.util.Objects.equals(cutoffFunction, o.cutoffFunction)
                && java.util.Objects.equals(weighting, o.weighting)
                && java.util.Objects.equals(angleArgument, o.angleArgument) && behlerNarrow == o.behlerNarrow
                && java.util.Arrays.deepEquals(radialParams.toArray(), o.radialParams.toArray())
                && java.util.Arrays.deepEquals(angularParams.toArray(), o.angularParams.toArray());
    }
}
