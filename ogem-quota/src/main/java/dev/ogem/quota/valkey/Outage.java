package dev.ogem.quota.valkey;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether Valkey is out, and what follows from it: while out, Valkey is probed at most once per
 * {@link #PROBE_INTERVAL} (every other call goes local), a WARNING is logged at most once per
 * {@link #WARN_INTERVAL}, and the first success ends the outage. Runs on a monotonic clock, not on
 * the store's business clock, so a frozen test clock cannot freeze recovery.
 */
final class Outage {
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOGGER = Logger.getLogger(Outage.class.getName());

    private final String endpoint;
    private final LongSupplier nanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile boolean down;
    private volatile String reason = "";
    private long nextProbe;
    private long lastWarning;
    private boolean warned;

    Outage(String endpoint, LongSupplier nanos) {
        this.endpoint = endpoint;
        this.nanos = nanos;
    }

    /** Whether this call should go to Valkey: always when up, once per probe interval when down. */
    boolean tryValkey() {
        if (!down) {
            return true;
        }
        lock.lock();
        try {
            long now = nanos.getAsLong();
            if (now - nextProbe >= 0) {
                nextProbe = now + PROBE_INTERVAL.toNanos();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    void failed(RuntimeException error) {
        lock.lock();
        try {
            long now = nanos.getAsLong();
            String cause = describe(error);
            down = true;
            reason = "Valkey at " + endpoint + " unavailable, serving from local memory: " + cause;
            nextProbe = now + PROBE_INTERVAL.toNanos();
            if (!warned || now - lastWarning >= WARN_INTERVAL.toNanos()) {
                warned = true;
                lastWarning = now;
                LOGGER.log(Level.WARNING, "{0} (next warning in a minute at the earliest; fallbacks so far: {1})",
                           new Object[] {reason, fallbacks.get()});
            }
        } finally {
            lock.unlock();
        }
    }

    void succeeded() {
        if (!down) {
            return;
        }
        lock.lock();
        try {
            if (down) {
                down = false;
                reason = "";
                warned = false;
                LOGGER.log(Level.INFO, "Valkey at {0} answers again; shared state is back (fallbacks so far: {1})",
                           new Object[] {endpoint, fallbacks.get()});
            }
        } finally {
            lock.unlock();
        }
    }

    void countFallback() {
        fallbacks.incrementAndGet();
    }

    boolean down() {
        return down;
    }

    String reason() {
        return reason;
    }

    long fallbacks() {
        return fallbacks.get();
    }

    /** The error's kind and message, walking to the root cause; Lettuce messages hold no secrets. */
    private static String describe(Throwable error) {
        StringBuilder out = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.length() > 300 ? out.substring(0, 300) + "…" : out.toString();
    }
}
