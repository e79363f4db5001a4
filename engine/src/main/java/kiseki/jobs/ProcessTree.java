package kiseki.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operating-system process helpers: liveness that sees through zombies, identity checks, killing a whole tree. */
final class ProcessTree {

    /**
     * Two readings of one process's start time may differ by rounding (the OS counts clock ticks since boot); a
     * reused pid belongs to a process started later by far more than this.
     */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private ProcessTree() {
    }

    /**
     * Whether the process is really running. {@link ProcessHandle#isAlive} is also true for a zombie (a process that
     * has ended but was not reaped by its parent; e.g. an orphan under an init that does not reap), so on Linux the
     * state in {@code /proc/<pid>/stat} is checked too.
     */
    static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.UTF_8);
            int close = text.lastIndexOf(')');
            if (close >= 0 && close + 2 < text.length()) {
                char state = text.charAt(close + 2);
                return state != 'Z' && state != 'X';
            }
            return true;
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux) or the process just went away: trust isAlive, re-checked on the next poll.
            return handle.isAlive() && !Files.isDirectory(Path.of("/proc/self"));
        }
    }

    /**
     * The running process {@code pid} if it is the one that was started at {@code start} (and not a later process
     * that was given the same pid). Empty when it has ended, or when its identity cannot be confirmed: a process that
     * cannot be confirmed is never adopted, waited for or killed.
     */
    static Optional<ProcessHandle> find(long pid, Instant start) {
        if (start == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(h -> {
            Optional<Instant> actual = h.info().startInstant();
            return actual.isPresent()
                    && Duration.between(start, actual.get()).abs().compareTo(START_TOLERANCE) <= 0
                    && isRunning(h);
        });
    }

    /**
     * Kills {@code root} and all its descendants: a polite termination request (SIGTERM, which mpirun passes on to
     * its ranks) first, then, for whatever still runs after {@code grace}, a forced kill (SIGKILL). Descendants are
     * listed before anything is signalled, because once a parent has died its children no longer appear under it.
     *
     * @return true if every process of the tree has ended
     */
    static boolean kill(ProcessHandle root, Duration grace) throws InterruptedException {
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        collect(root, tree);
        tree.values().forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && anyRunning(tree)) {
            // children started while the tree was shutting down belong to it too
            for (ProcessHandle h : new ArrayList<>(tree.values())) {
                if (h.isAlive()) {
                    h.descendants().filter(d -> !tree.containsKey(d.pid())).forEach(d -> {
                        tree.put(d.pid(), d);
                        d.destroy();
                    });
                }
            }
            Thread.sleep(20);
        }
        for (ProcessHandle h : new ArrayList<>(tree.values())) {
            if (h.isAlive()) {
                collect(h, tree);
            }
        }
        tree.values().stream().filter(ProcessTree::isRunning).forEach(ProcessHandle::destroyForcibly);
        long hardDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (anyRunning(tree) && System.nanoTime() < hardDeadline) {
            Thread.sleep(20);
        }
        return !anyRunning(tree);
    }

    private static void collect(ProcessHandle root, Map<Long, ProcessHandle> into) {
        into.putIfAbsent(root.pid(), root);
        root.descendants().forEach(d -> into.putIfAbsent(d.pid(), d));
    }

    private static boolean anyRunning(Map<Long, ProcessHandle> tree) {
        for (ProcessHandle h : tree.values()) {
            if (isRunning(h)) {
                return true;
            }
        }
        return false;
    }
}
