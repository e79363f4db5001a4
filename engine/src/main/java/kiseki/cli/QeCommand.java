package kiseki.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.dft.KPoints;
import kiseki.dft.Labelling;
import kiseki.dft.PseudoAssignment;
import kiseki.dft.PseudoLibrary;
import kiseki.dft.PwSettings;
import kiseki.dft.Upf;
import kiseki.jobs.Job;
import kiseki.jobs.JobState;
import kiseki.jobs.ProgressUpdate;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code kiseki qe ...}: label structures with Quantum ESPRESSO. */
@Command(name = "qe", mixinStandardHelpOptions = true,
        description = "Label structures with Quantum ESPRESSO (pw.x): energies, forces and stress for training.",
        subcommands = {QeCommand.Label.class, QeCommand.Pseudos.class})
final class QeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "pseudos", mixinStandardHelpOptions = true,
            description = "List the UPF pseudopotentials in folders: element, type, functional, valence, suggested cutoffs.")
    static final class Pseudos implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "1..*", description = "Folders to scan.")
        List<Path> dirs;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PseudoLibrary lib = PseudoLibrary.scan(dirs);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = Json.object();
                ArrayNode arr = o.putArray("pseudopotentials");
                for (Upf u : lib.pseudopotentials()) {
                    ObjectNode n = arr.addObject();
                    n.put("file", u.file().toString());
                    n.put("element", u.element());
                    n.put("type", u.pseudoType().name());
                    n.put("functional", u.functional());
                    n.put("z_valence", u.zValence());
                    if (u.suggestedEcutwfc().isPresent()) {
                        n.put("suggested_ecutwfc_ry", u.suggestedEcutwfc().getAsDouble());
                    }
                    if (u.suggestedEcutrho().isPresent()) {
                        n.put("suggested_ecutrho_ry", u.suggestedEcutrho().getAsDouble());
                    }
                }
                ArrayNode problems = o.putArray("problems");
                lib.problems().forEach(problems::add);
                Json.print(out, o);
                return 0;
            }
            out.printf("%-4s %-4s %-10s %6s %10s  %s%n", "EL", "TYPE", "FUNCTIONAL", "Z_VAL", "ECUT (Ry)", "FILE");
            for (Upf u : lib.pseudopotentials()) {
                out.printf(Locale.ROOT, "%-4s %-4s %-10s %6.1f %10s  %s%n", u.element(), u.pseudoType(), u.functional(),
                        u.zValence(), u.suggestedEcutwfc().isPresent()
                                ? String.format(Locale.ROOT, "%.0f", u.suggestedEcutwfc().getAsDouble()) : "-",
                        u.file());
            }
            lib.problems().forEach(p -> out.println("Problem: " + p));
            return 0;
        }
    }

    @Command(name = "label", mixinStandardHelpOptions = true,
            description = {"Run one pw.x SCF per structure and append every converged result (energy, forces, "
                    + "stress) to an extxyz dataset.",
                    "Jobs live in a work folder and survive interruption: run the same command again to resume "
                            + "(finished jobs are collected, interrupted ones rerun, nothing is added twice)."})
    static final class Label implements Callable<Integer> {
        @Parameters(paramLabel = "STRUCTURES", description = "Structures to label (extxyz with several frames, CIF, POSCAR, ...).")
        Path structures;

        @Option(names = "--pseudo-dir", required = true, paramLabel = "DIR", description = "Folder with the UPF pseudopotentials.")
        Path pseudoDir;

        @Option(names = "--pseudo", paramLabel = "EL=FILE", description = "Choose the file for an element (repeatable), e.g. Li=Li.pbe-s-rrkjus_psl.1.0.0.UPF.")
        Map<String, String> pseudoChoices = new LinkedHashMap<>();

        @Option(names = "--ecutwfc", required = true, paramLabel = "RY", description = "Wavefunction cutoff (Ry).")
        double ecutwfc;

        @Option(names = "--ecutrho", paramLabel = "RY", description = "Charge-density cutoff (Ry; default 8 × ecutwfc for ultrasoft/PAW, 4 × for norm-conserving).")
        Double ecutrho;

        @CommandLine.ArgGroup(exclusive = true)
        KMesh kmesh;

        static final class KMesh {
            @Option(names = "--kspacing", paramLabel = "1/Å", description = "k-point spacing (Å⁻¹, 2π included; default 0.3).")
            Double kspacing;

            @Option(names = "--gamma", description = "Γ point only (K_POINTS gamma).")
            boolean gamma;

            @Option(names = "--kpoints", paramLabel = "N1xN2xN3", description = "Explicit Monkhorst–Pack mesh, e.g. 2x2x2.")
            String kpoints;
        }

        @Option(names = "--occupations", defaultValue = "smearing", paramLabel = "fixed|smearing",
                description = "Electronic occupations (default ${DEFAULT-VALUE}: cold smearing converges displaced "
                        + "structures whose gap closes and leaves insulators unchanged; 'fixed' for strict insulators).")
        String occupations;

        @Option(names = "--smearing", defaultValue = "mv", paramLabel = "TYPE", description = "Smearing type: mv (Marzari–Vanderbilt), gaussian, mp, fd (default ${DEFAULT-VALUE}).")
        String smearing;

        @Option(names = "--degauss", defaultValue = "0.01", paramLabel = "RY", description = "Smearing width (Ry, default ${DEFAULT-VALUE}).")
        double degauss;

        @Option(names = "--mixing-beta", paramLabel = "B", description = "SCF mixing (default 0.7; a non-converged SCF is retried once with a smaller one).")
        Double mixingBeta;

        @Option(names = "--jobs", defaultValue = "1", description = "pw.x runs at a time (default ${DEFAULT-VALUE}).")
        int jobs;

        @Option(names = "--mpi", defaultValue = "1", paramLabel = "K", description = "MPI processes per pw.x run (default ${DEFAULT-VALUE}: no MPI).")
        int mpi;

        @Option(names = "--pw", defaultValue = "pw.x", paramLabel = "PROGRAM", description = "The pw.x program (default ${DEFAULT-VALUE}).")
        String pw;

        @Option(names = "--mpirun", defaultValue = "mpirun", paramLabel = "PROGRAM", description = "The MPI launcher (default ${DEFAULT-VALUE}).")
        String mpirun;

        @Option(names = "--timeout", paramLabel = "MINUTES", description = "Stop a pw.x run that takes longer than this.")
        Double timeoutMinutes;

        @Option(names = "--out", required = true, paramLabel = "DATASET.extxyz", description = "Dataset the results are appended to (with --project, a bare file name goes into the project's datasets/).")
        Path out;

        @Option(names = "--project", paramLabel = "DIR", description = "Record the jobs and the dataset in this project.")
        Path projectDir;

        @Option(names = "--work", paramLabel = "DIR", description = "Job folder (default: beside the dataset, or the project's jobs/).")
        Path work;

        @Option(names = "--json", description = "Print one JSON object with the summary.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            StructureCommand.requireFile(structures);
            List<Frame> frames = kiseki.io.StructureFormats.resolve(structures, null)
                    .readAll(structures, kiseki.io.ReadOptions.DEFAULT);
            List<Structure> list = new ArrayList<>(frames.size());
            Set<String> elements = new LinkedHashSet<>();
            for (Frame f : frames) {
                list.add(f.structure());
                for (Element e : f.structure().elements()) {
                    elements.add(e.symbol());
                }
            }
            PseudoAssignment pseudos = choosePseudos(elements);
            PwSettings settings = settings();
            for (String w : pseudos.cutoffWarnings(settings.ecutwfc(), settings.ecutrhoFor(pseudos.anyAugmented()))) {
                err.println("Warning: " + w);
            }

            Project project = projectDir == null ? null : Project.open(projectDir);
            Path dataset = out;
            if (project != null) {
                if (out.getParent() == null) {
                    dataset = project.dir().resolve(ArtefactKind.DATASET.folder()).resolve(out);
                } else if (!out.toAbsolutePath().normalize().startsWith(project.dir())) {
                    throw new IllegalArgumentException("with --project the dataset must lie inside the project ("
                            + project.dir() + "); give a bare file name to put it in datasets/");
                }
            }
            String stem = dataset.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            Path workDir = work != null ? work
                    : project != null ? project.dir().resolve(ArtefactKind.JOB.folder()).resolve("label-" + stem)
                    : dataset.toAbsolutePath().resolveSibling(stem + ".jobs");

            Labelling.Request request = new Labelling.Request(list, structures.getFileName().toString(), settings,
                    pseudos, workDir, dataset, jobs, mpi, pw, List.of(mpirun),
                    timeoutMinutes == null ? null : Duration.ofMillis((long) (timeoutMinutes * 60_000)));
            boolean resuming = Files.isDirectory(workDir.resolve("job-0001"));
            err.printf(Locale.ROOT, "%s %d structure%s (%s) with pw.x: ecutwfc %s Ry, %s, %d at a time; jobs in %s%n",
                    resuming ? "Resuming" : "Labelling", list.size(), list.size() == 1 ? "" : "s",
                    String.join(" ", elements), trim(settings.ecutwfc()), settings.kpoints().describe(), jobs, workDir);
            Progress progress = new Progress(err, list.size(), System.console() != null);
            Labelling labelling = new Labelling(request);
            Labelling.Summary summary;
            try (ShutdownCancel shutdown = new ShutdownCancel(labelling::cancel)) {
                summary = labelling.run(progress);
                progress.finish();
                if (project != null) {
                    record(project, summary, settings, request);
                }
            }
            report(summary);
            if (summary.failed() > 0 || summary.pending() > 0 || summary.cancelled() > 0) {
                throw new IllegalStateException(summary.converged() + " of " + summary.total()
                        + " structures labelled; " + summary.failed() + " failed, " + summary.cancelled()
                        + " cancelled" + (summary.pending() > 0 ? ", " + summary.pending() + " unfinished" : "")
                        + " (details above; run the same command again to resume)");
            }
            return 0;
        }

        private PseudoAssignment choosePseudos(Set<String> elements) throws IOException {
            if (!Files.isDirectory(pseudoDir)) {
                throw new java.nio.file.NoSuchFileException(pseudoDir.toString(), null, "not a folder");
            }
            PseudoLibrary lib = PseudoLibrary.scan(List.of(pseudoDir));
            PseudoAssignment a = PseudoAssignment.choose(lib, elements);
            for (Map.Entry<String, String> e : pseudoChoices.entrySet()) {
                Path file = pseudoDir.resolve(e.getValue());
                a = a.with(e.getKey(), Upf.read(file));
            }
            if (!a.isUsable()) {
                throw new IllegalArgumentException(String.join("; ", a.problems()));
            }
            return a;
        }

        private PwSettings settings() {
            KPoints k = KPoints.spacing(0.3);
            if (kmesh != null) {
                if (kmesh.gamma) {
                    k = KPoints.gamma();
                } else if (kmesh.kpoints != null) {
                    int[] n = Supercells.parseSize(kmesh.kpoints);
                    k = KPoints.mesh(n[0], n[1], n[2]);
                } else if (kmesh.kspacing != null) {
                    k = KPoints.spacing(kmesh.kspacing);
                }
            }
            PwSettings s = PwSettings.DEFAULTS.withCutoffs(ecutwfc, ecutrho).withKpoints(k);
            s = switch (occupations) {
                case "fixed" -> s.withFixedOccupations();
                case "smearing" -> s.withSmearing(smearing, degauss);
                default -> throw new IllegalArgumentException("--occupations must be 'fixed' or 'smearing', not '"
                        + occupations + "'");
            };
            if (mixingBeta != null) {
                s = s.withMixing(mixingBeta, s.mixingMode());
            }
            return s;
        }

        private void record(Project project, Labelling.Summary summary, PwSettings settings, Labelling.Request request)
                throws IOException {
            String workRel = relative(project, summary.workDir());
            String dataRel = relative(project, summary.dataset());
            Artefact job = find(project, workRel);
            if (job == null) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("program", "pw.x");
                params.put("structures", request.source());
                params.put("count", request.structures().size());
                params.put("settings_hash", Labelling.settingsHash(settings, request.pseudos()));
                params.put("settings", Json.MAPPER.readValue(settings.withPseudopotentials(request.pseudos()).toJson(),
                        Map.class));
                job = project.register(ArtefactKind.JOB, workRel, "pw.x labelling of " + request.source(), params,
                        List.of());
            }
            if (find(project, dataRel) == null && Files.exists(summary.dataset())) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("frames", summary.framesInDataset());
                params.put("labelled_with", "pw.x");
                project.register(ArtefactKind.DATASET, dataRel, summary.dataset().getFileName().toString(), params,
                        List.of(job.id()));
            }
        }

        private static Artefact find(Project project, String relative) {
            for (Artefact a : project.artefacts()) {
                if (a.path().equals(relative)) {
                    return a;
                }
            }
            return null;
        }

        private static String relative(Project project, Path p) {
            return project.dir().relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
        }

        private void report(Labelling.Summary s) {
            if (json) {
                ObjectNode o = Json.object();
                o.put("total", s.total());
                o.put("converged", s.converged());
                o.put("failed", s.failed());
                o.put("cancelled", s.cancelled());
                o.put("pending", s.pending());
                o.put("frames_added", s.framesAdded());
                o.put("frames_in_dataset", s.framesInDataset());
                o.put("dataset", s.dataset().toString());
                o.put("work_dir", s.workDir().toString());
                o.put("seconds", s.seconds());
                ObjectNode f = o.putObject("failures");
                s.failures().forEach(f::put);
                Json.print(spec.commandLine().getOut(), o);
            }
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "Done in %.1f s: %d of %d converged, %d failed; %d new frame%s, %d in %s%n",
                    s.seconds(), s.converged(), s.total(), s.failed(), s.framesAdded(), s.framesAdded() == 1 ? "" : "s",
                    s.framesInDataset(), s.dataset());
            s.failures().forEach((id, reason) -> err.println("  " + id + " failed: " + reason));
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    /** Progress on standard error: a bar redrawn in place on a terminal, one line per finished job otherwise. */
    static final class Progress implements Labelling.Listener {
        private final PrintWriter err;
        private final int total;
        private final boolean terminal;
        private final AtomicInteger finished = new AtomicInteger();
        private final Map<String, String> running = new LinkedHashMap<>();

        Progress(PrintWriter err, int total, boolean terminal) {
            this.err = err;
            this.total = total;
            this.terminal = terminal;
        }

        @Override
        public synchronized void jobChanged(Job job) {
            if (job.state() == JobState.RUNNING) {
                running.put(job.id(), "starting");
            } else if (job.state().isFinal()) {
                running.remove(job.id());
                int n = finished.incrementAndGet();
                if (!terminal) {
                    String what = switch (job.state()) {
                        case DONE -> String.format(Locale.ROOT, "converged, E = %s eV", job.result().get("energy_ev"));
                        case FAILED -> "failed: " + job.failure();
                        default -> job.state().jsonName();
                    };
                    err.printf("[%d/%d] %s %s%n", n, total, job.id(), what);
                    err.flush();
                }
            }
            draw();
        }

        @Override
        public synchronized void progress(Job job, ProgressUpdate update) {
            running.put(job.id(), update.text());
            draw();
        }

        private void draw() {
            if (!terminal) {
                return;
            }
            int n = finished.get();
            int width = 30;
            int filled = total == 0 ? width : n * width / total;
            String status = running.isEmpty() ? "" : " " + running.entrySet().iterator().next().getKey() + ": "
                    + running.values().iterator().next();
            String line = String.format("\r[%s%s] %d/%d done, %d running%s", "=".repeat(filled),
                    " ".repeat(width - filled), n, total, running.size(), status);
            err.print(line.length() > 120 ? line.substring(0, 120) : line + "\u001b[K");
            err.flush();
        }

        synchronized void finish() {
            if (terminal) {
                err.println();
            }
        }
    }
}
