package dev.ogem.server.reload;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reloads the config when the file its {@code keys_file} names changes, so that a key added to or removed from that
 * file alone takes effect without {@code SIGHUP}. The file is watched like the config file ({@link FileWatch}: its
 * directory, so a ConfigMap swap is seen); an event reloads only when the file's content is not the one seen last,
 * and then forces the reload (the config document itself did not change). A broken keys file is refused like a
 * broken config: the old keys keep working, one warning, {@code config.last_refused} in {@code /v1/status}. When a
 * reload names another keys file (or none), the watch follows it.
 */
public final class KeysFileWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeysFileWatch.class.getName());
    private static final String MISSING = "missing";

    private final Generations generations;
    private Optional<Path> file = Optional.empty();
    private Optional<FileWatch.Watcher> watcher = Optional.empty();
    private String seen = MISSING;
    private boolean closed;

    private KeysFileWatch(Generations generations) {
        this.generations = generations;
    }

    /**
     * Watches the keys file of the generation in force, and of each one applied later.
     *
     * @param generations what to reload
     * @return the running watch; it watches nothing while the config names no keys file
     */
    public static KeysFileWatch start(Generations generations) {
        KeysFileWatch watch = new KeysFileWatch(generations);
        watch.follow(generations.current());
        generations.onApplied(watch::follow);
        return watch;
    }

    private synchronized void follow(Generation generation) {
        Optional<Path> named = generation.config().access().keysFile();
        if (closed || named.equals(file)) {
            return;
        }
        // A reload this watch started runs on the old watcher's thread, which stopping it would interrupt.
        watcher.ifPresent(old -> Thread.ofVirtual().name("ogem-keys-watch-stop").start(old::close));
        file = named;
        seen = named.map(KeysFileWatch::digest).orElse(MISSING);
        watcher = named.map(path -> FileWatch.watch(path, () -> changed(path)));
        named.ifPresent(path -> LOG.info(() -> "Watching " + path + " (keys_file) for key changes"));
    }

    private void changed(Path path) {
        String now = digest(path);
        synchronized (this) {
            if (closed || !file.equals(Optional.of(path)) || now.equals(seen)) {
                return;
            }
            seen = now;
        }
        try {
            generations.reload("change in " + path, true);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Config reload after a keys file change failed: " + e);
        }
    }

    /** The SHA-256 of a file's bytes in hex, or {@value #MISSING} when it cannot be read. */
    private static String digest(Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            return MISSING;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Stops the watch. */
    @Override
    public synchronized void close() {
        closed = true;
        watcher.ifPresent(FileWatch.Watcher::close);
        watcher = Optional.empty();
    }
}
