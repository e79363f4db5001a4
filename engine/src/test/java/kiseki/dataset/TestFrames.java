package kiseki.dataset;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small labelled frames with provenance, made up deterministically for the dataset tests. */
final class TestFrames {

    private TestFrames() {
    }

    /** Frame {@code index}: 3 atoms (Li, S, S) in a 5 Å cube, energy −3 − index/100 eV, job_id "job-index". */
    static Frame labelled(int index) {
        SplittableRandom rng = new SplittableRandom(index);
        Element li = PeriodicTable.require("Li");
        Element s = PeriodicTable.require("S");
        double[] x = new double[9];
        double[] f = new double[9];
        for (int k = 0; k < 9; k++) {
            x[k] = 5 * rng.nextDouble();
            f[k] = rng.nextDouble() - 0.5;
        }
        Frame frame = new Frame(new Structure(Lattice.orthorhombic(5, 5, 5), new Element[] {li, s, s}, x));
        frame.setEnergy(-3.0 - index / 100.0);
        frame.setForces(f);
        frame.setStress(new double[] {0.001, 0, 0, 0, 0.002, 0, 0, 0, 0.003});
        frame.info().put("job_id", "job-" + index);
        frame.info().put("qe_version", "6.7");
        frame.info().put("settings_hash", "sha256:ab12");
        frame.info().put("source", "LGPS scan " + index); // with a space: quoted in the file
        return frame;
    }

    static List<Frame> labelled(int from, int to) {
        List<Frame> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(labelled(i));
        }
        return out;
    }
}
