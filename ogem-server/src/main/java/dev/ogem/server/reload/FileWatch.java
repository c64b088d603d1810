package dev.ogem.server.reload;

import io.helidon.config.FileSystemWatcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Reloads the config when its file changes, through Helidon Config's {@link FileSystemWatcher} (a
 * {@code WatchService} on the file's directory, re-registered if the directory goes away and comes back). Events
 * for the file's name count (an edit in place, or one saved by rename), and so do those for names starting with
 * {@code ..} (a Kubernetes ConfigMap swaps its {@code ..data} link) and for the directory itself;
 * {@link Generations#reload} then skips every event that left the document's text as it was. The project's own
 * YAML parser cannot be handed to Helidon's change support through a file config source (the config is validated
 * as a whole, with its secrets, and refused or applied as one), so the watcher is used on its own.
 * {@link KeysFileWatch} watches a {@code keys_file} the same way.
 */
public final class FileWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileWatch.class.getName());
    private static final int REGISTER_SECONDS = 5;

    private final Watcher watcher;

    private FileWatch(Watcher watcher) {
        this.watcher = watcher;
    }

    /**
     * Starts watching.
     *
     * @param file        the config file, absolute
     * @param generations what to reload
     * @return the running watch
     */
    public static FileWatch start(Path file, Generations generations) {
        Path directory = file.toAbsolutePath().getParent();
        Watcher watcher = watch(file, () -> {
            try {
                generations.reload("change in " + directory, false);
            } catch (RuntimeException e) {
                LOG.warning(() -> "Config reload after a file change failed: " + e);
            }
        });
        LOG.info(() -> "Watching " + file + " for config changes");
        return new FileWatch(watcher);
    }

    /**
     * Watches the directory of a file and runs an action for each event that may have changed the file: one for
     * its name, for a name starting with {@code ..}, or for the directory itself. The watcher registers with the
     * file system on its first run, on its own thread, and an edit made before that sends no event; so this returns
     * once that first run is over (or after {@value #REGISTER_SECONDS} s, if the file system is that slow), and an
     * edit made after it returns is seen.
     *
     * @param file    the file, absolute
     * @param changed what to run, on the watcher's thread
     * @return the running watcher; close it to end the watch
     */
    static Watcher watch(Path file, Runnable changed) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ogem-file-watch").factory());
        FileSystemWatcher watcher = FileSystemWatcher.builder().executor(thread).initialDelay(Duration.ZERO)
                .delay(Duration.ofMillis(200)).build();
        Path directory = file.toAbsolutePath().getParent();
        Path name = file.getFileName();
        watcher.start(directory, event -> {
            Path target = event.target().getFileName();
            if (target == null || target.equals(name) || target.toString().startsWith("..")
                    || event.target().equals(directory)) {
                changed.run();
            }
        });
        try {
            thread.submit(() -> { }).get(REGISTER_SECONDS, TimeUnit.SECONDS); // one thread: runs after the first run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning(() -> "The watch of " + directory + " is slow to start; an edit in the next moments may be"
                    + " missed: " + e);
        }
        return new Watcher(watcher, thread);
    }

    /**
     * A running watch: Helidon's watcher and the one thread it runs on, which this watch owns.
     *
     * @param watcher the watcher
     * @param thread  its thread
     */
    record Watcher(FileSystemWatcher watcher, ScheduledExecutorService thread) implements AutoCloseable {

        /** Stops watching (a running action is interrupted, as Helidon's {@code stop} does); the thread ends. */
        @Override
        public void close() {
            watcher.stop();
            thread.shutdown();
        }
    }

    @Override
    public void close() {
        watcher.close();
    }
}
