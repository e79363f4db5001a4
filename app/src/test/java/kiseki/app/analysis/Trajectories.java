package kiseki.app.analysis;

import kiseki.io.StructureFormats;
import kiseki.io.WriteOptions;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Synthetic trajectories with known answers, written as extxyz the way the MD tab writes them. */
final class Trajectories {

    /** Tracer D of the random walkers (Å²/fs) and the time between their frames (fs). */
    static final double D_TRUE = 0.002;
    static final double DT = 2.0;

    private Trajectories() {
    }

    /** fcc Cu, lattice constant a, reps³ conventional cells. */
    static Structure fcc(double a, int reps) {
        Element[] cu = new Element[4];
        Arrays.fill(cu, PeriodicTable.require("Cu"));
        Structure cell = Structure.fromFractional(Lattice.orthorhombic(a, a, a), cu,
                new double[] {0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5});
        return Supercells.transform(cell, new int[][] {{reps, 0, 0}, {0, reps, 0}, {0, 0, reps}});
    }

    /** {@code frames} identical fcc frames (a = 4 Å, 2×2×2 cells) with step and time_fs as MdRun writes them. */
    static Path fccFrames(Path file, int frames) throws Exception {
        List<Frame> list = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            Frame frame = new Frame(fcc(4.0, 2));
            frame.info().put("step", Integer.toString(10 * f));
            frame.info().put("time_fs", Double.toString(10.0 * f));
            list.add(frame);
        }
        StructureFormats.require("extxyz").write(file, list, WriteOptions.DEFAULT);
        return file;
    }

    /**
     * Rock-salt LiS-type frames (Li on fcc sites, S shifted by a/2 along x; a = 5 Å, 3×3×3 cells) with every atom
     * jittered by a Gaussian of {@code jitter} Å per direction: each ion has 6 unlike nearest neighbours at 2.5 Å
     * and 12 like ones at 3.54 Å.
     */
    static Path rockSaltFrames(Path file, int frames, double jitter, long seed) throws Exception {
        double a = 5.0;
        Structure li = fcc(a, 3);
        int half = li.size();
        Element[] sp = new Element[2 * half];
        double[] ideal = new double[6 * half];
        for (int i = 0; i < half; i++) {
            sp[i] = PeriodicTable.require("Li");
            sp[half + i] = PeriodicTable.require("S");
            for (int c = 0; c < 3; c++) {
                ideal[3 * i + c] = li.positions()[3 * i + c];
                ideal[3 * (half + i) + c] = ideal[3 * i + c] + (c == 0 ? a / 2 : 0);
            }
        }
        Random rnd = new Random(seed);
        List<Frame> list = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double[] x = ideal.clone();
            for (int k = 0; k < x.length; k++) {
                x[k] += jitter * rnd.nextGaussian();
            }
            Frame frame = new Frame(new Structure(li.lattice(), sp, x));
            frame.info().put("step", Integer.toString(10 * f));
            frame.info().put("time_fs", Double.toString(10.0 * f));
            list.add(frame);
        }
        StructureFormats.require("extxyz").write(file, list, WriteOptions.DEFAULT);
        return file;
    }

    /**
     * Li random walkers (D_TRUE, unwrapped) among fixed S atoms in a cubic box, frames DT apart; Li displacements
     * from the start are multiplied by {@code scale} (so D scales exactly by scale²).
     */
    static Path walkers(Path file, long seed, int li, int s, double box, int frames, double scale) throws Exception {
        Random rnd = new Random(seed);
        int n = li + s;
        Element[] sp = new Element[n];
        double[] start = new double[3 * n];
        for (int i = 0; i < n; i++) {
            sp[i] = PeriodicTable.require(i < li ? "Li" : "S");
            for (int c = 0; c < 3; c++) {
                start[3 * i + c] = rnd.nextDouble() * box;
            }
        }
        double[] walk = new double[3 * li];
        double step = Math.sqrt(2 * D_TRUE * DT);
        List<Frame> list = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double[] x = start.clone();
            for (int k = 0; k < walk.length; k++) {
                x[k] += scale * walk[k];
            }
            Frame frame = new Frame(new Structure(Lattice.orthorhombic(box, box, box), sp, x));
            frame.info().put("step", Integer.toString(f));
            frame.info().put("time_fs", Double.toString(f * DT));
            list.add(frame);
            for (int k = 0; k < walk.length; k++) {
                walk[k] += step * rnd.nextGaussian();
            }
        }
        StructureFormats.require("extxyz").write(file, list, WriteOptions.DEFAULT);
        return file;
    }
}
