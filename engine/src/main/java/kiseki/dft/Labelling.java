package kiseki.dft;

import kiseki.dataset.Dataset;
import kiseki.dataset.DatasetWriter;
import kiseki.jobs.Job;
import kiseki.jobs.JobHandlers;
import kiseki.jobs.JobListener;
import kiseki.jobs.JobSpec;
import kiseki.jobs.JobState;
import kiseki.jobs.JobStore;
import kiseki.jobs.LocalExecutor;
import kiseki.jobs.ProgressUpdate;
import kiseki.jobs.Recovery;
import kiseki.structure.Frame;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Labels structures with Quantum ESPRESSO: one pw.x SCF job per structure in a persistent job folder, run on the
 * local executor, and every converged result appended to an extxyz dataset with its provenance. Only converged SCF
 * runs become frames.
 *
 * <p>Restartable: running the same request again (same work folder) resumes it. Jobs that finished are collected
 * without running again, pw.x processes still running are adopted, interrupted ones run again, and a frame already
 * in the dataset (found by its {@value #KEY} key) is never appended twice.
 *
 * <p>{@link #run} blocks; call {@link #cancel} from another thread to stop (running pw.x processes are killed).
 * Listener methods are called on executor threads.
 */
public final class Labelling {

    /** The frame-info key that identifies a labelled frame: {@code <work folder name>/<job id>}. */
    public static final String KEY = "label_job";

    /**
     * What to label and how.
     *
     * @param structures   the structures, in order (the job of structure i records index i)
     * @param source       where they came from (a file name), recorded in each frame
     * @param settings     pw.x settings
     * @param pseudos      the pseudopotential of each element (its folder becomes pseudo_dir)
     * @param workDir      the job folder (one sub-folder per job); an existing one is resumed
     * @param dataset      the extxyz dataset the frames are appended to
     * @param parallelJobs pw.x runs at a time
     * @param mpiRanks     MPI processes per pw.x run (1 = no MPI launcher)
     * @param pwExecutable the pw.x program (name on PATH or a path)
     * @param mpiLauncher  the MPI launcher and its fixed arguments, e.g. [mpirun]; {@code -np K} is added
     * @param timeout      the longest one pw.x run may take, or null for no limit
     */
    public record Request(List<Structure> structures, String source, PwSettings settings, PseudoAssignment pseudos,
            Path workDir, Path dataset, int parallelJobs, int mpiRanks, String pwExecutable, List<String> mpiLauncher,
            Duration timeout) {

        public Request {
            structures = List.copyOf(structures);
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(pseudos, "pseudos");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(dataset, "dataset");
            if (structures.isEmpty()) {
                throw new IllegalArgumentException("there are no structures to label");
            }
            if (parallelJobs < 1 || mpiRanks < 1) {
                throw new IllegalArgumentException("parallel jobs and MPI ranks must be at least 1");
            }
            if (!pseudos.isUsable()) {
                throw new IllegalArgumentException(String.join("; ", pseudos.problems()));
            }
            source = source == null ? "" : source;
            pwExecutable = pwExecutable == null || pwExecutable.isBlank() ? "pw.x" : pwExecutable;
            mpiLauncher = mpiLauncher == null || mpiLauncher.isEmpty() ? List.of("mpirun") : List.copyOf(mpiLauncher);
        }
    }

    /** Callbacks while labelling runs (on executor threads). */
    public interface Listener {
        /**
         * Before anything runs: every job of the run (created now or found in the work folder), with its state, so
         * that a user interface can list them all at once (the job of structure i records "index" = i).
         */
        default void ready(List<Job> jobs) {
        }

        /** A job changed state (queued, running, done, failed, cancelled). */
        default void jobChanged(Job job) {
        }

        /** A running job reported SCF progress. */
        default void progress(Job job, ProgressUpdate update) {
        }

        /** A converged result was appended to the dataset. */
        default void collected(Job job, Frame frame) {
        }
    }

    /**
     * How a run ended.
     *
     * @param failures job id → reason, for jobs that failed
     */
    public record Summary(int total, int converged, int failed, int cancelled, int pending, int framesAdded,
            int framesInDataset, Map<String, String> failures, Path dataset, Path workDir, double seconds) {
    }

    private final Request request;
    private volatile boolean cancelled;
    private volatile LocalExecutor executor;
    private volatile JobStore store;

    public Labelling(Request request) {
        this.request = request;
    }

    /** Stops the run: queued jobs are cancelled, running pw.x processes killed. */
    public void cancel() {
        cancelled = true;
        LocalExecutor e = executor;
        if (e != null) {
            e.cancelAll();
        }
    }

    /**
     * Stops one job of the running labelling: a queued job is cancelled before it starts, a running pw.x is killed;
     * the other jobs go on. Returns false when the job is not queued or running in this run (finished, unknown, or
     * no run in progress). Running the request again reruns cancelled jobs.
     */
    public boolean cancel(String jobId) {
        LocalExecutor e = executor;
        JobStore s = store;
        return e != null && s != null && e.cancel(s, jobId);
    }

    /** A short fingerprint of the settings and pseudopotentials, recorded with every job and frame. */
    public static String settingsHash(PwSettings settings, PseudoAssignment pseudos) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(settings.withPseudopotentials(pseudos).toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Runs (or resumes) the labelling and returns when every job has ended or the run was cancelled. */
    public Summary run(Listener listener) throws IOException, InterruptedException {
        Listener l = listener == null ? new Listener() { } : listener;
        long t0 = System.nanoTime();
        String hash = settingsHash(request.settings(), request.pseudos());
        String batch = request.workDir().toAbsolutePath().normalize().getFileName().toString();
        int[] added = {0};
        try (JobStore store = JobStore.open(request.workDir());
                DatasetWriter writer = DatasetWriter.open(request.dataset())) {
            Set<String> inDataset = new HashSet<>(Dataset.keys(request.dataset(), KEY));
            createMissingJobs(store, hash);
            for (Job job : store.jobs()) {
                if (job.state() == JobState.CANCELLED) {
                    store.requeue(job.id()); // cancelled last time: the user re-ran the command to finish
                }
            }
            l.ready(store.jobs());
            // results that finished in an earlier session but never reached the dataset
            for (Job job : store.jobs()) {
                if (job.state() == JobState.DONE) {
                    collect(job, batch, hash, writer, inDataset, added, l);
                }
            }
            if (cancelled) {
                return summary(store, added[0], writer.frames(), t0);
            }
            LocalExecutor.Settings settings = LocalExecutor.Settings.defaults()
                    .withSlots(request.parallelJobs())
                    .withMpiProcesses(request.mpiRanks())
                    .withMpiLauncher(request.mpiLauncher());
            LocalExecutor exec = new LocalExecutor(JobHandlers.withDefaults().register(new PwJobHandler()), settings);
            this.store = store;
            executor = exec;
            List<Throwable> collectErrors = new ArrayList<>();
            exec.addListener(new JobListener() {
                @Override
                public void stateChanged(JobStore s, Job job) {
                    l.jobChanged(job);
                    if (job.state() == JobState.DONE) {
                        try {
                            collect(job, batch, hash, writer, inDataset, added, l);
                        } catch (IOException | RuntimeException e) {
                            synchronized (collectErrors) {
                                collectErrors.add(e);
                            }
                        }
                    }
                }

                @Override
                public void progress(JobStore s, Job job, ProgressUpdate update) {
                    l.progress(job, update);
                }
            });
            try {
                if (cancelled) {
                    return summary(store, added[0], writer.frames(), t0);
                }
                Recovery recovery = exec.recover(store);
                CompletableFuture.allOf(recovery.futures().values().toArray(CompletableFuture[]::new)).get();
            } catch (ExecutionException e) {
                throw new IOException("the job executor failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                exec.cancelAll();
                throw e;
            } finally {
                exec.shutdown();
                executor = null;
                this.store = null;
            }
            synchronized (collectErrors) {
                if (!collectErrors.isEmpty()) {
                    Throwable first = collectErrors.get(0);
                    throw new IOException("could not add a result to " + request.dataset() + ": " + first.getMessage(),
                            first);
                }
            }
            // a job may have finished between the listener's call and the end of the run
            for (Job job : store.jobs()) {
                if (job.state() == JobState.DONE) {
                    collect(job, batch, hash, writer, inDataset, added, l);
                }
            }
            return summary(store, added[0], writer.frames(), t0);
        }
    }

    private void createMissingJobs(JobStore store, String hash) throws IOException {
        Set<Integer> present = new HashSet<>();
        for (Job job : store.jobs()) {
            if (!PwJobHandler.KIND.equals(job.kind())) {
                continue;
            }
            Object h = job.parameters().get("settings_hash");
            if (!hash.equals(h)) {
                throw new IllegalStateException(store.dir() + " holds a labelling run with other settings (" + h
                        + ", now " + hash + "); label into a new dataset or work folder, or delete that folder");
            }
            Object index = job.parameters().get("index");
            if (index instanceof Number n) {
                present.add(n.intValue());
            }
        }
        if (!present.isEmpty() && present.stream().anyMatch(i -> i >= request.structures().size())) {
            throw new IllegalStateException(store.dir() + " holds a labelling run of more structures than given now ("
                    + request.structures().size() + "); label into a new dataset or work folder");
        }
        for (int i = 0; i < request.structures().size(); i++) {
            if (present.contains(i)) {
                continue;
            }
            Structure s = request.structures().get(i);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("index", i);
            params.put("formula", s.composition().formula());
            params.put("natoms", s.size());
            params.put("settings_hash", hash);
            params.put("source", request.source());
            JobSpec spec = JobSpec.of(PwJobHandler.KIND, PwJobHandler.command(request.pwExecutable()))
                    .withParameters(params).withMpi(true).withTimeout(request.timeout());
            store.create(spec, PwJobHandler.inputFiles(s, request.settings(), request.pseudos()));
        }
    }

    private void collect(Job job, String batch, String hash, DatasetWriter writer, Set<String> inDataset, int[] added,
            Listener l) throws IOException {
        String key = batch + "/" + job.id();
        synchronized (inDataset) {
            if (inDataset.contains(key)) {
                return;
            }
            PwResult r = PwOutput.parse(job.stdout(), job.stderr(), job.exitCode());
            if (!r.isConverged()) {
                return; // the handler decided DONE only for converged runs; a changed file is not ours to add
            }
            Frame frame = r.labelsOn(PwJobHandler.structureOf(job));
            frame.info().put(KEY, key);
            frame.info().put("source", request.source());
            frame.info().put("source_index", String.valueOf(job.parameters().get("index")));
            frame.info().put("qe_version", r.qeVersion() == null ? "" : r.qeVersion());
            frame.info().put("settings_hash", hash);
            writer.append(frame);
            inDataset.add(key);
            added[0]++;
            l.collected(job, frame);
        }
    }

    private Summary summary(JobStore store, int added, int framesInDataset, long t0) {
        int converged = 0;
        int failed = 0;
        int cancelledJobs = 0;
        int pending = 0;
        Map<String, String> failures = new LinkedHashMap<>();
        for (Job job : store.jobs()) {
            switch (job.state()) {
                case DONE -> converged++;
                case FAILED -> {
                    failed++;
                    failures.put(job.id(), job.failure() == null ? "failed" : job.failure());
                }
                case CANCELLED -> cancelledJobs++;
                default -> pending++;
            }
        }
        return new Summary(store.jobs().size(), converged, failed, cancelledJobs, pending, added, framesInDataset,
                failures, request.dataset(), store.dir(), (System.nanoTime() - t0) * 1e-9);
    }
}
