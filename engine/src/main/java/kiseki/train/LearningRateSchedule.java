package kiseki.train;

/**
 * Learning rate as a function of the optimiser step (one step = one mini-batch), for {@link Adam}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The rate for step {@code step} (0-based, counted over the optimiser's whole life) of a run planned to end at
     * {@code totalSteps}.
     */
    double rate(long step, long totalSteps);

    /** Always {@code rate}. */
    static LearningRateSchedule constant(double rate) {
        checkPositive(rate, "learning rate");
        return (step, total) -> rate;
    }

    /** initial · factor^(step / decaySteps) (continuous): e.g. factor 0.5 halves the rate every decaySteps. */
    static LearningRateSchedule exponential(double initial, double factor, long decaySteps) {
        checkPositive(initial, "learning rate");
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        }
        if (decaySteps < 1) {
            throw new IllegalArgumentException("decay steps must be positive, got " + decaySteps);
        }
        return (step, total) -> initial * Math.pow(factor, (double) step / decaySteps);
    }

    /**
     * Cosine annealing from {@code initial} at step 0 to {@code minimum} at the last planned step:
     * minimum + ½(initial − minimum)(1 + cos(π·step/(totalSteps − 1))); stays at minimum beyond.
     */
    static LearningRateSchedule cosine(double initial, double minimum) {
        checkPositive(initial, "learning rate");
        if (!(minimum >= 0 && minimum <= initial)) {
            throw new IllegalArgumentException("minimum rate must be in [0, initial], got " + minimum);
        }
        return (step, total) -> {
            if (total <= 1) {
                return initial;
            }
            double t = Math.min(1.0, (double) step / (total - 1));
            return minimum + 0.5 * (initial - minimum) * (1 + Math.cos(Math.PI * t));
        };
    }

    private static void checkPositive(double v, String what) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }
}
