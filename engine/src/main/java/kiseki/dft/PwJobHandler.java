package kiseki.dft;

import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.jobs.Completion;
import kiseki.jobs.Job;
import kiseki.jobs.JobHandler;
import kiseki.jobs.ProgressUpdate;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one pw.x SCF per job. The job folder holds {@value #INPUT} (what pw.x reads), {@value #STRUCTURE} (the
 * full-precision structure the labels belong to) and {@value #SETTINGS} (the settings, so a retry can re-render the
 * input). Progress comes from the SCF iterations pw.x prints; a run whose SCF did not converge is retried once with
 * more robust mixing ({@link PwInput#retrySettings}); the scratch folder {@value #OUTDIR} is deleted when a job ends,
 * because thousands of wavefunction files would fill the disk.
 */
public final class PwJobHandler implements JobHandler {

    public static final String KIND = "qe-scf";
    public static final String INPUT = "pw.in";
    public static final String STRUCTURE = "structure.extxyz";
    public static final String SETTINGS = "settings.json";
    public static final String OUTDIR = "out";
    public static final String PREFIX = "kiseki";

    private final Map<Path, PwProgress> progress = new ConcurrentHashMap<>();

    @Override
    public String kind() {
        return KIND;
    }

    /** The input files of a job labelling {@code structure}. */
    public static Map<String, String> inputFiles(Structure structure, PwSettings settings, PseudoAssignment pseudos) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(INPUT, PwInput.render(structure, settings, pseudos, PREFIX, "./" + OUTDIR));
        files.put(STRUCTURE, ExtxyzFormat.toText(new kiseki.structure.Frame(structure)));
        files.put(SETTINGS, settings.withPseudopotentials(pseudos).toJson());
        return files;
    }

    /** The command line of a job: {@code pw.x -in pw.in} (the executor adds the MPI launcher when asked to). */
    public static java.util.List<String> command(String pwExecutable) {
        return java.util.List.of(pwExecutable, "-in", INPUT);
    }

    /** The structure a job labels, as stored in its folder. */
    public static Structure structureOf(Job job) throws IOException {
        return new ExtxyzFormat().readFirst(job.file(STRUCTURE), ReadOptions.DEFAULT).structure();
    }

    @Override
    public ProgressUpdate onOutputLine(Job job, String line) {
        PwProgress p = progress.computeIfAbsent(job.dir(), d -> new PwProgress());
        p.accept(line);
        return p.iteration() > 0 ? ProgressUpdate.of(p.fraction(), p.statusText()) : null;
    }

    @Override
    public Completion complete(Job job, Path workDir, OptionalInt exitCode) throws IOException {
        progress.remove(job.dir());
        PwResult r = PwOutput.parse(job.stdout(), job.stderr(), exitCode.isPresent() ? exitCode.getAsInt() : null);
        switch (r.status()) {
            case CONVERGED -> {
                deleteScratch(workDir);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("energy_ev", r.frame().energy());
                putFinite(result, "wall_time_s", r.wallTimeSeconds());
                result.put("scf_iterations", r.scfIterations());
                result.put("qe_version", r.qeVersion() == null ? "" : r.qeVersion());
                return Completion.done(result);
            }
            case NOT_CONVERGED -> {
                PwSettings settings = PwSettings.fromJson(Files.readString(workDir.resolve(SETTINGS)));
                PwSettings robust = PwInput.retrySettings(settings);
                Structure s = structureOf(job);
                PseudoAssignment pseudos = PseudoAssignment.fromSettings(robust,
                        s.elements().stream().map(e -> e.symbol()).toList());
                deleteScratch(workDir);
                return Completion.retry(r.reason() + "; retrying with mixing_beta " + robust.mixingBeta() + " ("
                        + robust.mixingMode() + ") and " + robust.electronMaxstep() + " SCF steps",
                        inputFiles(s, robust, pseudos));
            }
            case INCOMPLETE -> {
                return Completion.incomplete(r.reason());
            }
            default -> {
                deleteScratch(workDir);
                return Completion.failed(r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + ": " + r.reason());
            }
        }
    }

    private static void putFinite(Map<String, Object> map, String key, double value) {
        if (Double.isFinite(value)) {
            map.put(key, value);
        }
    }

    private static void deleteScratch(Path workDir) throws IOException {
        Path out = workDir.resolve(OUTDIR);
        if (!Files.isDirectory(out)) {
            return;
        }
        Files.walkFileTree(out, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
