package kiseki.jobs;

import kiseki.io.AtomicFiles;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A folder of jobs, e.g. a project's {@code jobs/<batch>/}: one sub-folder per job, {@code <store>/job-0001/},
 * holding the job's input files, its outputs and {@code job.json}. {@code job.json} is rewritten atomically
 * ({@link AtomicFiles}) on every change, so a crash at any moment leaves the last saved state.
 *
 * <h2>Ids</h2>
 * {@code job-0001}, {@code job-0002}, … in creation order (more digits after 9999); never reused within a store.
 *
 * <h2>One owner</h2>
 * An open store holds an exclusive lock on {@code <store>/.lock}: a second {@link #open} of the same folder, by this
 * or another process, fails with a clear message until {@link #close}. This keeps two applications from running or
 * recovering the same jobs. The lock is released by the operating system if the process dies.
 *
 * <h2>Threads</h2>
 * All methods are synchronized and may be called from any thread.
 */
public final class JobStore implements Closeable {

    /** Job folder names: {@code job-} and at least four digits. */
    private static final Pattern JOB_DIR = Pattern.compile("job-(\\d{4,9})");
    /** Temporary files {@link AtomicFiles} leaves behind when killed: {@code .<name>.<digits>.tmp}. */
    private static final Pattern TEMP = Pattern.compile("\\..+\\.\\d+\\.tmp");
    /** Files the job system itself writes into a job folder; inputs may not use these names. */
    private static final Set<String> RESERVED = Set.of(Job.JOB_FILE, Job.STDOUT_FILE, Job.STDERR_FILE,
            Job.EXIT_CODE_FILE, Job.PID_FILE);
    private static final String LOCK_FILE = ".lock";
    /** Stores open in this JVM (a file lock cannot tell two channels of one process apart). */
    private static final Set<Path> OPEN = new HashSet<>();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** By job number, i.e. creation order. */
    private final TreeMap<Integer, Job> jobs = new TreeMap<>();
    private int highestNumber;
    private boolean closed;

    private JobStore(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the store in {@code folder}, creating the folder if needed, and reads every job in it. Does not run
     * anything: give the store to {@link JobExecutor#recover} for that.
     *
     * @throws IOException if the folder cannot be created or locked, is already open, or a {@code job.json} is
     *                     malformed (the message names the file)
     */
    public static JobStore open(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        synchronized (OPEN) {
            if (OPEN.contains(dir)) {
                throw new IOException("the job folder " + dir + " is already open in this application");
            }
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            JobStore store = null;
            try {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new IOException("the job folder " + dir + " is in use by another running Kiseki; close "
                            + "it there first");
                }
                store = new JobStore(dir, channel, lock);
                store.load();
                OPEN.add(dir);
                return store;
            } finally {
                if (store == null || !OPEN.contains(dir)) {
                    channel.close();
                }
            }
        }
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Matcher m = JOB_DIR.matcher(entry.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(entry)) {
                    continue;
                }
                int number = Integer.parseInt(m.group(1));
                highestNumber = Math.max(highestNumber, number);
                removeTemporaries(entry);
                Path file = entry.resolve(Job.JOB_FILE);
                if (!Files.exists(file)) {
                    // Creation was interrupted before job.json was written: never a job; its number stays used.
                    continue;
                }
                Job job = JobJson.read(file, entry);
                if (!job.id().equals(entry.getFileName().toString())) {
                    throw new IOException(file + ": the job id '" + job.id() + "' does not match its folder name");
                }
                jobs.put(number, job);
            }
        }
    }

    private static void removeTemporaries(Path jobDir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jobDir, p -> TEMP.matcher(
                p.getFileName().toString()).matches())) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The store folder (absolute). */
    public Path dir() {
        return dir;
    }

    /**
     * Creates a QUEUED job: a new folder holding {@code inputFiles} (name relative to the job folder, may contain
     * sub-folders with '/', → UTF-8 content) and {@code job.json}, written last so that a crash leaves either a
     * complete job or none.
     */
    public synchronized Job create(JobSpec spec, Map<String, String> inputFiles) throws IOException {
        checkOpen();
        Map<String, String> inputs = inputFiles == null ? Map.of() : new LinkedHashMap<>(inputFiles);
        for (String name : inputs.keySet()) {
            checkInputName(name);
        }
        Path jobDir;
        int number = highestNumber;
        while (true) {
            number++;
            jobDir = dir.resolve(String.format("job-%04d", number));
            try {
                Files.createDirectory(jobDir);
                break;
            } catch (FileAlreadyExistsException e) {
                // a folder this store did not load (e.g. made by hand): skip its number
            }
        }
        highestNumber = number;
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            AtomicFiles.writeString(jobDir.resolve(input.getKey()), input.getValue());
        }
        Job job = new Job(jobDir.getFileName().toString(), jobDir, spec, JobState.QUEUED, 0, 0, Instant.now(), null,
                null, null, null, null, null, Map.of());
        write(job);
        jobs.put(number, job);
        return job;
    }

    /** Every job, in creation order. */
    public synchronized List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    public synchronized Optional<Job> find(String id) {
        Matcher m = JOB_DIR.matcher(id);
        return m.matches() ? Optional.ofNullable(jobs.get(Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    /** The job {@code id}; IllegalArgumentException if there is none. */
    public Job get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no job '" + id + "' in " + dir));
    }

    /**
     * Saves a new snapshot of a job of this store (atomically) and returns it. Executors call this on every state
     * change; it is public so that executors in other packages can be written.
     */
    public synchronized Job update(Job job) throws IOException {
        checkOpen();
        Matcher m = JOB_DIR.matcher(job.id());
        if (!m.matches() || !jobs.containsKey(Integer.parseInt(m.group(1)))
                || !job.dir().equals(dir.resolve(job.id()))) {
            throw new IllegalArgumentException("job " + job.id() + " (" + job.dir() + ") is not in " + dir);
        }
        write(job);
        jobs.put(Integer.parseInt(m.group(1)), job);
        return job;
    }

    /**
     * Puts a FAILED or CANCELLED job back in the QUEUED state (a user asking to run it again): its outputs are moved
     * aside as {@code stdout.attempt<N>.txt} etc. and its retry count starts again. Submit it to an executor to run
     * it.
     */
    public synchronized Job requeue(String id) throws IOException {
        Job job = get(id);
        if (job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
            throw new IllegalStateException("job " + id + " is " + job.state().jsonName()
                    + "; only failed or cancelled jobs can be queued again");
        }
        moveOutputsAside(job);
        return update(job.queued().withRetriesReset());
    }

    /**
     * Renames the output files of the job's last attempt ({@code stdout.txt}, {@code stderr.txt},
     * {@code exit-code.txt}, {@code pid.txt}) to their {@link Job#attemptFileName attempt names}, so that the next
     * attempt starts clean and the old output stays for the user to read. Does nothing for a job that never ran.
     */
    public void moveOutputsAside(Job job) throws IOException {
        if (job.attempt() == 0) {
            return;
        }
        for (String name : List.of(Job.STDOUT_FILE, Job.STDERR_FILE, Job.EXIT_CODE_FILE, Job.PID_FILE)) {
            Path file = job.file(name);
            if (Files.exists(file)) {
                Files.move(file, job.file(Job.attemptFileName(name, job.attempt())),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Overwrites input files of a job before its next attempt, keeping each previous version under its
     * {@link Job#attemptFileName attempt name}.
     */
    public void replaceInputs(Job job, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            checkInputName(e.getKey());
            Path file = job.file(e.getKey());
            if (Files.exists(file)) {
                Files.copy(file, job.file(Job.attemptFileName(e.getKey(), job.attempt())),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.writeString(file, e.getValue());
        }
    }

    /** Releases the folder lock. Jobs of a closed store cannot be created or updated. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (OPEN) {
            OPEN.remove(dir);
        }
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public String toString() {
        return "JobStore[" + dir + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the job store " + dir + " is closed");
        }
    }

    private void write(Job job) throws IOException {
        byte[] bytes = JobJson.toBytes(job);
        AtomicFiles.writeBytes(job.file(Job.JOB_FILE), os -> os.write(bytes));
    }

    /** Input file names: relative, '/'-separated, no '.', '..' or empty parts, not a file the job system writes. */
    static void checkInputName(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
            throw new IllegalArgumentException("input file name '" + name
                    + "' must be a relative path inside the job folder, with '/' between folders");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("input file name '" + name + "' must stay inside the job folder");
            }
        }
        if (RESERVED.contains(name) || name.equals(LOCK_FILE)) {
            throw new IllegalArgumentException("input file name '" + name + "' is reserved for the job system");
        }
    }

}
