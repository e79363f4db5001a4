package kiseki.md;

import java.util.Locale;

/**
 * What an MD run saw of the potential's extrapolation ({@link kiseki.potential.ExtrapolationAware}): every
 * configuration the integrator evaluated — the start and every step, not only the recorded ones — is checked.
 *
 * @param available           false when the potential cannot tell (e.g. a model file without a training range)
 * @param framesChecked       configurations checked (start + steps)
 * @param framesExtrapolating configurations with at least one atom outside the training range
 * @param maxAtoms            the most atoms outside the range in one configuration
 * @param firstStep           MD step of the first such configuration (−1 if none)
 */
public record ExtrapolationSummary(boolean available, long framesChecked, long framesExtrapolating, int maxAtoms,
        long firstStep) {

    /** Whether the potential extrapolated at least once. */
    public boolean extrapolating() {
        return framesExtrapolating > 0;
    }

    /** One line for the user. */
    public String message() {
        if (!available) {
            return "extrapolation: not checked — the potential has no training range (a model file written before "
                    + "Kiseki stored one: retrain it to get extrapolation warnings)";
        }
        if (framesExtrapolating == 0) {
            return String.format(Locale.ROOT, "extrapolation: none — all %d configurations (every MD step) stayed "
                    + "inside the training range", framesChecked);
        }
        return String.format(Locale.ROOT, "extrapolation: %d of %d configurations (every MD step is checked) had "
                + "atoms outside the training range (at most %d atoms, first at step %d); the potential is "
                + "extrapolating — add such configurations to the training set", framesExtrapolating, framesChecked,
                maxAtoms, firstStep);
    }
}
