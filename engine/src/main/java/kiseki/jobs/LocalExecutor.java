package kiseki.jobs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs jobs as processes on this computer, at most {@link Settings#slots()} at a time.
 *
 * <h2>How a job runs</h2>
 * The command runs in the job folder with standard output and error redirected straight into {@code stdout.txt} and
 * {@code stderr.txt} (not through this application, so the program survives the application being closed or killed)
 * and standard input from the null device. On Unix it is started through a small {@code /bin/sh} wrapper that writes
 * its pid to {@code pid.txt} first and its exit code to {@code exit-code.txt} when it ends, so the exit code is known
 * even if nobody was watching. The job is saved as RUNNING just before the process starts and again with the
 * process's pid and start time just after. While it runs, new lines of
 * {@code stdout.txt} are passed to the job's {@link JobHandler} for progress (polled every 100 ms).
 * <p>
 * MPI programs ({@link JobSpec#mpi()}) are started as {@code <launcher…> -np <K> <command…>} when
 * {@link Settings#mpiProcesses()} K is more than 1; a slot then stands for K cores. Every job gets
 * {@code OMP_NUM_THREADS=1} unless its spec or the settings say otherwise: threaded maths libraries in several
 * parallel jobs would otherwise each take every core.
 *
 * <p>
 * Jobs whose handler is an {@link InProcessJobHandler} run on the worker thread instead, without a process: saved as
 * RUNNING, then {@link InProcessJobHandler#run} is called; cancel, the time limit (checked when the run reports
 * progress) and {@link #shutdown} set its stop flag. Such a job left RUNNING by a closed or killed application is
 * judged by its handler on {@link #recover} like a process that ended while nobody watched.
 *
 * <h2>Ending</h2>
 * Timeout and cancel kill the whole process tree (SIGTERM to every process, SIGKILL after
 * {@link Settings#killGrace()}). A handler's RETRY reruns the job at once in the same slot, at most
 * {@link Settings#maxRetries()} times per job; the earlier attempt's output is kept as {@code stdout.attempt1.txt}
 * etc.
 *
 * <h2>Threads</h2>
 * A fixed pool of one worker thread per slot; listeners are called on those threads. All public methods are
 * thread-safe and return at once, except {@link #awaitAll} and {@link #shutdown}.
 */
public final class LocalExecutor implements JobExecutor {

    /**
     * How a {@link LocalExecutor} runs jobs.
     *
     * @param slots         how many jobs run at once
     * @param mpiProcesses  processes per MPI job (1: MPI jobs run without a launcher)
     * @param mpiLauncher   the launcher and any options before {@code -np}, e.g. {@code [mpirun]} or
     *                      {@code [/opt/openmpi/bin/mpirun, --bind-to, none]}
     * @param killGrace     how long a killed process tree may take to end after SIGTERM before it gets SIGKILL
     * @param maxRetries    how many times one job is rerun when its handler asks for a RETRY
     * @param environment   environment variables for every job (a job's own override them)
     */
    public record Settings(int slots, int mpiProcesses, List<String> mpiLauncher, Duration killGrace,
            int maxRetries, Map<String, String> environment) {

        public Settings {
            if (slots < 1) {
                throw new IllegalArgumentException("at least one slot is needed, got " + slots);
            }
            if (mpiProcesses < 1) {
                throw new IllegalArgumentException("MPI process count must be at least 1, got " + mpiProcesses);
            }
            mpiLauncher = List.copyOf(mpiLauncher);
            if (mpiLauncher.isEmpty() || mpiLauncher.get(0).isBlank()) {
                throw new IllegalArgumentException("the MPI launcher must name a program, e.g. mpirun");
            }
            Objects.requireNonNull(killGrace, "killGrace");
            if (killGrace.isNegative()) {
                throw new IllegalArgumentException("kill grace period must not be negative");
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            environment = Map.copyOf(environment);
        }

        /**
         * One slot per processor, no MPI, {@code mpirun} as launcher, 10 s grace, one retry,
         * {@code OMP_NUM_THREADS=1}.
         */
        public static Settings defaults() {
            return new Settings(Runtime.getRuntime().availableProcessors(), 1, List.of("mpirun"),
                    Duration.ofSeconds(10), 1, Map.of("OMP_NUM_THREADS", "1"));
        }

        public Settings withSlots(int newSlots) {
            return new Settings(newSlots, mpiProcesses, mpiLauncher, killGrace, maxRetries, environment);
        }

        public Settings withMpiProcesses(int newMpiProcesses) {
            return new Settings(slots, newMpiProcesses, mpiLauncher, killGrace, maxRetries, environment);
        }

        public Settings withMpiLauncher(List<String> newLauncher) {
            return new Settings(slots, mpiProcesses, newLauncher, killGrace, maxRetries, environment);
        }

        public Settings withKillGrace(Duration newKillGrace) {
            return new Settings(slots, mpiProcesses, mpiLauncher, newKillGrace, maxRetries, environment);
        }

        public Settings withMaxRetries(int newMaxRetries) {
            return new Settings(slots, mpiProcesses, mpiLauncher, killGrace, newMaxRetries, environment);
        }

        public Settings withEnvironment(Map<String, String> newEnvironment) {
            return new Settings(slots, mpiProcesses, mpiLauncher, killGrace, maxRetries, newEnvironment);
        }
    }

    private static final System.Logger LOG = System.getLogger(LocalExecutor.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");
    private static final Path SHELL = Path.of("/bin/sh");
    /** Runs the command ("$@") and records its exit code; the file is read by {@link #readExitCode}. */
    private static final String WRAPPER = "echo $$ > " + Job.PID_FILE + "; \"$@\"; code=$?; echo \"$code\" > "
            + Job.EXIT_CODE_FILE + "; exit \"$code\"";
    private static final AtomicInteger POOLS = new AtomicInteger();

    private record Key(Path store, String id) {
    }

    private enum Mode { RUN, ADOPT, COLLECT }

    /** One job queued or running here. Fields other than the final ones are guarded by {@link #lock}. */
    private static final class Entry {
        final JobStore store;
        final String id;
        final Key key;
        final CompletableFuture<Job> future = new CompletableFuture<>();
        Mode mode;
        ProcessHandle adopted;
        boolean started;
        volatile boolean cancelRequested;
        /** Asks an in-process run ({@link InProcessJobHandler}) to stop: cancel, time limit, or shutdown. */
        final AtomicBoolean stop = new AtomicBoolean();
        volatile boolean timedOut;

        Entry(JobStore store, String id, Mode mode, ProcessHandle adopted) {
            this.store = store;
            this.id = id;
            this.key = new Key(store.dir(), id);
            this.mode = mode;
            this.adopted = adopted;
        }
    }

    private enum EndKind { EXITED, CANCELLED, TIMED_OUT, DETACHED }

    /** How one attempt's process ended; {@code completion} is what an in-process run returned (null otherwise). */
    private record Ending(EndKind kind, OptionalInt exitCode, Completion completion) {
        Ending(EndKind kind, OptionalInt exitCode) {
            this(kind, exitCode, null);
        }

        static Ending of(EndKind kind) {
            return new Ending(kind, OptionalInt.empty());
        }
    }

    private final JobHandlers handlers;
    private final Settings settings;
    private final ExecutorService workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final Deque<Entry> queue = new ArrayDeque<>();
    private final Map<Key, Entry> active = new LinkedHashMap<>();
    private final Map<Key, ProgressUpdate> progress = new ConcurrentHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    public LocalExecutor(JobHandlers handlers, Settings settings) {
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.settings = Objects.requireNonNull(settings, "settings");
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.slots(), r -> {
            Thread t = new Thread(r, "kiseki-jobs-" + pool + "-slot-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.slots(); i++) {
            workers.execute(this::workerLoop);
        }
    }

    public Settings settings() {
        return settings;
    }

    // ------------------------------------------------------------------------------------------------ public API

    @Override
    public CompletableFuture<Job> submit(JobStore store, String jobId) {
        Job job = store.get(jobId);
        handlers.require(job.kind());
        lock.lock();
        try {
            checkRunning();
            Entry existing = active.get(new Key(store.dir(), jobId));
            if (existing != null) {
                return existing.future;
            }
            Job current = store.get(jobId);
            if (current.state() != JobState.QUEUED) {
                throw new IllegalStateException("job " + jobId + " is " + current.state().jsonName()
                        + "; only queued jobs can be submitted (recover() picks up running ones)");
            }
            Entry entry = new Entry(store, jobId, Mode.RUN, null);
            active.put(entry.key, entry);
            queue.addLast(entry);
            workAvailable.signal();
            return entry.future;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean cancel(JobStore store, String jobId) {
        Entry cancelledWhileQueued;
        Job cancelled = null;
        IOException saveError = null;
        lock.lock();
        try {
            Entry entry = active.get(new Key(store.dir(), jobId));
            if (entry == null) {
                return false;
            }
            if (entry.started || entry.mode == Mode.ADOPT) {
                // the worker kills the process tree (an adopted job's process is running even before its turn)
                entry.cancelRequested = true;
                entry.stop.set(true);
                return true;
            }
            queue.remove(entry);
            cancelledWhileQueued = entry;
            try {
                cancelled = store.update(store.get(jobId).cancelled("cancelled before it started", Instant.now()));
            } catch (IOException e) {
                saveError = e;
            }
            forget(entry);
        } finally {
            lock.unlock();
        }
        if (cancelled != null) {
            fireState(store, cancelled);
            cancelledWhileQueued.future.complete(cancelled);
        } else {
            cancelledWhileQueued.future.completeExceptionally(saveError);
        }
        return true;
    }

    @Override
    public void cancelAll() {
        List<Entry> entries;
        lock.lock();
        try {
            entries = new ArrayList<>(active.values());
        } finally {
            lock.unlock();
        }
        for (Entry e : entries) {
            cancel(e.store, e.id);
        }
    }

    @Override
    public Recovery recover(JobStore store) {
        List<String> adopted = new ArrayList<>();
        List<String> collected = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        List<String> unhandled = new ArrayList<>();
        Map<String, CompletableFuture<Job>> futures = new LinkedHashMap<>();
        List<Entry> first = new ArrayList<>();
        lock.lock();
        try {
            checkRunning();
            for (Job job : store.jobs()) {
                Key key = new Key(store.dir(), job.id());
                Entry existing = active.get(key);
                if (existing != null) {
                    futures.put(job.id(), existing.future);
                    continue;
                }
                if (job.state().isFinal()) {
                    continue;
                }
                if (handlers.find(job.kind()).isEmpty()) {
                    unhandled.add(job.id());
                    continue;
                }
                Entry entry;
                if (job.state() == JobState.QUEUED) {
                    entry = new Entry(store, job.id(), Mode.RUN, null);
                    queue.addLast(entry);
                    queued.add(job.id());
                } else {
                    Optional<ProcessHandle> alive = job.pid() != null
                            ? ProcessTree.find(job.pid(), job.processStart())
                            : launchedUnrecorded(job);
                    if (alive.isPresent() && readExitCode(job).isEmpty()) {
                        entry = new Entry(store, job.id(), Mode.ADOPT, alive.get());
                        adopted.add(job.id());
                    } else {
                        entry = new Entry(store, job.id(), Mode.COLLECT, null);
                        collected.add(job.id());
                    }
                    first.add(entry);
                }
                active.put(key, entry);
                futures.put(job.id(), entry.future);
            }
            // Collecting is quick, so it goes first; adopted processes are running already, so they come before
            // anything new is started.
            first.sort((a, b) -> Integer.compare(a.mode == Mode.COLLECT ? 0 : 1, b.mode == Mode.COLLECT ? 0 : 1));
            for (int i = first.size() - 1; i >= 0; i--) {
                queue.addFirst(first.get(i));
            }
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        return new Recovery(adopted, collected, queued, unhandled, futures);
    }

    @Override
    public Optional<ProgressUpdate> progress(JobStore store, String jobId) {
        return Optional.ofNullable(progress.get(new Key(store.dir(), jobId)));
    }

    @Override
    public void addListener(JobListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(JobListener listener) {
        listeners.remove(listener);
    }

    @Override
    public boolean awaitAll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!active.isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Returns once the worker threads have let go of their jobs: within a poll interval, or after a kill already
     * under way has finished (at most {@link Settings#killGrace()} and a few seconds).
     */
    @Override
    public void shutdown() {
        List<Entry> notStarted = new ArrayList<>();
        lock.lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
            for (Entry e : queue) {
                notStarted.add(e);
                forget(e);
            }
            queue.clear();
            for (Entry e : active.values()) {
                e.stop.set(true); // in-process runs end with the application; they continue after recover()
            }
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        for (Entry e : notStarted) {
            e.future.completeExceptionally(detached(e));
        }
        workers.shutdown();
        try {
            workers.awaitTermination(settings.killGrace().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ worker side

    private void workerLoop() {
        while (true) {
            Entry entry;
            lock.lock();
            try {
                while (queue.isEmpty() && !stopping) {
                    workAvailable.awaitUninterruptibly();
                }
                if (stopping) {
                    return;
                }
                entry = queue.pollFirst();
                entry.started = true;
            } finally {
                lock.unlock();
            }
            Job last = null;
            Throwable error = null;
            try {
                last = execute(entry);
            } catch (Throwable e) {
                error = e;
                LOG.log(System.Logger.Level.WARNING, "job " + entry.id + " in " + entry.store.dir() + ": " + e, e);
            }
            lock.lock();
            try {
                forget(entry);
            } finally {
                lock.unlock();
            }
            if (last != null && last.state().isFinal()) {
                entry.future.complete(last);
            } else if (error != null) {
                entry.future.completeExceptionally(error);
            } else {
                entry.future.completeExceptionally(detached(entry));
            }
        }
    }

    /** Runs, adopts or collects one job until it is final, or until the executor stops (then returns it as is). */
    private Job execute(Entry entry) throws IOException, InterruptedException {
        JobStore store = entry.store;
        Job job = store.get(entry.id);
        JobHandler handler = handlers.require(job.kind());
        Mode mode = entry.mode;
        boolean isRetry = false;
        if (mode == Mode.RUN && job.state() != JobState.QUEUED) {
            return job; // changed since it was submitted
        }
        while (true) {
            Ending ending;
            if (mode == Mode.RUN) {
                if (entry.cancelRequested) {
                    return save(entry, job.cancelled("cancelled by the user", Instant.now()));
                }
                if (stopping) {
                    return job;
                }
            }
            if (mode == Mode.RUN && handler instanceof InProcessJobHandler inProcess) {
                job = save(entry, job.launching(Instant.now(), isRetry));
                ending = runInProcess(entry, job, inProcess);
            } else if (mode == Mode.RUN) {
                Process process;
                List<String> argv = commandLine(job.spec());
                Map<String, String> environment = environment(job.spec());
                String missing = missingProgram(argv, job.spec(), environment, job.dir());
                if (missing != null) {
                    return save(entry, job.failed("cannot start: the program '" + missing
                            + "' was not found" + (missing.contains("/") ? "" : " on the PATH"), null, Instant.now()));
                }
                Files.deleteIfExists(job.file(Job.EXIT_CODE_FILE));
                Files.deleteIfExists(job.file(Job.PID_FILE));
                ProcessBuilder builder = new ProcessBuilder(wrap(argv))
                        .directory(job.dir().toFile())
                        .redirectOutput(job.stdout().toFile())
                        .redirectError(job.stderr().toFile())
                        .redirectInput(new File(WINDOWS ? "NUL" : "/dev/null"));
                builder.environment().putAll(environment);
                // RUNNING before the process exists: a crash from here on leaves a job recovery looks at
                job = entry.store.update(job.launching(Instant.now(), isRetry));
                try {
                    process = builder.start();
                } catch (IOException e) {
                    return save(entry, job.failed("cannot start " + argv.get(0) + ": " + e.getMessage(), null,
                            Instant.now()));
                }
                ProcessHandle handle = process.toHandle();
                try {
                    job = save(entry, job.withProcess(handle.pid(), handle.info().startInstant().orElse(null)));
                } catch (IOException | RuntimeException e) {
                    // Not recorded anywhere: a process nobody knows about must not keep running.
                    ProcessTree.kill(handle, settings.killGrace());
                    throw e;
                }
                ending = watch(entry, job, handler, handle, process);
            } else if (mode == Mode.ADOPT) {
                if (job.pid() == null) {
                    // found through the wrapper's pid file: record it so the next recovery need not search
                    job = entry.store.update(job.withProcess(entry.adopted.pid(),
                            entry.adopted.info().startInstant().orElse(null)));
                }
                ending = watch(entry, job, handler, entry.adopted, null);
            } else {
                ending = new Ending(EndKind.EXITED, readExitCode(job));
            }

            Instant now = Instant.now();
            switch (ending.kind()) {
                case DETACHED:
                    return job;
                case CANCELLED:
                    return save(entry, job.cancelled("cancelled by the user", now));
                case TIMED_OUT:
                    return save(entry, job.failed("timed out after " + describe(job.spec().timeout())
                            + " (the limit set for this job)", null, now));
                case EXITED:
                default:
                    break;
            }
            OptionalInt exitCode = ending.exitCode();
            Integer code = exitCode.isPresent() ? exitCode.getAsInt() : null;
            Completion completion = ending.completion() != null ? ending.completion()
                    : judge(handler, job, exitCode);
            switch (completion.outcome()) {
                case DONE:
                    return save(entry, job.done(completion.result(), code, now));
                case FAILED:
                    return save(entry, job.failed(completion.reason(), code, now));
                case RETRY:
                    if (job.retries() >= settings.maxRetries()) {
                        return save(entry, job.failed(completion.reason() + " (still failing after "
                                + job.attempt() + (job.attempt() == 1 ? " attempt)" : " attempts)"), code, now));
                    }
                    store.moveOutputsAside(job);
                    store.replaceInputs(job, completion.replacedFiles());
                    job = save(entry, job.queued());
                    isRetry = true;
                    break;
                case INCOMPLETE:
                default:
                    if (code != null) {
                        return save(entry, job.failed(completion.reason() + " (the program stopped with exit code "
                                + code + ")", code, now));
                    }
                    // interrupted while nobody watched: run it again, unchanged
                    store.moveOutputsAside(job);
                    job = save(entry, job.queued());
                    isRetry = false;
                    break;
            }
            mode = Mode.RUN;
        }
    }

    /** Follows a running process until it ends, is cancelled, times out, or the executor stops. */
    private Ending watch(Entry entry, Job job, JobHandler handler, ProcessHandle handle, Process child)
            throws IOException, InterruptedException {
        OutputTail tail = new OutputTail(job.stdout());
        Duration timeout = job.spec().timeout();
        Instant startedAt = job.processStart() != null ? job.processStart() : job.started();
        Instant deadline = timeout == null || startedAt == null ? null : startedAt.plus(timeout);
        while (true) {
            deliver(entry, job, handler, tail.newLines());
            boolean ended = child != null ? !child.isAlive()
                    : readExitCode(job).isPresent() || !ProcessTree.isRunning(handle);
            if (ended) {
                break;
            }
            if (entry.cancelRequested) {
                ProcessTree.kill(handle, settings.killGrace());
                deliver(entry, job, handler, tail.rest());
                return Ending.of(EndKind.CANCELLED);
            }
            if (deadline != null && Instant.now().isAfter(deadline)) {
                ProcessTree.kill(handle, settings.killGrace());
                deliver(entry, job, handler, tail.rest());
                return Ending.of(EndKind.TIMED_OUT);
            }
            if (stopping) {
                return Ending.of(EndKind.DETACHED);
            }
            if (child != null) {
                child.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                Thread.sleep(POLL.toMillis());
            }
        }
        deliver(entry, job, handler, tail.rest());
        return new Ending(EndKind.EXITED, child != null ? OptionalInt.of(child.exitValue()) : readExitCode(job));
    }

    /**
     * Runs an in-process job on this worker thread. A run that stopped early (INCOMPLETE) ends as the stop request
     * says: cancelled, timed out, or detached when the executor shuts down (the job stays RUNNING on disk, and
     * {@link #recover} continues it).
     */
    private Ending runInProcess(Entry entry, Job job, InProcessJobHandler handler) {
        Duration timeout = job.spec().timeout();
        Instant deadline = timeout == null || job.started() == null ? null : job.started().plus(timeout);
        InProcessJobHandler.Context context = new InProcessJobHandler.Context() {
            @Override
            public AtomicBoolean stopFlag() {
                return entry.stop;
            }

            @Override
            public void progress(ProgressUpdate update) {
                if (deadline != null && Instant.now().isAfter(deadline)) {
                    entry.timedOut = true;
                    entry.stop.set(true);
                }
                publish(entry, job, Objects.requireNonNull(update, "update"));
            }
        };
        Completion completion;
        try {
            completion = Objects.requireNonNull(handler.run(job, job.dir(), context), "handler returned null");
        } catch (IOException e) {
            completion = Completion.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler " + handler.kind() + " failed on " + job.dir(), e);
            completion = Completion.failed("the " + handler.kind() + " handler failed: " + e);
        }
        if (completion.outcome() == Completion.Outcome.INCOMPLETE) {
            if (entry.cancelRequested) {
                return Ending.of(EndKind.CANCELLED);
            }
            if (entry.timedOut) {
                return Ending.of(EndKind.TIMED_OUT);
            }
            if (stopping) {
                return Ending.of(EndKind.DETACHED);
            }
            completion = Completion.failed(completion.reason());
        }
        return new Ending(EndKind.EXITED, OptionalInt.empty(), completion);
    }

    private Completion judge(JobHandler handler, Job job, OptionalInt exitCode) {
        try {
            return Objects.requireNonNull(handler.complete(job, job.dir(), exitCode), "handler returned null");
        } catch (IOException e) {
            return Completion.failed("could not read the output: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler " + handler.kind() + " failed on " + job.dir(), e);
            return Completion.failed("the " + handler.kind() + " handler failed: " + e);
        }
    }

    private void deliver(Entry entry, Job job, JobHandler handler, List<String> lines) {
        for (String line : lines) {
            ProgressUpdate update;
            try {
                update = handler.onOutputLine(job, line);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "progress parsing failed for " + job.id(), e);
                continue;
            }
            if (update != null) {
                publish(entry, job, update);
            }
        }
    }

    private void publish(Entry entry, Job job, ProgressUpdate update) {
        progress.put(entry.key, update);
        for (JobListener l : listeners) {
            try {
                l.progress(entry.store, job, update);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "job listener failed", e);
            }
        }
    }

    private Job save(Entry entry, Job job) throws IOException {
        Job saved = entry.store.update(job);
        fireState(entry.store, saved);
        return saved;
    }

    private void fireState(JobStore store, Job job) {
        for (JobListener l : listeners) {
            try {
                l.stateChanged(store, job);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "job listener failed", e);
            }
        }
    }

    /** Removes a finished or dropped entry; wakes {@link #awaitAll}. Caller holds the lock. */
    private void forget(Entry entry) {
        active.remove(entry.key);
        progress.remove(entry.key);
        if (active.isEmpty()) {
            idle.signalAll();
        }
    }

    private void checkRunning() {
        if (stopping) {
            throw new IllegalStateException("the job executor has been shut down");
        }
    }

    private static IllegalStateException detached(Entry e) {
        return new IllegalStateException("the job executor was shut down; job " + e.id + " stays in " + e.store.dir()
                + " and is picked up again by recover()");
    }

    // ------------------------------------------------------------------------------------------------- launching

    /** The command with the MPI launcher in front when the job is an MPI job and more than one process is set. */
    List<String> commandLine(JobSpec spec) {
        List<String> argv = new ArrayList<>();
        if (spec.mpi() && settings.mpiProcesses() > 1) {
            argv.addAll(settings.mpiLauncher());
            argv.add("-np");
            argv.add(Integer.toString(settings.mpiProcesses()));
        }
        argv.addAll(spec.command());
        return argv;
    }

    private static List<String> wrap(List<String> argv) {
        if (WINDOWS || !Files.isExecutable(SHELL)) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(argv.size() + 4);
        wrapped.add(SHELL.toString());
        wrapped.add("-c");
        wrapped.add(WRAPPER);
        wrapped.add("kiseki-job"); // $0, shown by ps
        wrapped.addAll(argv);
        return wrapped;
    }

    private Map<String, String> environment(JobSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(settings.environment());
        env.putAll(spec.environment());
        return env;
    }

    /**
     * The first program of the command line (the MPI launcher if any, then the program itself) that cannot be found,
     * or null. Checked before starting so the user reads "pw.x was not found" rather than a shell's exit code 127.
     */
    private static String missingProgram(List<String> argv, JobSpec spec, Map<String, String> env, Path dir) {
        String path = env.getOrDefault("PATH", System.getenv("PATH"));
        for (String program : List.of(argv.get(0), spec.command().get(0))) {
            if (!isExecutable(program, path, dir)) {
                return program;
            }
        }
        return null;
    }

    private static boolean isExecutable(String program, String pathVariable, Path dir) {
        List<String> suffixes = WINDOWS ? List.of("", ".exe", ".bat", ".cmd", ".com") : List.of("");
        try {
            if (program.contains("/") || program.contains(File.separator)) {
                Path p = dir.resolve(program);
                return suffixes.stream().anyMatch(s -> Files.isExecutable(Path.of(p + s)));
            }
            if (pathVariable == null) {
                return false;
            }
            for (String folder : pathVariable.split(File.pathSeparator)) {
                if (folder.isEmpty()) {
                    continue;
                }
                for (String s : suffixes) {
                    Path candidate = Path.of(folder, program + s);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The exit code the launch wrapper wrote, if it has written one (empty while it is still being written). */
    static OptionalInt readExitCode(Job job) {
        try {
            String text = Files.readString(job.file(Job.EXIT_CODE_FILE), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The process of a job that crashed between starting its process and saving the pid, found through the pid the
     * launch wrapper wrote: it must have started after the job was marked RUNNING (and not long after, which rules
     * out a reused pid).
     */
    private static Optional<ProcessHandle> launchedUnrecorded(Job job) {
        if (job.started() == null) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(job.file(Job.PID_FILE), StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        Instant earliest = job.started().minusSeconds(1);
        Instant latest = job.started().plusSeconds(60);
        return ProcessHandle.of(pid).filter(h -> {
            Optional<Instant> start = h.info().startInstant();
            return start.isPresent() && !start.get().isBefore(earliest) && !start.get().isAfter(latest)
                    && ProcessTree.isRunning(h);
        });
    }

    /** "0.5 s", "45 s", "12 min 5 s", "2 h 30 min". */
    static String describe(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 60) {
            double s = d.toMillis() / 1000.0;
            return (s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s)) + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }
}
