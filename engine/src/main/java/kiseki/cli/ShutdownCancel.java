package kiseki.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) during a long command: the hook asks the work to stop, then holds the JVM until the command
 * says its results are on disk ({@link #close}), at most two minutes. Use in try-with-resources around the work and
 * the writing of its results.
 */
final class ShutdownCancel implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    ShutdownCancel(Runnable cancel) {
        hook = new Thread(() -> {
            cancel.run();
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kiseki-shutdown-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now lets the JVM go
        }
    }
}
