package dev.ogem.server.reload;

import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.ConfigReloadException;
import dev.ogem.server.config.ConfigVersion;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.config.LoadedConfig;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The generation in force, swapped atomically by a reload. Reloads run one at a time: the config is read again
 * ({@link ConfigLoader#reload}: skipped when the document is the one seen last), validated, built into a new
 * {@link Generation} whose router carries on the old one's endpoint health, and swapped in; the old generation is
 * then closed while its requests finish on it. A config that is invalid, or whose endpoints cannot be built, is
 * refused: one log line naming the path and the reason (once per broken document), counted in the status, and the
 * old generation keeps serving. The port and the state store are the process's: a change to them is applied to
 * nothing but reported, to take effect at the next restart.
 */
public final class Generations implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Generations.class.getName());

    private final Map<String, String> environment;
    private final Path workingDir;
    private final SharedParts shared;
    private final InstantSource clock;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final ReentrantLock reloading = new ReentrantLock();
    private final ReloadLedger ledger = new ReloadLedger();
    private final List<Consumer<Generation>> followers = new CopyOnWriteArrayList<>();
    private ConfigVersion seen;

    private Generations(Map<String, String> environment, Path workingDir, SharedParts shared, InstantSource clock,
                        Generation first) {
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.shared = shared;
        this.clock = clock;
        this.current.set(first);
        this.seen = first.version();
    }

    /**
     * Builds the first generation from the config read at start.
     *
     * @param loaded      the config read at start
     * @param environment the variables to read the config and secrets from again
     * @param workingDir  the directory relative paths are resolved against
     * @param shared      what every generation uses
     * @param clock       the time, for the status
     * @return the holder
     * @throws IllegalArgumentException when an endpoint cannot be served
     */
    public static Generations start(LoadedConfig loaded, Map<String, String> environment, Path workingDir,
                                    SharedParts shared, InstantSource clock) {
        return new Generations(environment, workingDir, shared, clock,
                Generation.build(loaded, shared, Optional.empty(), clock.instant()));
    }

    /**
     * The generation in force; take it once per request.
     *
     * @return the generation
     */
    public Generation current() {
        return current.get();
    }

    /**
     * Reads the config again and applies it if it changed and is valid.
     *
     * @param trigger what asked, for the log ({@code file change}, {@code SIGHUP}, …)
     * @param force   read and apply it even when its document is the one seen last (secret files may have changed)
     * @return true when a new generation came into force
     */
    public boolean reload(String trigger, boolean force) {
        reloading.lock();
        try {
            Optional<LoadedConfig> loaded;
            try {
                loaded = ConfigLoader.reload(environment, workingDir, force ? ConfigVersion.NONE : seen);
            } catch (ConfigReloadException e) {
                refuse(trigger, e.version(), e.getMessage());
                return false;
            }
            if (loaded.isEmpty()) {
                return false;
            }
            Generation next;
            try {
                next = Generation.build(loaded.get(), shared, Optional.of(current.get()), clock.instant());
            } catch (IllegalArgumentException e) {
                refuse(trigger, loaded.get().version(), loaded.get().config().source() + ": " + e.getMessage());
                return false;
            }
            apply(trigger, next);
            return true;
        } finally {
            reloading.unlock();
        }
    }

    /**
     * Tells a follower of every generation applied from now on (after it came into force, on the reloading
     * thread), such as a watch on a file the config names.
     *
     * @param follower what to tell; it must not reload
     */
    public void onApplied(Consumer<Generation> follower) {
        followers.add(follower);
    }

    private void apply(String trigger, Generation next) {
        warnAboutRestartOnly(current.get().config(), next.config());
        Generation old = current.getAndSet(next);
        seen = next.version();
        ledger.applied();
        old.close();
        followers.forEach(follower -> follower.accept(next));
        LOG.info(() -> "Config reloaded (" + trigger + ") from " + next.config().source() + ": generation "
                + next.number() + ", " + next.config().catalog().providers().size() + " providers, "
                + next.config().catalog().endpoints().count() + " regions, sha256 " + next.version().shortDigest());
    }

    private void refuse(String trigger, ConfigVersion version, String reason) {
        seen = version.digest().isEmpty() ? seen : version;
        if (ledger.refused(clock.instant(), reason)) {
            LOG.warning(() -> "Config reload refused (" + trigger + "), still serving generation "
                    + current.get().number() + ": " + reason);
        }
    }

    private static void warnAboutRestartOnly(GatewayConfig before, GatewayConfig after) {
        if (before.port() != after.port()) {
            LOG.warning(() -> "The port changed from " + before.port() + " to " + after.port()
                    + ": it takes effect at the next restart");
        }
        if (!before.store().equals(after.store())) {
            LOG.warning("The state store settings changed: they take effect at the next restart");
        }
    }

    /**
     * What reloading has done.
     *
     * @return the status now
     */
    public ReloadStatus status() {
        Generation generation = current.get();
        return ledger.status(generation);
    }

    /** Closes the generation in force (its pings); the shared parts belong to their owner. */
    @Override
    public void close() {
        current.get().close();
    }
}
