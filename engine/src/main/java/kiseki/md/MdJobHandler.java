package kiseki.md;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.jobs.Completion;
import kiseki.jobs.InProcessJobHandler;
import kiseki.jobs.Job;
import kiseki.jobs.JobSpec;
import kiseki.jobs.JobStore;
import kiseki.jobs.ProgressUpdate;
import kiseki.potential.Potential;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.structure.Structure;

/**
 * MD runs as jobs (kind {@value #KIND}), run inside the application by the job executor.
 *
 * <h2>The job folder</h2>
 * <ul>
 *   <li>{@value #START}: the start structure (written when the job is created);</li>
 *   <li>{@value #POTENTIAL}: a copy of the potential file (none for Lennard-Jones), so the run does not depend on a
 *       file outside its folder;</li>
 *   <li>{@value #THERMO}: thermo records ({@link MdRun#CSV_HEADER});</li>
 *   <li>{@code trajectory.extxyz} or {@code trajectory.lammpstrj} ({@link TrajectoryFormat}), when frames are
 *       asked for;</li>
 *   <li>{@value #RESTART}: the restart file ({@link MdRestart}), replaced atomically every
 *       {@link MdSettings#restartEvery()} steps and at the end.</li>
 * </ul>
 * The settings ({@link MdSettings}) and where the inputs came from are the job's parameters in {@code job.json}.
 *
 * <h2>Surviving a restart</h2>
 * A run that finds {@value #RESTART} in its folder continues from it instead of starting over: it first cuts the
 * thermo CSV and the trajectory back to the restart's step (the interrupted run may have written beyond its last
 * restart point), then appends. Continuing is bit-for-bit the run that was not interrupted (the restart file holds
 * the exact state, thermostat and random-number state included), and every step appears once in the outputs. When
 * the application closes, the executor's stop flag makes the run write a restart file at the step it reached (and
 * a thermo record and frame there); when it is killed, the last periodic restart point is used. After such an
 * interruption {@link #complete} says INCOMPLETE and the executor runs the job again, which continues it.
 *
 * <h2>In a project</h2>
 * Given a {@link Project}, a finished run's folder is registered as an {@link ArtefactKind#MD_RUN} artefact, with
 * the structure and potential artefacts it was made from as parents; its id is the job result's {@code artefact}.
 * Project MD jobs live in the project's {@code md-runs/} folder ({@link #storeFolder}).
 */
public final class MdJobHandler implements InProcessJobHandler {

    public static final String KIND = "md";
    public static final String START = "start.extxyz";
    public static final String POTENTIAL = "potential.json";
    public static final String THERMO = "thermo.csv";
    public static final String RESTART = "restart.json";
    /** Job parameters beyond the settings: a name for the run and where its inputs came from. */
    public static final String NAME = "name";
    public static final String STRUCTURE_SOURCE = "structure_source";
    public static final String STRUCTURE_ARTEFACT = "structure_artefact";
    public static final String POTENTIAL_SOURCE = "potential_source";
    public static final String POTENTIAL_ARTEFACT = "potential_artefact";
    /** Describes the job in job.json; never executed (the run happens inside the application). */
    static final List<String> COMMAND = List.of("kiseki", "md", "(in-process)");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Project project;
    private final MdRun.Progress observer;

    /** A handler that registers nothing (job folders outside a project). */
    public MdJobHandler() {
        this(null);
    }

    /** A handler that registers finished runs in {@code project} (may be null). */
    public MdJobHandler(Project project) {
        this(project, null);
    }

