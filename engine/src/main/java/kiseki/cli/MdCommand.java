package kiseki.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.ReadOptions;
import kiseki.jobs.Job;
import kiseki.jobs.JobHandlers;
import kiseki.jobs.JobListener;
import kiseki.jobs.JobState;
import kiseki.jobs.JobStore;
import kiseki.jobs.LocalExecutor;
import kiseki.jobs.ProgressUpdate;
import kiseki.md.MdJobHandler;
import kiseki.md.MdRun;
import kiseki.md.MdSettings;
import kiseki.md.MdState;
import kiseki.md.Thermostat;
import kiseki.md.TrajectoryFormat;
import kiseki.md.VelocityVerlet;
import kiseki.potential.Potential;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code kiseki md}: molecular dynamics with any potential. */
@Command(name = "md", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Molecular dynamics (velocity Verlet; NVE or NVT with Nosé–Hoover chains, Langevin or Bussi "
                + "rescaling) with a trained potential or Lennard-Jones.")
final class MdCommand implements Callable<Integer> {

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    PotentialOptions potential;

    @Option(names = "--structure", required = true, paramLabel = "S", description = "Start structure (CIF, POSCAR, extxyz, ...); with --project also a structure artefact id.")
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

    @Option(names = "--traj", paramLabel = "OUT.extxyz", description = "Trajectory with unwrapped positions and velocities; .lammpstrj or .dump writes a LAMMPS dump (metal units).")
    Path traj;

    @Option(names = "--traj-format", paramLabel = "FORMAT", description = "Trajectory format: extxyz, lammps-dump (xu yu zu) or lammps-dump-images (x y z ix iy iz); default: from the --traj file name.")
    String trajFormat;

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

    @Option(names = "--project", paramLabel = "DIR", description = "Run as an MD job of this project: outputs in DIR/md-runs/job-NNNN/, the finished run recorded as an md-run artefact (made from the structure and potential artefacts).")
    Path projectDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (projectDir != null) {
            return runInProject(err);
        }
        StructureCommand.requireFile(structure);
        Structure s = readStructure(structure);
        MdSettings settings = settings(potential.file == null ? null : potential.file.toString(),
                traj == null ? 0 : trajEvery);
        Potential pot = settings.potential(null);
        MdState state = new MdState(s);
        state.maxwellBoltzmann(temperature, seed);
        Thermostat t = settings.newThermostat();
        MdRun run = new MdRun(new VelocityVerlet(pot, state, timestep, t)).thermoEvery(thermoEvery);
        if (thermo != null) {
            run.thermoCsv(thermo);
        }
        if (traj != null) {
            run.trajectory(traj, trajEvery, settings.trajectory());
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

    private static Structure readStructure(Path file) throws IOException {
        return kiseki.io.StructureFormats.resolve(file, null).readFirst(file, ReadOptions.DEFAULT).structure();
    }

    private MdSettings settings(String potentialFile, int trajectoryEvery) {
        TrajectoryFormat format = trajFormat != null ? TrajectoryFormat.fromId(trajFormat)
                : traj != null ? TrajectoryFormat.forPath(traj) : TrajectoryFormat.EXTXYZ;
        return new MdSettings(potential.lj, potentialFile, ensemble, thermostat, tau, temperature, timestep, steps,
                thermoEvery, trajectoryEvery, format, Math.multiplyExact(thermoEvery, 10), seed, threads);
    }

    /** A file or artefact the user named, and its artefact id when it is one of the project's. */
    private record Input(Path file, String artefact) {
    }

    /** {@code text} as an artefact id of {@code project}, or as a file (which may be a project artefact's). */
    private static Input input(Project project, String text, ArtefactKind kind, String option) throws IOException {
        Optional<Artefact> byId = project.artefact(text);
        if (byId.isPresent()) {
            Artefact a = byId.get();
            if (a.kind() != kind) {
                throw new IllegalArgumentException(option + " " + text + " is a " + a.kind() + " artefact, not a "
                        + kind);
            }
            return new Input(project.resolve(a), a.id());
        }
        Path file = Path.of(text);
        StructureCommand.requireFile(file);
        Path absolute = file.toAbsolutePath().normalize();
        for (Artefact a : project.artefacts(kind)) {
            if (project.resolve(a).toAbsolutePath().normalize().equals(absolute)) {
                return new Input(file, a.id());
            }
        }
        return new Input(file, null);
    }

    /** {@code --project}: the run as an md job in the project's md-runs/, in the foreground. */
    private int runInProject(PrintWriter err) throws Exception {
        if (thermo != null || traj != null || restart != null) {
            throw new IllegalArgumentException("with --project the thermo CSV, trajectory and restart file go into "
                    + "the run's folder (md-runs/job-NNNN/); leave out --thermo, --traj and --restart (choose the "
                    + "trajectory format with --traj-format)");
        }
        Project project = Project.open(projectDir);
        Input structureInput = input(project, structure.toString(), ArtefactKind.STRUCTURE, "--structure");
        Input potentialInput = potential.file == null ? null
                : input(project, potential.file.toString(), ArtefactKind.POTENTIAL, "--potential");
        Structure s = readStructure(structureInput.file());
        MdSettings settings = settings(potentialInput == null ? null : potentialInput.file().toString(), trajEvery);
        // a potential that cannot be read fails here, before a job is made
        if (settings.potential(null) instanceof AutoCloseable loaded) {
            loaded.close();
        }
        MdJobHandler.Sources sources = new MdJobHandler.Sources(null, structure.toString(),
                structureInput.artefact(), potential.file == null ? null : potential.file.toString(),
                potentialInput == null ? null : potentialInput.artefact());
        try (JobStore store = JobStore.open(MdJobHandler.storeFolder(project))) {
            Job created = MdJobHandler.create(store, settings, s, sources);
            String folder = project.dir().relativize(created.dir()).toString().replace('\\', '/');
            err.printf(Locale.ROOT, "MD job %s: %d steps of %s, outputs in %s%n", created.id(), steps,
                    created.parameters().get(MdJobHandler.NAME), folder);
            err.flush();
            LocalExecutor executor = new LocalExecutor(
                    JobHandlers.withDefaults().register(new MdJobHandler(project)),
                    LocalExecutor.Settings.defaults().withSlots(1));
            executor.addListener(new JobListener() {
                @Override
                public void progress(JobStore store, Job job, ProgressUpdate update) {
                    err.println(update.text());
                    err.flush();
                }
            });
            Job job;
            try (ShutdownCancel shutdown = new ShutdownCancel(() -> executor.cancel(store, created.id()))) {
                job = executor.submit(store, created.id()).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                executor.shutdown();
            }
            Map<String, Object> result = job.result();
            String outcome = switch (job.state()) {
                case DONE -> "completed";
                case CANCELLED -> "cancelled";
                default -> "stopped";
            };
            String message = job.state() == JobState.DONE ? "completed " + steps + " steps" : job.failure();
            if (json) {
                ObjectNode o = Json.object();
                o.put("outcome", outcome);
                o.put("message", message);
                if (result.get("steps") instanceof Number n) {
                    o.put("steps", n.longValue());
                }
                for (String key : new String[] {"temperature_K", "potential_energy_eV", "total_energy_eV",
                        "conserved_eV"}) {
                    if (result.get(key) instanceof Number n) {
                        o.put(key, n.doubleValue());
                    }
                }
                o.put("job", job.id());
                o.put("folder", folder);
                if (result.get("artefact") instanceof String id) {
                    o.put("artefact", id);
                }
                Json.print(spec.commandLine().getOut(), o);
            } else if (result.get("artefact") instanceof String id) {
                spec.commandLine().getOut().printf("%s%n", id);
                spec.commandLine().getOut().flush();
                err.printf("MD run recorded in the project as %s (%s)%n", id, folder);
            }
            if (job.state() == JobState.FAILED) {
                throw new IllegalStateException("MD job " + job.id() + " failed: " + job.failure());
            }
            return 0;
        }
    }
}
