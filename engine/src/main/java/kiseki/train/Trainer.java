package kiseki.train;

import kiseki.dataset.DatasetSplit;
import kiseki.descriptor.Descriptor;
import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.Descriptors;
import kiseki.nnp.Activation;
import kiseki.nnp.Network;
import kiseki.nnp.NnpModel;
import kiseki.nnp.TrainingRange;
import kiseki.potential.PairTerm;
import kiseki.potential.PairTermFit;
import kiseki.potential.PotentialResult;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Structure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains a Δ-NNP or an HDNNP on labelled frames, following the seed (NeuralMD): for the Δ-NNP the 12-10-8-6 pair
 * term and per-element reference energies are fitted FIRST by linear least squares, and the element networks then
 * learn what is left (E_ref − E_C − Σ e_el and F_ref − F_C); for the HDNNP only reference energies are subtracted.
 * Full-batch L-BFGS with an energy-only warm-up (NeuralMD's default), or Adam on mini-batches.
 *
 * <p>Per epoch the errors of the whole model on the training and validation sets are reported; the parameters with
 * the best validation loss are kept (early stopping after {@code patience} epochs without improvement); a time limit
 * and a cancel flag stop cleanly with the best model so far. A non-finite loss never reaches the model: the line
 * search backs off from it, and an epoch that still ends non-finite rolls back to the last good parameters.
 */
public final class Trainer {

    /**
     * Training settings (the CLI's options).
     *
     * @param model            "delta" or "hdnnp"
     * @param energyOnlyEpochs L-BFGS epochs on energies alone before forces join (NeuralMD: 250)
     * @param forceWeight      β in L = L_E + β L_F (energies per atom in eV, forces in eV/Å)
     * @param patience         stop after this many epochs without a better validation loss (0 = never)
     * @param timeLimit        stop after this long (null = no limit)
     * @param threads          threads for descriptors and the loss
     */
    public record Settings(String model, DescriptorSpec descriptor, List<Integer> hidden, String activation,
            String optimizer, int epochs, int energyOnlyEpochs, double validFraction, long seed, int ensemble,
            double forceWeight, int patience, Duration timeLimit, int threads, boolean perFunctionScaling,
            double adamLearningRate, int adamBatchSize, NnpModel resumeFrom, int checkpointEvery) {

        public Settings {
            if (!"delta".equals(model) && !"hdnnp".equals(model)) {
                throw new IllegalArgumentException("--model must be delta or hdnnp, not " + model);
            }
            if (!"lbfgs".equals(optimizer) && !"adam".equals(optimizer)) {
                throw new IllegalArgumentException("--optimizer must be lbfgs or adam, not " + optimizer);
            }
            Activation.byId(activation).orElseThrow(() -> new IllegalArgumentException("unknown activation '"
                    + activation + "' (twtanh, tanh, sigmoid, silu)"));
            if (epochs < 1 || ensemble < 1 || threads < 1) {
                throw new IllegalArgumentException("epochs, ensemble and threads must be at least 1");
            }
            if (!(validFraction >= 0 && validFraction < 1)) {
                throw new IllegalArgumentException("the validation fraction must lie in [0, 1)");
            }
            hidden = List.copyOf(hidden);
        }
    }

    /** Progress callbacks (on the training thread). */
    public interface Listener {
        default void message(String text) {
        }

        /** After every epoch of ensemble member {@code member} (0-based). */
        default void epoch(int member, EpochRecord record) {
        }

        /** Every {@code checkpointEvery} epochs: the model with the best parameters so far (for a checkpoint file). */
        default void checkpoint(NnpModel model) {
        }
    }

    /** What training produced. */
    public record Result(NnpModel model, List<List<EpochRecord>> logs, PairTermFit.Result pairFit, int trainFrames,
            int validFrames, double seconds, String stopReason) {
    }

    private Trainer() {
    }

    public static Result train(List<Frame> frames, Settings s, Listener listener, BooleanSupplier cancelled)
            throws InterruptedException {
        Listener l = listener == null ? new Listener() { } : listener;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        long t0 = System.nanoTime();
        long deadline = s.timeLimit() == null ? Long.MAX_VALUE : t0 + s.timeLimit().toNanos();
        List<Element> elements = elementsOf(frames);

        DatasetSplit.Split split = DatasetSplit.split(frames.size(), s.validFraction(), s.seed());
        List<Frame> train = new ArrayList<>();
        List<Frame> valid = new ArrayList<>();
        for (int i : split.train()) {
            train.add(frames.get(i));
        }
        for (int i : split.valid()) {
            valid.add(frames.get(i));
        }
        l.message(String.format(java.util.Locale.ROOT, "%d frames: %d for training, %d for validation (seed %d)",
                frames.size(), train.size(), valid.size(), s.seed()));

        // the part the networks do not learn
        PairTermFit.Result fit = null;
        PairTerm pairTerm = null;
        Map<String, Double> reference;
        if ("delta".equals(s.model())) {
            fit = PairTermFit.fit(train, s.descriptor().rcutRadial(), PairTermFit.Options.DEFAULT);
            pairTerm = fit.pairTerm();
            reference = fit.referenceEnergies();
            l.message("Δ pair term fitted first:\n" + fit.summary());
        } else {
            reference = PairTermFit.referenceEnergies(train).perElement();
            l.message("reference energies per element: " + reference);
        }
        TrainingData.Baseline baseline = baseline(pairTerm, reference);

        Descriptor descriptor = Descriptors.create(s.descriptor(), elements);
        TrainingData trainData = TrainingData.build(train, descriptor, elements, baseline, s.threads());
        TrainingData validData = TrainingData.build(valid, descriptor, elements, baseline, s.threads());
        l.message(String.format(java.util.Locale.ROOT,
                "descriptors: %d functions per atom, %d training atoms, %.0f MB of stored derivatives",
                descriptor.size(), trainData.atoms(), (trainData.bytes() + validData.bytes()) / 1e6));
        InputScaling scaling = InputScaling.of(trainData.samples(), elements.size(), descriptor.size(),
                s.perFunctionScaling());
        // the range the networks were fitted on: the training split only. Validation frames are never shown to the
        // optimiser, so a validation configuration outside this range is exactly what the warning must flag.
        TrainingRange range = TrainingRange.of(trainData.descriptorStats());

        Activation activation = Activation.byId(s.activation()).orElseThrow();
        int[] hidden = s.hidden().stream().mapToInt(Integer::intValue).toArray();
        List<List<double[]>> members = new ArrayList<>();
        List<List<EpochRecord>> logs = new ArrayList<>();
        String stopReason = "epochs";
        for (int m = 0; m < s.ensemble(); m++) {
            Network[] nets = new Network[elements.size()];
            for (int e = 0; e < nets.length; e++) {
                nets[e] = new Network(descriptor.size(), hidden, activation);
                nets[e].initialise(s.seed() * 1_000_003L + 7919L * m + e, Network.Initialisation.XAVIER);
                // start near zero output, i.e. from the baseline (pair term + reference energies): the networks
                // then learn a correction instead of first undoing large random forces
                int last = nets[e].hiddenLayerCount() + 1;
                for (int k = nets[e].weightOffset(last); k < nets[e].parameterCount(); k++) {
                    nets[e].setParameter(k, nets[e].parameter(k) * 0.1);
                }
            }
            if (s.resumeFrom() != null) {
                resume(s.resumeFrom(), m, nets, elements, s);
            }
            List<EpochRecord> log = new ArrayList<>();
            int member = m;
            List<List<double[]>> done = members;
            PairTerm pairs = pairTerm;
            Map<String, Double> refs = reference;
            java.util.function.Consumer<double[]> checkpoint = best -> {
                if (s.checkpointEvery() > 0) {
                    List<List<double[]>> partial = new ArrayList<>(done);
                    partial.add(split(best, nets));
                    l.checkpoint(model(s, elements, scaling, partial, pairs, refs, Map.of("checkpoint", true),
                            range));
                }
            };
            try (NnpObjective trainObj = new NnpObjective(trainData.samples(), nets, scaling, descriptor.size(),
                    s.forceWeight(), s.threads());
                    NnpObjective validObj = new NnpObjective(validData.samples(), nets, scaling, descriptor.size(),
                            s.forceWeight(), 1)) {
                double[] x = new double[trainObj.parameterCount()];
                trainObj.getParameters(x);
                MemberRun run = new MemberRun(trainObj, validData.samples().isEmpty() ? null : validObj, x, s, t0,
                        deadline, stop, rec -> {
                            log.add(rec);
                            l.epoch(member, rec);
                        }, checkpoint);
                stopReason = "lbfgs".equals(s.optimizer()) ? run.lbfgs() : run.adam();
                trainObj.setParameters(run.best);
                List<double[]> params = new ArrayList<>();
                for (Network n : nets) {
                    params.add(n.parameters());
                }
                members.add(params);
            }
            logs.add(log);
            if (stop.getAsBoolean()) {
                break;
            }
        }

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model", s.model());
        info.put("optimizer", s.optimizer());
        info.put("seed", s.seed());
        info.put("train_frames", train.size());
        info.put("valid_frames", valid.size());
        info.put("force_weight", s.forceWeight());
        info.put("stop_reason", stopReason);
        if (!logs.isEmpty() && !logs.get(0).isEmpty()) {
            EpochRecord last = bestRecord(logs.get(0));
            info.put("epochs", logs.get(0).size());
            info.put("train_rmse_e_mev_atom", last.trainRmseEMevAtom());
            info.put("train_rmse_f_ev_a", last.trainRmseFEvA());
            info.put("valid_rmse_e_mev_atom", last.validRmseEMevAtom());
            info.put("valid_rmse_f_ev_a", last.validRmseFEvA());
        }
        NnpModel model = model(s, elements, scaling, members, pairTerm, reference, info, range);
        return new Result(model, logs, fit, train.size(), valid.size(), (System.nanoTime() - t0) * 1e-9, stopReason);
    }

    private static NnpModel model(Settings s, List<Element> elements, InputScaling scaling,
            List<List<double[]>> members, PairTerm pairTerm, Map<String, Double> reference, Map<String, Object> info,
            TrainingRange range) {
        return new NnpModel(NnpModel.FORMAT_VERSION, "delta".equals(s.model()) ? NnpModel.DELTA : NnpModel.HDNNP,
                s.descriptor(), elements.stream().map(Element::symbol).toList(), s.perFunctionScaling(),
                scaling.mean(), scaling.std(), s.activation(), s.hidden(), members, s.descriptor().rcutRadial(),
                pairTerm == null ? List.of() : pairTerm.pairs(), reference, info, range);
    }

    private static List<double[]> split(double[] x, Network[] nets) {
        List<double[]> out = new ArrayList<>();
        int off = 0;
        for (Network n : nets) {
            out.add(java.util.Arrays.copyOfRange(x, off, off + n.parameterCount()));
            off += n.parameterCount();
        }
        return out;
    }

    /** Starts member m from a checkpoint's weights when the checkpoint has that member and the same architecture. */
    private static void resume(NnpModel from, int m, Network[] nets, List<Element> elements, Settings s) {
        if (m >= from.ensembleSize()) {
            return;
        }
        if (!from.elements().equals(elements.stream().map(Element::symbol).toList())
                || !from.hidden().equals(s.hidden()) || !from.activation().equals(s.activation())
                || !from.descriptor().sameAs(s.descriptor())) {
            throw new IllegalArgumentException("the checkpoint was trained with other elements, descriptor or "
                    + "network (" + from.elements() + ", " + from.hidden() + " " + from.activation()
                    + "); resume with the same settings");
        }
        for (int e = 0; e < nets.length; e++) {
            nets[e].setParameters(from.members().get(m).get(e), 0);
        }
    }

    /** The record with the best validation loss (or the last one without validation). */
    public static EpochRecord bestRecord(List<EpochRecord> log) {
        EpochRecord best = log.get(log.size() - 1);
        for (EpochRecord r : log) {
            if (Double.isFinite(r.validRmseEMevAtom()) && r.phase().equals(best.phase())
                    && validScore(r) < validScore(best)) {
                best = r;
            }
        }
        return best;
    }

    private static double validScore(EpochRecord r) {
        return r.validRmseEMevAtom() * r.validRmseEMevAtom() * 1e-6 + r.validRmseFEvA() * r.validRmseFEvA() * 1e-3;
    }

    static List<Element> elementsOf(List<Frame> frames) {
        List<Element> out = new ArrayList<>();
        for (Frame f : frames) {
            for (Element e : f.structure().elements()) {
                if (!out.contains(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static TrainingData.Baseline baseline(PairTerm pairTerm, Map<String, Double> reference) {
        return (Structure st, kiseki.structure.NeighborList nl, double[] forces) -> {
            double e = 0;
            for (int i = 0; i < st.size(); i++) {
                e += reference.getOrDefault(st.element(i).symbol(), 0.0);
            }
            if (pairTerm != null) {
                PotentialResult r = new PotentialResult(st.size(), true, false, false);
                pairTerm.compute(st, nl, r);
                e += r.energy;
                System.arraycopy(r.forces, 0, forces, 0, forces.length);
            }
            return e;
        };
    }

    /** One ensemble member's optimisation with logging, best-state tracking, warm-up and limits. */
    private static final class MemberRun {
        final NnpObjective train;
        final NnpObjective valid;
        final double[] x;
        final Settings s;
        final long t0;
        final long deadline;
        final BooleanSupplier cancelled;
        final java.util.function.Consumer<EpochRecord> sink;
        final java.util.function.Consumer<double[]> checkpoint;
        double[] best;
        double bestScore = Double.POSITIVE_INFINITY;
        int sinceBest;
        int epoch;
        String reason = "epochs";

        MemberRun(NnpObjective train, NnpObjective valid, double[] x, Settings s, long t0, long deadline,
                BooleanSupplier cancelled, java.util.function.Consumer<EpochRecord> sink,
                java.util.function.Consumer<double[]> checkpoint) {
            this.checkpoint = checkpoint;
            this.train = train;
            this.valid = valid;
            this.x = x;
            this.s = s;
            this.t0 = t0;
            this.deadline = deadline;
            this.cancelled = cancelled;
            this.sink = sink;
            this.best = x.clone();
        }

        /** Logs an epoch; returns false to stop. */
        boolean afterEpoch(double loss, double[] params) {
            epoch++;
            String phase = train.usesForces() ? "energy+forces" : "energy";
            if (!Double.isFinite(loss)) {
                reason = "non-finite loss"; // the caller rolls back to the best parameters and restarts
                return false;
            }
            NnpObjective.Errors tr = train.errors(params);
            NnpObjective.Errors va = valid == null ? null : valid.errors(params);
            EpochRecord rec = new EpochRecord(epoch, (System.nanoTime() - t0) * 1e-9, phase, loss,
                    tr.rmseEnergyPerAtom() * 1000, tr.rmseForce(), va == null ? Double.NaN
                    : va.rmseEnergyPerAtom() * 1000, va == null ? Double.NaN : va.rmseForce());
            sink.accept(rec);
            double score = va == null ? loss : (train.usesForces() ? va.loss() : va.rmseEnergyPerAtom());
            if (score < bestScore || !train.usesForces()) {
                // during the warm-up the latest state is the one to continue from
                bestScore = train.usesForces() ? score : bestScore;
                System.arraycopy(params, 0, best, 0, params.length);
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            if (s.checkpointEvery() > 0 && epoch % s.checkpointEvery() == 0) {
                checkpoint.accept(best);
            }
            if (cancelled.getAsBoolean()) {
                reason = "cancelled";
                return false;
            }
            if (System.nanoTime() > deadline) {
                reason = "time limit";
                return false;
            }
            if (s.patience() > 0 && train.usesForces() && sinceBest >= s.patience()) {
                reason = "early stopping (" + s.patience() + " epochs without a better validation loss)";
                return false;
            }
            return epoch < s.epochs();
        }

        String lbfgs() {
            Lbfgs opt = new Lbfgs().historySize(32).gradientTolerance(1e-10).noProgressWindow(20)
                    .cancelFlag(cancelled).listener(it -> afterEpoch(it.value(), it.x()));
            int warmup = Math.min(s.energyOnlyEpochs(), s.epochs());
            if (warmup > 0) {
                train.useForces(false);
                opt.maxIterations(warmup);
                opt.minimize(train, x);
                System.arraycopy(best, 0, x, 0, x.length);
                if (!"epochs".equals(reason) || epoch >= s.epochs()) {
                    return reason;
                }
            }
            train.useForces(true);
            bestScore = Double.POSITIVE_INFINITY;
            for (int restart = 0; restart < 5 && epoch < s.epochs(); restart++) {
                opt.resetHistory();
                opt.maxIterations(s.epochs() - epoch);
                Lbfgs.Result r = opt.minimize(train, x);
                if (reason.startsWith("non-finite")) {
                    System.arraycopy(best, 0, x, 0, x.length); // roll back, then restart the history from there
                    reason = "epochs";
                    continue;
                }
                if (r.status() != Lbfgs.Status.STOPPED_BY_LISTENER && r.status() != Lbfgs.Status.MAX_ITERATIONS) {
                    reason = "converged (" + r.status().name().toLowerCase(java.util.Locale.ROOT) + ")";
                }
                break;
            }
            return reason;
        }

        String adam() {
            train.useForces(true);
            Adam opt = new Adam().learningRate(s.adamLearningRate()).batchSize(s.adamBatchSize())
                    .epochs(s.epochs()).seed(s.seed()).cancelFlag(cancelled)
                    .schedule(LearningRateSchedule.cosine(s.adamLearningRate(), s.adamLearningRate() * 0.01))
                    .listener(ep -> afterEpoch(ep.meanLoss(), ep.x()));
            opt.minimize(train, x);
            return reason;
        }
    }
}
