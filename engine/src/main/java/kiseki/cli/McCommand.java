package kiseki.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.ReadOptions;
import kiseki.md.MetropolisMonteCarlo;
import kiseki.potential.Potential;
import kiseki.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code kiseki mc}: Metropolis Monte Carlo (NVT) with any potential. */
@Command(name = "mc", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Metropolis Monte Carlo in the NVT ensemble: single-atom displacement moves with a maximum step "
                + "adapted toward a target acceptance, with a trained potential or Lennard-Jones.")
final class McCommand implements Callable<Integer> {

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    PotentialOptions potential;

    @Option(names = "--structure", required = true, paramLabel = "S", description = "Start structure (CIF, POSCAR, extxyz, ...).")
    Path structure;

    @Option(names = "--temperature", required = true, paramLabel = "K", description = "Temperature.")
    double temperature;

    @Option(names = "--sweeps", required = true, paramLabel = "N", description = "Sampling sweeps (one sweep = one attempted move per atom), after the equilibration.")
    long sweeps;

    @Option(names = "--equilibration", defaultValue = "0", paramLabel = "M", description = "Equilibration sweeps before sampling: the step adapts during them and is then frozen (default ${DEFAULT-VALUE}: the step adapts during the whole run).")
    long equilibration;

    @Option(names = "--max-step", defaultValue = "0.1", paramLabel = "Å", description = "Initial maximum displacement per Cartesian component (default ${DEFAULT-VALUE} Å).")
    double maxStep;

    @Option(names = "--target-acceptance", defaultValue = "0.4", description = "Acceptance the step adapts toward (default ${DEFAULT-VALUE}).")
    double targetAcceptance;

    @Option(names = "--fixed-step", description = "Keep --max-step throughout instead of adapting it.")
    boolean fixedStep;

    @Option(names = "--samples", paramLabel = "OUT.extxyz", description = "Sampled configurations (unwrapped positions, energy).")
    Path samples;

    @Option(names = "--sample-every", defaultValue = "10", paramLabel = "K", description = "Sampling sweeps between samples (default ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--log", paramLabel = "OUT.csv", description = "Energy, acceptance and step every --log-every sweeps (CSV).")
    Path log;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "K", description = "Sweeps between log records (default ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for the potential (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print one JSON object with the averages.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        StructureCommand.requireFile(structure);
        Structure s = kiseki.io.StructureFormats.resolve(structure, null).readFirst(structure, ReadOptions.DEFAULT)
                .structure();
        Potential pot = potential.load(threads);
        MetropolisMonteCarlo mc = new MetropolisMonteCarlo(pot, s, temperature, seed).maxStep(maxStep)
                .targetAcceptance(targetAcceptance).adaptStep(!fixedStep).equilibrationSweeps(equilibration)
                .logEvery(logEvery);
        if (log != null) {
            mc.logCsv(log);
        }
        if (samples != null) {
            mc.samples(samples, sampleEvery);
        }
        AtomicBoolean cancel = new AtomicBoolean();
        mc.cancelFlag(cancel).progress((r, done, total) -> {
            err.printf(Locale.ROOT, "sweep %9d  E %14.6f eV  %11.6f eV/atom  acceptance %s  step %.4f Å%n",
                    r.sweep(), r.energy(), r.energyPerAtom(), Double.isNaN(r.acceptance()) ? "  -  "
                            : String.format(Locale.ROOT, "%.3f", r.acceptance()), r.maxStep());
            err.flush();
        });
        MetropolisMonteCarlo.Result result;
        try (ShutdownCancel shutdown = new ShutdownCancel(() -> cancel.set(true))) {
            result = mc.run(sweeps);
        }
        if (pot instanceof AutoCloseable c) {
            c.close();
        }
        if (json) {
            int atoms = s.size();
            ObjectNode o = Json.object();
            o.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
            o.put("message", result.message());
            o.put("atoms", atoms);
            o.put("temperature_K", temperature);
            o.put("sweeps", result.sweepsDone());
            o.put("sampling_sweeps", result.samplingSweeps());
            o.put("acceptance", finiteOrNull(result.meanAcceptance()));
            o.put("max_step_A", result.maxStep());
            o.put("energy_eV", finiteOrNull(mc.energy()));
            o.put("mean_energy_eV", finiteOrNull(result.meanEnergy()));
            o.put("mean_energy_err_eV", finiteOrNull(result.meanEnergyError()));
            o.put("mean_energy_per_atom_eV", finiteOrNull(result.meanEnergy() / atoms));
            o.put("mean_energy_per_atom_err_eV", finiteOrNull(result.meanEnergyError() / atoms));
            Json.print(spec.commandLine().getOut(), o);
        }
        if (result.outcome() == MetropolisMonteCarlo.Outcome.STOPPED) {
            throw new IllegalStateException("Monte Carlo stopped: " + result.message());
        }
        return 0;
    }

    /** JSON has no NaN: a quantity the run could not estimate (no sampling sweeps, one sample) is null. */
    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