    /**
     * A handler that registers finished runs in {@code project} (may be null) and also hands every thermo record
     * of its runs to {@code observer} (may be null), on the running thread: live charts in the workbench.
     */
    public MdJobHandler(Project project, MdRun.Progress observer) {
        this.project = project;
        this.observer = observer;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Where a run's inputs came from, recorded with the job and, for project artefacts, used as its lineage.
     *
     * @param name              the run's name (null: "MD formula at T K")
     * @param structure         the start structure's file or artefact, as the user gave it (may be null)
     * @param structureArtefact the id of the structure artefact it was read from, or null
     * @param potential         the potential's file, or null
     * @param potentialArtefact the id of the potential artefact, or null
     */
    public record Sources(String name, String structure, String structureArtefact, String potential,
            String potentialArtefact) {
    }

    /** The job folder of a project's MD runs: {@code <project>/md-runs/}. */
    public static Path storeFolder(Project project) {
        return project.dir().resolve(ArtefactKind.MD_RUN.folder());
    }

    /**
     * Creates a QUEUED md job: the start structure and (unless the settings use Lennard-Jones) a copy of the
     * potential file go into its folder, the settings and sources into its parameters.
     */
    public static Job create(JobStore store, MdSettings settings, Structure start, Sources sources)
            throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(START, ExtxyzFormat.toText(new Frame(start)));
        MdSettings stored = settings;
        if (settings.potentialFile() != null) {
            Path source = Path.of(settings.potentialFile());
            try {
                files.put(POTENTIAL, Files.readString(source, StandardCharsets.UTF_8));
            } catch (CharacterCodingException e) {
                throw new IOException(source + ": not a Kiseki potential file (it is not UTF-8 text)", e);
            }
            stored = settings.withPotentialFile(POTENTIAL);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(NAME, sources.name() != null ? sources.name() : String.format(Locale.ROOT, "MD %s at %s K",
                start.composition().formula(), number(settings.temperatureK())));
        putIfPresent(parameters, STRUCTURE_SOURCE, sources.structure());
        putIfPresent(parameters, STRUCTURE_ARTEFACT, sources.structureArtefact());
        putIfPresent(parameters, POTENTIAL_SOURCE, sources.potential());
        putIfPresent(parameters, POTENTIAL_ARTEFACT, sources.potentialArtefact());
        parameters.putAll(stored.toParameters());
        return store.create(new JobSpec(KIND, COMMAND, parameters, Map.of(), null, false), files);
    }

    /** The trajectory's file name in the job folder. */
    public static String trajectoryName(MdSettings settings) {
        return "trajectory" + settings.trajectory().extension();
    }

    @Override
    public Completion run(Job job, Path workDir, Context context) throws IOException {
        MdSettings s = MdSettings.fromParameters(job.parameters());
        Path restart = workDir.resolve(RESTART);
        Path thermo = workDir.resolve(THERMO);
        Path trajectory = workDir.resolve(trajectoryName(s));
        Potential potential = s.potential(workDir);
        try {
            boolean resume = Files.isRegularFile(restart);
            VelocityVerlet md;
            if (resume) {
                md = MdRestart.read(restart, potential, s.newThermostat());
                long at = md.state().step();
                TrajectoryTruncation.csvRows(thermo, at);
                if (s.trajectoryEvery() > 0) {
                    s.trajectory().truncateAfter(trajectory, at);
                }
            } else {
                Structure start = new ExtxyzFormat().readFirst(workDir.resolve(START), ReadOptions.DEFAULT)
                        .structure();
                MdState state = new MdState(start);
                state.maxwellBoltzmann(s.temperatureK(), s.seed());
                md = new VelocityVerlet(potential, state, s.timestepFs(), s.newThermostat());
            }
            long remaining = s.steps() - md.state().step();
            if (remaining <= 0) {
                return finish(job, workDir, s);
            }
            MdRun run = new MdRun(md).thermoEvery(s.thermoEvery()).thermoCsv(thermo)
                    .restart(restart, s.restartEvery()).appendOutputs(resume).cancelFlag(context.stopFlag())
                    // as MdRun's default for a fresh run; fixed so that a continued NVE run keeps the same limit
                    .runawayTemperature(s.temperatureK() > 0 ? 10 * s.temperatureK() : MdRun.DEFAULT_RUNAWAY_K)
                    .progress((r, done, total) -> {
                        context.progress(progress(r, s.steps()));
                        if (observer != null) {
                            observer.report(r, done, total);
                        }
                    });
            if (s.trajectoryEvery() > 0) {
                run.trajectory(trajectory, s.trajectoryEvery(), s.trajectory());
            }
            MdRun.Result result = run.run(remaining);
            return switch (result.outcome()) {
                case COMPLETED -> finish(job, workDir, s);
                case CANCELLED -> Completion.incomplete(result.message() + " of " + s.steps()
                        + "; the restart file holds that step");
                case STOPPED -> Completion.failed(result.message());
            };
        } finally {
            if (potential instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // releasing worker threads of the potential; nothing to save
                }
            }
        }
    }

