package kiseki.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link JobHandler}s an executor knows, by job kind. Thread-safe. */
public final class JobHandlers {

    private final Map<String, JobHandler> byKind = new ConcurrentHashMap<>();

    /** An empty registry. */
    public JobHandlers() {
    }

    /** A registry holding the built-in {@link CommandHandler} (kind {@value CommandHandler#KIND}). */
    public static JobHandlers withDefaults() {
        return new JobHandlers().register(new CommandHandler());
    }

    /**
     * Adds a handler; returns this registry.
     *
     * @throws IllegalArgumentException if a handler for the same kind is registered already
     */
    public JobHandlers register(JobHandler handler) {
        Objects.requireNonNull(handler, "handler");
        String kind = Objects.requireNonNull(handler.kind(), "handler kind");
        if (byKind.putIfAbsent(kind, handler) != null) {
            throw new IllegalArgumentException("a handler for job kind '" + kind + "' is registered already");
        }
        return this;
    }

    public Optional<JobHandler> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** The handler for {@code kind}; IllegalArgumentException naming the known kinds if there is none. */
    public JobHandler require(String kind) {
        JobHandler handler = byKind.get(kind);
        if (handler == null) {
            throw new IllegalArgumentException("no handler for job kind '" + kind + "' (known: " + kinds() + ")");
        }
        return handler;
    }

    /** The registered kinds, sorted. */
    public Set<String> kinds() {
        return new TreeSet<>(byKind.keySet());
    }
}
