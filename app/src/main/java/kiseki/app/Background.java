package kiseki.app;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one executor through which the workbench calls the engine, so long work never runs on the FX thread. Every
 * piece of work is a {@link Task} with a name, a progress fraction, a message and a cancel flag; running tasks are
 * listed in {@link #running()} for the status bar. Results, errors and progress come back through
 * {@code uiExecutor} (Platform::runLater in the application, a direct call in view-model tests, which therefore run
 * without the FX toolkit).
 *
 * <p>Two worker threads: a long training or MD run must not block a quick structure import. The engine work itself
 * may use more threads (the potentials parallelise over atoms).
 */
public final class Background implements AutoCloseable {

    /** Engine work that can report progress and notice cancellation. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Context context) throws Exception;
    }

    /** Handed to the work: progress reports and the cancel flag. Safe to call from the worker thread. */
    public interface Context {
        /** Fraction done in [0, 1] (negative: unknown) and a short status text. */
        void progress(double fraction, String message);

        boolean isCancelled();

        /** The flag itself, for engine APIs that poll an AtomicBoolean (MdRun, Trainer). */
        AtomicBoolean cancelFlag();
    }

    public enum State {
        RUNNING, SUCCEEDED, FAILED, CANCELLED
    }

    /** A submitted piece of work as the UI sees it; its properties change on the UI thread. */
    public static final class Task {
        private final String name;
        private final AtomicBoolean cancel = new AtomicBoolean();
        private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
        private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
        private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.RUNNING);
        private final CompletableFuture<Object> done = new CompletableFuture<>();

        Task(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** Asks the work to stop; it ends as CANCELLED at its next check. */
        public void cancel() {
            cancel.set(true);
        }

        public boolean isCancelRequested() {
            return cancel.get();
        }

        public ReadOnlyDoubleProperty progressProperty() {
            return progress.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty messageProperty() {
            return message.getReadOnlyProperty();
        }

        public ReadOnlyObjectProperty<State> stateProperty() {
            return state.getReadOnlyProperty();
        }

        /** Completes (on the UI thread) when the task has ended, whatever the outcome. */
        public CompletableFuture<Object> whenDone() {
            return done;
        }
    }

    private final ExecutorService workers;
    private final Executor uiExecutor;
    private final ObservableList<Task> running = FXCollections.observableArrayList();

    public Background(Executor uiExecutor) {
        this.uiExecutor = uiExecutor;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kiseki-engine-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Tasks that have not ended yet (changed on the UI thread). */
    public ObservableList<Task> running() {
        return running;
    }

    /**
     * Runs {@code work} off the UI thread. Exactly one of the callbacks runs on the UI thread afterwards:
     * {@code onSuccess} with the result, or {@code onError} with the failure ({@link CancellationException} when
     * the work was cancelled and gave up).
     */
    public <T> Task run(String name, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        Task task = new Task(name);
        uiExecutor.execute(() -> running.add(task));
        // progress is coalesced: only the newest report is handed to the UI thread, so a fast loop cannot flood it
        AtomicReference<Object[]> pending = new AtomicReference<>();
        Context context = new Context() {
            @Override
            public void progress(double fraction, String message) {
                if (pending.getAndSet(new Object[] {fraction, message}) == null) {
                    uiExecutor.execute(() -> {
                        Object[] p = pending.getAndSet(null);
                        if (p != null) {
                            task.progress.set((Double) p[0]);
                            task.message.set(p[1] == null ? "" : (String) p[1]);
                        }
                    });
                }
            }

            @Override
            public boolean isCancelled() {
                return task.cancel.get();
            }

            @Override
            public AtomicBoolean cancelFlag() {
                return task.cancel;
            }
        };
        if (workers.isShutdown()) {
            // the workbench is closing: nothing new starts, and nothing is lost (no work was begun)
            task.cancel.set(true);
            uiExecutor.execute(() -> {
                finish(task, State.CANCELLED);
                task.done.complete(new CancellationException("the workbench is closing"));
            });
            return task;
        }
        workers.submit(() -> {
            try {
                T result = work.run(context);
                uiExecutor.execute(() -> {
                    finish(task, task.cancel.get() ? State.CANCELLED : State.SUCCEEDED);
                    onSuccess.accept(result);
                    task.done.complete(result);
                });
            } catch (Throwable t) {
                uiExecutor.execute(() -> {
                    finish(task, t instanceof CancellationException ? State.CANCELLED : State.FAILED);
                    onError.accept(t);
                    task.done.complete(t);
                });
            }
        });
        return task;
    }

    private void finish(Task task, State state) {
        task.state.set(state);
        if (state == State.SUCCEEDED) {
            task.progress.set(1);
        }
        running.remove(task);
    }

    /** Work without progress, for quick jobs such as reading a file. */
    public <T> Task submit(String name, java.util.concurrent.Callable<T> work, Consumer<T> onSuccess,
            Consumer<Throwable> onError) {
        return run(name, c -> work.call(), onSuccess, onError);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
