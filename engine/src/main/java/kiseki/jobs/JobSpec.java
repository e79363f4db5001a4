package kiseki.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run: everything about a job that is fixed when it is created. Immutable; use the {@code with…} methods.
 *
 * @param kind        selects the {@link JobHandler}, e.g. {@code "qe-scf"}; lower-case letters, digits, '.', '_', '-'
 * @param command     the program and its arguments, run in the job folder (not through a shell)
 * @param parameters  free-form description of the job (JSON values), e.g. which frame of which data set it labels
 * @param environment extra environment variables; they override the executor's ({@code OMP_NUM_THREADS=1} by
 *                    default) and the inherited ones
 * @param timeout     the longest one attempt may run before it is killed and the job FAILED, or null for no limit
 * @param mpi         whether the program is an MPI program: the executor may then start it through its MPI launcher
 *                    (e.g. {@code mpirun -np 4 pw.x …}); plain tools must say false
 */
public record JobSpec(String kind, List<String> command, Map<String, Object> parameters,
        Map<String, String> environment, Duration timeout, boolean mpi) {

    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public JobSpec {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("job kind '" + kind
                    + "' must be lower-case letters, digits, '.', '_' or '-' (e.g. qe-scf)");
        }
        Objects.requireNonNull(command, "command");
        if (command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            throw new IllegalArgumentException("a job needs a command (program and arguments)");
        }
        List<String> argv = new ArrayList<>(command.size());
        for (String arg : command) {
            argv.add(Objects.requireNonNull(arg, "command arguments must not be null"));
        }
        command = Collections.unmodifiableList(argv);
        parameters = parameters == null ? Map.of() : JobJson.freezeObject(parameters, "parameters");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment != null) {
            environment.forEach((k, v) -> {
                if (k == null || k.isEmpty() || k.indexOf('=') >= 0 || v == null) {
                    throw new IllegalArgumentException("bad environment variable " + k + "=" + v);
                }
                env.put(k, v);
            });
        }
        environment = Collections.unmodifiableMap(env);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** A job of {@code kind} running {@code command}, no parameters, no extra environment, no timeout, not MPI. */
    public static JobSpec of(String kind, List<String> command) {
        return new JobSpec(kind, command, Map.of(), Map.of(), null, false);
    }

    public static JobSpec of(String kind, String... command) {
        return of(kind, Arrays.asList(command));
    }

    public JobSpec withParameters(Map<String, Object> newParameters) {
        return new JobSpec(kind, command, newParameters, environment, timeout, mpi);
    }

    public JobSpec withEnvironment(Map<String, String> newEnvironment) {
        return new JobSpec(kind, command, parameters, newEnvironment, timeout, mpi);
    }

    public JobSpec withTimeout(Duration newTimeout) {
        return new JobSpec(kind, command, parameters, environment, newTimeout, mpi);
    }

    public JobSpec withMpi(boolean newMpi) {
        return new JobSpec(kind, command, parameters, environment, timeout, newMpi);
    }
}
