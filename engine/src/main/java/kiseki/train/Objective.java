package kiseki.train;

/**
 * A differentiable function to minimise (full batch): the training loss as a function of all network parameters.
 */
@FunctionalInterface
public interface Objective {

    /**
     * The value at {@code x}; writes the gradient into {@code gradient} (same length as x, every entry overwritten).
     * Must not modify {@code x}. May return NaN or ±∞ (or put them into the gradient) where the function is not
     * defined or overflows: the optimisers back off from such points instead of accepting them.
     */
    double evaluate(double[] x, double[] gradient);
}
