package kiseki.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kiseki.dataset.DatasetSplit;
import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.Descriptors;
import kiseki.io.AtomicFiles;
import kiseki.nnp.NnpModel;
import kiseki.nnp.NnpPotential;
import kiseki.potential.PairCoefficients;
import kiseki.potential.PairTerm;
import kiseki.potential.PotentialResult;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A training run as {@code kiseki train} and the workbench's Training tab make it: the command's options with its
 * defaults ({@link Options#DEFAULTS}), the {@link Trainer.Settings} built from them, the files written afterwards
 * (potential, per-epoch log, pair table) and the data a user looks at once it is done (parity of the validation
 * frames, the fitted pair curves φ(r)). Both front ends call these, so they train and write the same way.
 */
public final class TrainingRun {

    /**
     * The options of {@code kiseki train} (see its help for each one's meaning).
     *
     * @param model          "delta" or "hdnnp"
     * @param descriptor     "chebyshev" or "behler"
     * @param radial         radial functions
     * @param angular        angular functions
     * @param rcut           descriptor cutoff (Å); the Δ pair term is shifted to zero at the same cutoff, as
     *                       ffield.sannp requires
     * @param layers         hidden layers
     * @param nodes          nodes per hidden layer
     * @param activation     twtanh, tanh, sigmoid or silu
     * @param optimizer      "lbfgs" or "adam"
     * @param epochs         epochs in all (warm-up included)
     * @param energyEpochs   energy-only warm-up epochs (L-BFGS only; Adam always fits forces)
     * @param forceWeight    β in L = L_E + β·L_F
     * @param validFraction  share of the frames kept for validation
     * @param seed           random seed (split and initial weights)
     * @param ensemble       independently trained members
     * @param patience       stop after this many epochs without a better validation loss (0 = never)
     * @param timeLimit      stop after this long, keeping the best model (null = no limit)
     * @param threads        threads for descriptors and the loss
     * @param learningRate   Adam learning rate
     * @param batch          Adam mini-batch in frames
     * @param checkpointEvery hand a checkpoint to the listener every N epochs (0 = never)
     */
    public record Options(String model, String descriptor, int radial, int angular, double rcut, int layers,
            int nodes, String activation, String optimizer, int epochs, int energyEpochs, double forceWeight,
            double validFraction, long seed, int ensemble, int patience, Duration timeLimit, int threads,
            double learningRate, int batch, int checkpointEvery) {

        /** The defaults of {@code kiseki train} (the seed's LGPS setting; a test keeps the two in step). */
        public static final Options DEFAULTS = new Options("delta", "chebyshev", 50, 30, 6.0, 2, 40, "twtanh",
                "lbfgs", 1000, 250, 0.001, 0.1, 1, 1, 0, null, 2, 0.001, 16, 50);

        /** The descriptor these options define. */
        public DescriptorSpec descriptorSpec() {
            return Descriptors.spec(descriptor, radial, angular, rcut);
        }

        /** Hidden layer widths: {@code layers} layers of {@code nodes}. */
        public List<Integer> hidden() {
            if (layers < 0) {
                throw new IllegalArgumentException("the number of hidden layers cannot be negative, got " + layers);
            }
            if (layers > 0 && nodes < 1) {
                throw new IllegalArgumentException("a hidden layer needs at least one node, got " + nodes);
            }
            return Collections.nCopies(layers, nodes);
        }

        /**
         * The trainer's settings; the energy-only warm-up applies to L-BFGS only.
         *
         * @param resumeFrom weights to start from (a checkpoint or potential trained with the same settings), or null
         * @throws IllegalArgumentException with a message for the user when an option is out of range
         */
        public Trainer.Settings settings(NnpModel resumeFrom) {
            return new Trainer.Settings(model, descriptorSpec(), hidden(), activation, optimizer, epochs,
                    "lbfgs".equals(optimizer) ? energyEpochs : 0, validFraction, seed, ensemble, forceWeight,
                    patience, timeLimit, threads, false, learningRate, batch, resumeFrom, checkpointEvery);
        }
    }

    /**
     * Predicted against reference values of a model on labelled frames.
     *
     * @param set             which frames: "validation" or, without validation frames, "training"
     * @param referenceEnergy reference energy per atom of each frame (eV/atom)
     * @param predictedEnergy the model's energy per atom of each frame (eV/atom)
     * @param referenceForce  every reference force component of every frame (eV/Å)
     * @param predictedForce  the model's force components in the same order (eV/Å)
     */
    public record Parity(String set, double[] referenceEnergy, double[] predictedEnergy, double[] referenceForce,
            double[] predictedForce) {

        public int frames() {
            return referenceEnergy.length;
        }

        /** RMSE of the energy per atom (meV/atom). */
        public double rmseEnergyMevAtom() {
            return rmse(referenceEnergy, predictedEnergy) * 1000;
        }

        /** RMSE of the force components (eV/Å). */
        public double rmseForce() {
            return rmse(referenceForce, predictedForce);
        }

        private static double rmse(double[] a, double[] b) {
            double sum = 0;
            for (int k = 0; k < a.length; k++) {
                sum += (a[k] - b[k]) * (a[k] - b[k]);
            }
            return a.length == 0 ? Double.NaN : Math.sqrt(sum / a.length);
        }
    }

    /** φ(r) of one element pair of the Δ pair term, sampled for a plot. */
    public record PairCurve(String pair, double[] r, double[] phi) {
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingRun() {
    }

    /**
     * Writes what {@code kiseki train} leaves behind: the potential at {@code out}, the log of the first ensemble
     * member as {@code <out>.log.csv} and {@code .log.json}, and for the Δ-NNP the pair curves as
     * {@code <out>.pair.csv}.
     */
    public static void writeFiles(Path out, Trainer.Result result) throws IOException {
        result.model().write(out);
        List<EpochRecord> log = firstLog(result);
        writeLogCsv(sibling(out, ".log.csv"), log);
        byte[] bytes = JSON.writeValueAsBytes(log);
        AtomicFiles.writeBytes(sibling(out, ".log.json"), os -> os.write(bytes));
        NnpModel model = result.model();
        if (!model.pairs().isEmpty()) {
            new PairTerm(model.pairCutoff(), model.pairs()).writeTable(sibling(out, ".pair.csv"));
        }
    }

    /** The log of the first ensemble member (the one reported per epoch). */
    public static List<EpochRecord> firstLog(Trainer.Result result) {
        return result.logs().isEmpty() ? List.of() : result.logs().get(0);
    }

    /** The per-epoch log as CSV ({@link EpochRecord#CSV_HEADER}, one line per epoch). */
    public static void writeLogCsv(Path file, List<EpochRecord> log) throws IOException {
        AtomicFiles.write(file, w -> {
            w.write(EpochRecord.CSV_HEADER + "\n");
            for (EpochRecord r : log) {
                w.write(r.csv() + "\n");
            }
        });
    }

    /** {@code lgps.nnp.json} + ".log.csv" → {@code lgps.log.csv} beside it. */
    public static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        name = name.replaceFirst("\\.json$", "").replaceFirst("\\.nnp$", "");
        return file.toAbsolutePath().resolveSibling(name + suffix);
    }

    /** The frames the trainer held out for validation with these options (the same split it draws). */
    public static List<Frame> validationFrames(List<Frame> frames, Options options) {
        DatasetSplit.Split split = DatasetSplit.split(frames.size(), options.validFraction(), options.seed());
        List<Frame> out = new ArrayList<>();
        for (int i : split.valid()) {
            out.add(frames.get(i));
        }
        return out;
    }

    /**
     * Parity data of {@code model} on the validation frames of {@code options}, or on all frames when there are
     * none held out.
     *
     * @throws CancellationException when {@code cancelled} turns true between frames
     */
    public static Parity parity(NnpModel model, List<Frame> frames, Options options, BooleanSupplier cancelled) {
        List<Frame> valid = validationFrames(frames, options);
        String set = valid.isEmpty() ? "training" : "validation";
        List<Frame> use = valid.isEmpty() ? frames : valid;
        int components = 0;
        for (Frame f : use) {
            components += 3 * f.structure().size();
        }
        double[] refE = new double[use.size()];
        double[] predE = new double[use.size()];
        double[] refF = new double[components];
        double[] predF = new double[components];
        int offset = 0;
        try (NnpPotential potential = new NnpPotential(model, options.threads())) {
            for (int k = 0; k < use.size(); k++) {
                if (cancelled != null && cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled while evaluating the validation frames");
                }
                Frame f = use.get(k);
                Structure s = f.structure();
                PotentialResult r = new PotentialResult(s.size(), true, false, false);
                potential.compute(s, NeighborList.full(s, potential.cutoff()), r);
                refE[k] = f.energy() / s.size();
                predE[k] = r.energy / s.size();
                System.arraycopy(f.forces(), 0, refF, offset, 3 * s.size());
                System.arraycopy(r.forces, 0, predF, offset, 3 * s.size());
                offset += 3 * s.size();
            }
        }
        return new Parity(set, refE, predE, refF, predF);
    }

    /**
     * φ(r) of every element pair of a Δ-NNP from {@code from} up to the pair cutoff (inclusive, where φ = 0) in
     * steps of {@code step} Å; empty for an HDNNP.
     */
    public static List<PairCurve> pairCurves(NnpModel model, double from, double step) {
        double rc = model.pairCutoff();
        if (model.pairs().isEmpty()) {
            return List.of();
        }
        if (!(step > 0) || !(from > 0) || !(from < rc)) {
            throw new IllegalArgumentException("need 0 < from < Rc and step > 0, got from " + from + ", step " + step);
        }
        int points = (int) Math.round(Math.floor((rc - from) / step + 1e-9)) + 1;
        List<PairCurve> out = new ArrayList<>();
        for (PairCoefficients p : model.pairs()) {
            double[] r = new double[points];
            double[] phi = new double[points];
            for (int k = 0; k < points; k++) {
                r[k] = Math.min(rc, from + k * step);
                phi[k] = p.energy(r[k], rc);
            }
            out.add(new PairCurve(p.label(), r, phi));
        }
        return out;
    }
}
