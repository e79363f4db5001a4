package kiseki.nnp;

import kiseki.descriptor.DescriptorSpec;

/** Untrained models for tests in other packages (random weights: enough to run, not to be physical). */
public final class NnpTestModels {

    private NnpTestModels() {
    }

    /** A Li–P–S high-dimensional NNP (no pair term) with random weights, Chebyshev descriptors, 4.5 Å cutoff. */
    public static NnpModel randomHdnnp(long seed) {
        return NnpPotentialTest.randomModel(DescriptorSpec.chebyshev(6, 4, 4.5), 1, false, seed);
    }
}
