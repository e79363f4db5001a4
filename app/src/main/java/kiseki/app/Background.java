package kiseki.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The one executor through which the workbench calls the engine, so long work never runs on the FX thread. Results
 * and errors come back through {@code uiExecutor} (Platform::runLater in the application, a direct call in tests).
 */
public final class Background implements AutoCloseable {

    /** A piece of engine work. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    private final ExecutorService worker;
    private final Executor uiExecutor;

    public Background(Executor uiExecutor) {
        this.uiExecutor = uiExecutor;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kiseki-engine");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} off the UI thread; exactly one of the callbacks runs on the UI thread afterwards. */
    public <T> Future<?> submit(Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        return worker.submit(() -> {
            try {
                T result = work.run();
                uiExecutor.execute(() -> onSuccess.accept(result));
            } catch (Throwable t) {
                uiExecutor.execute(() -> onError.accept(t));
            }
        });
    }

    /** Like {@link #submit} but returns a future of the result, for callers that wait (tests). */
    public <T> CompletableFuture<T> call(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        submit(work, f::complete, f::completeExceptionally);
        return f;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
