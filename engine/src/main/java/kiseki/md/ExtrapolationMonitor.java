package kiseki.md;

import kiseki.potential.ExtrapolationAware;
import kiseki.potential.Potential;

/** Reads the extrapolation count of the potential after each evaluation and keeps the run's summary. */
final class ExtrapolationMonitor {

    private final ExtrapolationAware potential;
    private final boolean available;
    private long checked;
    private long extrapolating;
    private int maxAtoms;
    private long firstStep = -1;

    ExtrapolationMonitor(Potential potential) {
        this.potential = potential instanceof ExtrapolationAware x ? x : null;
        this.available = this.potential != null && this.potential.hasTrainingRange();
    }

    /** Atoms outside the training range in the potential's last evaluation, −1 when the potential cannot tell. */
    static int atoms(Potential potential) {
        return potential instanceof ExtrapolationAware x && x.hasTrainingRange() ? x.lastExtrapolatingAtoms() : -1;
    }

    /** Records the configuration just evaluated (at MD step {@code step}). */
    void observe(long step) {
        if (!available) {
            return;
        }
        int atoms = potential.lastExtrapolatingAtoms();
        checked++;
        if (atoms > 0) {
            if (extrapolating == 0) {
                firstStep = step;
            }
            extrapolating++;
            maxAtoms = Math.max(maxAtoms, atoms);
        }
    }

    /** Null for a potential that knows nothing of a training range (e.g. Lennard-Jones). */
    ExtrapolationSummary summary() {
        return potential == null ? null
                : new ExtrapolationSummary(available, checked, extrapolating, maxAtoms, firstStep);
    }
}
