package kiseki.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.ReadOptions;
import kiseki.md.Bussi;
import kiseki.md.Langevin;
import kiseki.md.MdRun;
import kiseki.md.MdState;
import kiseki.md.NoseHooverChain;
import kiseki.md.Thermostat;
import kiseki.md.VelocityVerlet;
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

/** {@code kiseki md}: molecular dynamics with any potential. */
@Command(name = "md", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Molecular dynamics (velocity Verlet; NVE or NVT with Nosé–Hoover chains, Langevin or Bussi "
                + "rescaling) with a trained potential or Lennard-Jones.")
final class MdCommand implements Callable<Integer> {

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    PotentialOptions potential;

    @Option(names = "--structure", required = true, paramLabel = "S", description = "Start structure (CIF, POSCAR, extxyz, ...).")
    Path structure;

    @Option(names = "--ensemble", defaultValue = "nvt", paramLabel = "nve|nvt", description = "Ensemble (default ${DEFAULT-VALUE}).")
    String ensemble;

    @Option(names = "--thermostat", defaultValue = "nhc", paramLabel = "nhc|langevin|csvr", description = "NVT thermostat (default ${DEFAULT-VALUE}).")
    String thermostat;

    @Option(names = "--tau", defaultValue = "100", paramLabel = "FS", description = "Thermostat time constant (default ${DEFAULT-VALUE} fs).")
    double tau;

    @Option(names = "--temperature", required = true, paramLabel = "K", description = "Start and target temperature.")
    double temperature;

    @Option(names = "--timestep", defaultValue = "1.0", paramLabel = "FS", description = "Time step (default ${DEFAULT-VALUE} fs).")
    double timestep;

    @Option(names = "--steps", required = true, description = "Number of steps.")
    long steps;

    @Option(names = "--thermo", paramLabel = "OUT.csv", description = "Thermodynamic output (CSV).")
    Path thermo;

    @Option(names = "--thermo-every", defaultValue = "100", description = "Steps between thermo records (default ${DEFAULT-VALUE}).")
    int thermoEvery;

    @Option(names = "--traj", paramLabel = "OUT.extxyz", description = "Trajectory with unwrapped positions and velocities.")
    Path traj;

    @Option(names = "--traj-every", defaultValue = "100", description = "Steps between frames (default ${DEFAULT-VALUE}).")
    int trajEvery;

    @Option(names = "--restart", paramLabel = "OUT.json", description = "Restart file, written every --thermo-every × 10 steps and at the end.")
    Path restart;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for the potential (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print one JSON object with the final state.")
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
        MdState state = new MdState(s);
        state.maxwellBoltzmann(temperature, seed);
        Thermostat t = switch (ensemble) {
            case "nve" -> Thermostat.none();
            case "nvt" -> switch (thermostat) {
                case "nhc" -> new NoseHooverChain(temperature, tau, 3);
                case "langevin" -> new Langevin(temperature, tau, seed + 1);
                case "csvr", "bussi" -> new Bussi(temperature, tau, seed + 1);
                default -> throw new IllegalArgumentException("--thermostat must be nhc, langevin or csvr");
            };
            default -> throw new IllegalArgumentException("--ensemble must be nve or nvt");
        };
        MdRun run = new MdRun(new VelocityVerlet(pot, state, timestep, t)).thermoEvery(thermoEvery);
        if (thermo != null) {
            run.thermoCsv(thermo);
        }
        if (traj != null) {
            run.trajectory(traj, trajEvery);
        }
        if (restart != null) {
            run.restart(restart, thermoEvery * 10);
        }
        AtomicBoolean cancel = new AtomicBoolean();
        run.cancelFlag(cancel).progress((r, done, total) -> {
            err.printf(Locale.ROOT, "step %9d  %9.3f ps  T %8.2f K  E_pot %14.6f  E_tot %14.6f eV%n", r.step(),
                    r.timePs(), r.temperatureK(), r.potentialEnergy(), r.totalEnergy());
            err.flush();
        });
        MdRun.Result result;
        try (ShutdownCancel shutdown = new ShutdownCancel(() -> cancel.set(true))) {
            result = run.run(steps);
        }
        if (pot instanceof AutoCloseable c) {
            c.close();
        }
        kiseki.md.ExtrapolationSummary extrapolation = result.extrapolation();
        if (extrapolation != null) {
            boolean warn = extrapolation.extrapolating() || !extrapolation.available();
            err.println((warn ? "warning: " : "") + extrapolation.message());
            err.flush();
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
            o.put("message", result.message());
            o.put("steps", result.stepsDone());
            if (!result.thermo().isEmpty()) {
                MdRun.ThermoRecord last = result.thermo().get(result.thermo().size() - 1);
                o.put("temperature_K", last.temperatureK());
                o.put("potential_energy_eV", last.potentialEnergy());
                o.put("total_energy_eV", last.totalEnergy());
                o.put("conserved_eV", last.conservedEnergy());
            }
            boolean counted = extrapolation != null && extrapolation.available();
            if (counted) {
                o.put("extrapolation_frames", extrapolation.framesExtrapolating());
                o.put("extrapolation_max_atoms", extrapolation.maxAtoms());
            } else {
                o.putNull("extrapolation_frames");
                o.putNull("extrapolation_max_atoms");
            }
            Json.print(spec.commandLine().getOut(), o);
        }
        if (result.outcome() == MdRun.Outcome.STOPPED) {
            throw new IllegalStateException("MD stopped at step " + result.stepsDone() + ": " + result.message());
        }
        return 0;
    }
}