    /** The progress a thermo record shows: fraction of all the run's steps, and its temperature and energies. */
    static ProgressUpdate progress(MdRun.ThermoRecord r, long totalSteps) {
        return ProgressUpdate.of((double) r.step() / totalSteps, String.format(Locale.ROOT,
                "step %d of %d: %.3f ps, T %.2f K, E_pot %.6f eV, E_tot %.6f eV", r.step(), totalSteps, r.timePs(),
                r.temperatureK(), r.potentialEnergy(), r.totalEnergy()));
    }

    /**
     * Judges a job found RUNNING after the application ended: finished when its restart file reached the last step
     * (the application ended between the run's end and saving the job), otherwise INCOMPLETE, so that it runs
     * again and continues.
     */
    @Override
    public Completion complete(Job job, Path workDir, OptionalInt exitCode) throws IOException {
        MdSettings s = MdSettings.fromParameters(job.parameters());
        Path restart = workDir.resolve(RESTART);
        if (!Files.isRegularFile(restart)) {
            return Completion.incomplete("interrupted before its first restart point; it starts again");
        }
        long at = restartStep(restart);
        if (at >= s.steps()) {
            return finish(job, workDir, s);
        }
        return Completion.incomplete("interrupted; it continues from its restart file at step " + at + " of "
                + s.steps());
    }

    private static long restartStep(Path restart) throws IOException {
        JsonNode step = JSON.readTree(restart.toFile()).path("step");
        if (!step.canConvertToLong()) {
            throw new IOException(restart + ": the restart file has no step number");
        }
        return step.asLong();
    }

    /** The result of a finished run (final thermo values, file names) and its artefact in the project. */
    private Completion finish(Job job, Path workDir, MdSettings s) throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", s.steps());
        result.putAll(lastThermo(workDir.resolve(THERMO)));
        result.put("thermo", THERMO);
        if (s.trajectoryEvery() > 0) {
            result.put("trajectory", trajectoryName(s));
            result.put("trajectory_format", s.trajectory().id());
        }
        result.put("restart", RESTART);
        if (project != null) {
            String id = register(job, workDir, result);
            if (id != null) {
                result.put("artefact", id);
            }
        }
        return Completion.done(result);
    }

    /** The last row of the thermo CSV as column → number (time, temperature, energies, pressure). */
    private static Map<String, Object> lastThermo(Path csv) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(csv)) {
            return values;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            return values;
        }
        String[] header = lines.get(0).split(",", -1);
        String[] last = lines.get(lines.size() - 1).split(",", -1);
        for (int k = 1; k < Math.min(header.length, last.length); k++) {
            try {
                double v = Double.parseDouble(last[k]);
                if (Double.isFinite(v)) {
                    values.put(header[k].strip(), v);
                }
            } catch (NumberFormatException e) {
                // an empty cell (no pressure without a cell): left out
            }
        }
        return values;
    }

    /** Registers the job folder as an MD_RUN artefact (once); null when the folder is outside the project. */
    private String register(Job job, Path workDir, Map<String, Object> result) throws IOException {
        Path folder = workDir.toAbsolutePath().normalize();
        if (!folder.startsWith(project.dir())) {
            return null;
        }
        String path = project.dir().relativize(folder).toString().replace('\\', '/');
        synchronized (project) { // Project's own lock: no second registration between the check and the record
            for (Artefact a : project.artefacts(ArtefactKind.MD_RUN)) {
                if (a.path().equals(path)) {
                    return a.id();
                }
            }
            List<String> parents = new ArrayList<>();
            for (String key : List.of(STRUCTURE_ARTEFACT, POTENTIAL_ARTEFACT)) {
                if (job.parameters().get(key) instanceof String id && project.artefact(id).isPresent()
                        && !parents.contains(id)) {
                    parents.add(id);
                }
            }
            Map<String, Object> parameters = new LinkedHashMap<>(job.parameters());
            parameters.remove(NAME);
            parameters.put("job", job.id());
            parameters.put("result", result);
            Object name = job.parameters().get(NAME);
            return project.register(ArtefactKind.MD_RUN, path, name instanceof String n && !n.isBlank() ? n
                    : "MD run " + job.id(), parameters, parents).id();
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
