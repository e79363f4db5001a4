package kiseki.train;

/**
 * A loss that is an average over samples (training frames), evaluated on mini-batches for {@link Adam}.
 */
public interface StochasticObjective {

    /** Number of samples; mini-batches are index sets into 0 .. sampleCount()−1. */
    int sampleCount();

    /**
     * The loss of the mini-batch {@code indices[from .. to-1]} at {@code x} (normally the mean over the batch, so
     * that the learning rate does not depend on the batch size); writes its gradient into {@code gradient}
     * (overwrites every entry). Must not modify {@code x} or {@code indices}.
     */
    double evaluate(double[] x, int[] indices, int from, int to, double[] gradient);
}
