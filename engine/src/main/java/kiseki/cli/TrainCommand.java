package kiseki.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.nnp.NnpModel;
import kiseki.structure.Frame;
import kiseki.train.EpochRecord;
import kiseki.train.Trainer;
import kiseki.train.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code kiseki train}: fit a Δ-NNP or an HDNNP to a labelled dataset. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a Δ-NNP (fitted 12-10-8-6 pair term + Behler–Parrinello networks on the residual) or a "
                + "plain HDNNP on an extxyz dataset with energies and forces.",
                "Writes the potential, a per-epoch log (<out>.log.csv and .json), and for the Δ-NNP the pair curves "
                        + "φ(r) (<out>.pair.csv)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "D.extxyz", description = "Labelled frames (energy and forces).")
    Path data;

    @Option(names = "--model", defaultValue = "delta", paramLabel = "delta|hdnnp", description = "Model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--descriptor", defaultValue = "chebyshev", paramLabel = "chebyshev|behler", description = "Descriptor (default ${DEFAULT-VALUE}).")
    String descriptor;

    @Option(names = "--radial", defaultValue = "50", description = "Radial functions (default ${DEFAULT-VALUE}).")
    int radial;

    @Option(names = "--angular", defaultValue = "30", description = "Angular functions (default ${DEFAULT-VALUE}).")
    int angular;

    @Option(names = "--rcut", defaultValue = "6.0", paramLabel = "Å", description = "Cutoff (default ${DEFAULT-VALUE} Å).")
    double rcut;

    @Option(names = "--layers", defaultValue = "2", description = "Hidden layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--nodes", defaultValue = "40", description = "Nodes per hidden layer (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--activation", defaultValue = "twtanh", description = "twtanh, tanh, sigmoid, silu (default ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--optimizer", defaultValue = "lbfgs", paramLabel = "lbfgs|adam", description = "Optimiser (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--epochs", defaultValue = "1000", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--energy-epochs", defaultValue = "250", description = "Energy-only warm-up epochs with L-BFGS (default ${DEFAULT-VALUE}, as NeuralMD).")
    int energyEpochs;

    @Option(names = "--force-weight", defaultValue = "0.001", paramLabel = "β", description = "Weight of the force term, L = L_E + β·L_F (default ${DEFAULT-VALUE}).")
    double forceWeight;

    @Option(names = "--valid-fraction", defaultValue = "0.1", description = "Validation share (default ${DEFAULT-VALUE}).")
    double validFraction;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ensemble", defaultValue = "1", paramLabel = "M", description = "Independently trained members (default ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(names = "--patience", defaultValue = "0", description = "Stop after this many epochs without a better validation loss (default ${DEFAULT-VALUE}: never).")
    int patience;

    @Option(names = "--time-limit", paramLabel = "MIN", description = "Stop after this many minutes, keeping the best model.")
    Double timeLimit;

    @Option(names = "--threads", defaultValue = "2", description = "Threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--batch", defaultValue = "16", description = "Adam mini-batch in frames (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--checkpoint-every", defaultValue = "50", paramLabel = "N", description = "Write <name>.checkpoint.nnp.json every N epochs (default ${DEFAULT-VALUE}; 0 = never).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Start from a checkpoint's (or a potential's) weights; the settings must match.")
    Path resume;

    @Option(names = "--out", required = true, paramLabel = "POT", description = "Potential file to write (Kiseki format, e.g. lgps.nnp.json).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object with the final errors.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        StructureCommand.requireFile(data);
        List<Frame> frames = StructureFormats.resolve(data, null).readAll(data, ReadOptions.DEFAULT);
        Trainer.Settings settings = options().settings(resume == null ? null : NnpModel.read(resume));
        AtomicBoolean cancelled = new AtomicBoolean();
        Path checkpointFile = TrainingRun.sibling(out, ".checkpoint.nnp.json");
        Trainer.Result result;
        try (ShutdownCancel shutdown = new ShutdownCancel(() -> cancelled.set(true))) {
            result = Trainer.train(frames, settings, listener(err, checkpointFile), cancelled::get);
            TrainingRun.writeFiles(out, result);
        }
        List<EpochRecord> log = TrainingRun.firstLog(result);
        EpochRecord best = log.isEmpty() ? null : Trainer.bestRecord(log);
        err.printf(Locale.ROOT, "Stopped: %s after %.1f s. Wrote %s%n", result.stopReason(), result.seconds(), out);
        if (json) {
            ObjectNode o = Json.object();
            o.put("potential", out.toString());
            o.put("model", model);
            o.put("epochs", log.size());
            o.put("seconds", result.seconds());
            o.put("stop_reason", result.stopReason());
            o.put("train_frames", result.trainFrames());
            o.put("valid_frames", result.validFrames());
            if (best != null) {
                o.put("train_rmse_e_mev_atom", best.trainRmseEMevAtom());
                o.put("train_rmse_f_ev_a", best.trainRmseFEvA());
                o.put("valid_rmse_e_mev_atom", best.validRmseEMevAtom());
                o.put("valid_rmse_f_ev_a", best.validRmseFEvA());
            }
            Json.print(spec.commandLine().getOut(), o);
        }
        return 0;
    }

    /** The options as the engine's training run takes them. */
    TrainingRun.Options options() {
        return new TrainingRun.Options(model, descriptor, radial, angular, rcut, layers, nodes, activation, optimizer,
                epochs, energyEpochs, forceWeight, validFraction, seed, ensemble, patience,
                timeLimit == null ? null : Duration.ofMillis((long) (timeLimit * 60_000)), threads, learningRate,
                batch, checkpointEvery);
    }

    private Trainer.Listener listener(PrintWriter err, Path checkpointFile) {
        return new Trainer.Listener() {
            @Override
            public void message(String text) {
                err.println(text);
                err.flush();
            }

            @Override
            public void checkpoint(NnpModel model) {
                try {
                    model.write(checkpointFile);
                } catch (java.io.IOException e) {
                    err.println("Warning: could not write the checkpoint " + checkpointFile + ": " + e.getMessage());
                }
            }

            @Override
            public void epoch(int member, EpochRecord r) {
                if (r.epoch() == 1 || r.epoch() % 10 == 0 || r.epoch() == epochs) {
                    err.printf(Locale.ROOT, "%s epoch %5d  %7.1f s  %-13s train %7.3f meV/atom %6.4f eV/Å"
                                    + "  valid %7.3f meV/atom %6.4f eV/Å%n",
                            ensemble > 1 ? "member " + (member + 1) : "", r.epoch(), r.seconds(), r.phase(),
                            r.trainRmseEMevAtom(), r.trainRmseFEvA(), r.validRmseEMevAtom(), r.validRmseFEvA());
                    err.flush();
                }
            }
        };
    }
}
