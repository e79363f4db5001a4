package kiseki.potential;

/**
 * A potential that knows the range of configurations it was trained on and counts, in every
 * {@link Potential#compute compute} call, the atoms whose environment lies outside it. MD and Monte Carlo drivers
 * read the counts after each evaluation without knowing what kind of potential it is.
 */
public interface ExtrapolationAware {

    /** Whether the counts are available (false, e.g., for a model file written before the range was stored). */
    boolean hasTrainingRange();

    /** Atoms of the last compute call with at least one descriptor value outside the training range (0 if unknown). */
    int lastExtrapolatingAtoms();

    /** Descriptor values of the last compute call outside the training range, over all atoms (0 if unknown). */
    long lastValuesOutside();
}
