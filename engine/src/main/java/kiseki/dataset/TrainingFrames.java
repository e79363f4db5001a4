package kiseki.dataset;

import kiseki.structure.Frame;
import kiseki.structure.Structure;

/** What makes a frame usable as training data: atoms, finite positions, and a finite energy and forces. */
final class TrainingFrames {

    private TrainingFrames() {
    }

    /** Why the frame cannot be training data, or null when it can. */
    static String problem(Frame frame) {
        Structure s = frame.structure();
        int n = s.size();
        if (n == 0) {
            return "has no atoms";
        }
        if (!frame.hasEnergy()) {
            return "has no energy (a training frame needs its DFT energy)";
        }
        if (!Double.isFinite(frame.energy())) {
            return "has a non-finite energy (" + frame.energy() + ")";
        }
        double[] forces = frame.forces();
        if (forces == null) {
            return "has no forces (a training frame needs its DFT forces)";
        }
        String bad = firstNonFinite(forces, "force");
        if (bad != null) {
            return bad;
        }
        bad = firstNonFinite(s.positions(), "position");
        if (bad != null) {
            return bad;
        }
        double[] stress = frame.stress();
        if (stress != null) {
            for (int k = 0; k < stress.length; k++) {
                if (!Double.isFinite(stress[k])) {
                    return "has a non-finite stress component (" + stress[k] + ")";
                }
            }
        }
        return null;
    }

    private static String firstNonFinite(double[] values, String what) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                return "has a non-finite " + what + " on atom " + (k / 3 + 1) + " (" + "xyz".charAt(k % 3) + " = "
                        + values[k] + ")";
            }
        }
        return null;
    }
}
