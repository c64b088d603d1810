package dev.ogem.server.reload;

import io.helidon.config.FileSystemWatcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Reloads the config when its file changes, through Helidon Config's {@link FileSystemWatcher} (a
 * {@code WatchService} on the file's directory, re-registered if the directory goes away and comes back). Events
 * for the file's name count (an edit in place, or one saved by rename), and so do those for names starting with
 * {@code ..} (a Kubernetes ConfigMap swaps its {@code ..data} link) and for the directory itself;
 * {@link Generations#reload} then skips every event that left the document's text as it was. The project's own YAML parser cannot be handed to Helidon's change support through a
 * file config source (the config is validated as a whole, with its secrets, and refused or applied as one), so the
 * watcher is used on its own. {@link KeysFileWatch} watches a {@code keys_file} the same way.
 */
public final class FileWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileWatch.class.getName());

    private final FileSystemWatcher watcher;

    private FileWatch(FileSystemWatcher watcher) {
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
        FileSystemWatcher watcher = watch(file, () -> {
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
     * its name, for a name starting with {@code ..}, or for the directory itself.
     *
     * @param file    the file, absolute
     * @param changed what to run, on the watcher's thread
     * @return the running watcher; stop it to end the watch
     */
    static FileSystemWatcher watch(Path file, Runnable changed) {
        FileSystemWatcher watcher = FileSystemWatcher.builder().initialDelay(Duration.ZERO)
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
        return watcher;
    }

    @Override
    public void close() {
        watcher.stop();
    }
}
