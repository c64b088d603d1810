package dev.ogem.quota.memory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.WindowUsage;

/**
 * The sliding window log of one bucket: an entry (time, tokens) per admitted request, oldest first.
 * An entry made at {@code t} counts at every instant in {@code [t, t + 60 s)}.
 */
final class WindowLog {
    static final long WINDOW_MILLIS = StateStore.WINDOW.toMillis();

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Entry> byId = new HashMap<>();
    private long tokens;

    /**
     * Admits or refuses; {@code tokens <= tpm} is the caller's check.
     *
     * @return {@link Duration#ZERO} when admitted (and recorded), else the wait
     */
    Duration reserve(String id, Limits limits, long requested, long now) {
        lock.lock();
        try {
            prune(now);
            long wait = Math.max(rpmWait(limits.rpm(), now), tpmWait(limits.tpm(), requested, now));
            if (wait > 0) {
                return Duration.ofMillis(wait);
            }
            Entry entry = new Entry(id, now, requested);
            entries.addLast(entry);
            byId.put(id, entry);
            tokens += requested;
            return Duration.ZERO;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces an entry's tokens; no-op when the entry has left the window. */
    void settle(String id, long actual, long now) {
        lock.lock();
        try {
            prune(now);
            Entry entry = byId.get(id);
            if (entry != null) {
                tokens += actual - entry.tokens;
                entry.tokens = actual;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Requests and tokens in the window ending at {@code now}. */
    WindowUsage used(long now) {
        lock.lock();
        try {
            prune(now);
            return new WindowUsage(entries.size(), Math.max(0, tokens));
        } finally {
            lock.unlock();
        }
    }

    private long rpmWait(long rpm, long now) {
        if (rpm == 0 || entries.size() < rpm) {
            return 0;
        }
        // The (size - rpm)-th oldest entry must leave before one more request fits.
        long skip = entries.size() - rpm;
        Iterator<Entry> it = entries.iterator();
        Entry entry = it.next();
        for (long i = 0; i < skip; i++) {
            entry = it.next();
        }
        return Math.max(1, entry.at + WINDOW_MILLIS - now);
    }

    private long tpmWait(long tpm, long requested, long now) {
        if (tpm == 0 || tokens + requested <= tpm) {
            return 0;
        }
        long need = tokens + requested - tpm;
        for (Entry entry : entries) {
            need -= entry.tokens;
            if (need <= 0) {
                return Math.max(1, entry.at + WINDOW_MILLIS - now);
            }
        }
        return WINDOW_MILLIS; // unreachable while requested <= tpm
    }

    private void prune(long now) {
        while (!entries.isEmpty() && entries.peekFirst().at + WINDOW_MILLIS <= now) {
            Entry gone = entries.removeFirst();
            byId.remove(gone.id);
            tokens -= gone.tokens;
        }
    }

    private static final class Entry {
        private final String id;
        private final long at;
        private long tokens;

        private Entry(String id, long at, long tokens) {
            this.id = id;
            this.at = at;
            this.tokens = tokens;
        }
    }
}
