package dev.ogem.quota.memory;

import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.WindowUsage;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The sliding window log of one bucket: an entry (sequence number, time, tokens) per admitted
 * request, oldest first. An entry made at {@code t} counts at every instant in {@code [t, t + 60 s)}.
 * Entries live in three parallel ring arrays (24 bytes each, no object per entry), so a bucket at
 * thousands of requests a second holds a minute of them in a few MiB; sequence numbers grow with
 * the ring's order, so a settlement finds its entry by binary search. The arrays shrink again when
 * the window empties.
 */
final class WindowLog {
    static final long WINDOW_MILLIS = StateStore.WINDOW.toMillis();
    private static final int MIN_CAPACITY = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private long[] sequences = new long[MIN_CAPACITY];
    private long[] times = new long[MIN_CAPACITY];
    private long[] amounts = new long[MIN_CAPACITY];
    private int head;
    private int size;
    private long tokens;
    private long lastSequence;

    /**
     * Admits or refuses; {@code tokens <= tpm} is the caller's check.
     *
     * @return the admitted entry's sequence number ({@code > 0}), or minus the wait in milliseconds
     */
    long reserve(Limits limits, long requested, long now) {
        lock.lock();
        try {
            prune(now);
            long wait = Math.max(rpmWait(limits.rpm(), now), tpmWait(limits.tpm(), requested, now));
            if (wait > 0) {
                return -wait;
            }
            long sequence = ++lastSequence;
            if (size == sequences.length) {
                resize(sequences.length * 2);
            }
            int slot = slot(size++);
            sequences[slot] = sequence;
            times[slot] = now;
            amounts[slot] = requested;
            tokens += requested;
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces an entry's tokens; no-op when the entry has left the window. */
    void settle(long sequence, long actual, long now) {
        lock.lock();
        try {
            prune(now);
            int index = find(sequence);
            if (index >= 0) {
                int slot = slot(index);
                tokens += actual - amounts[slot];
                amounts[slot] = actual;
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
            return new WindowUsage(size, Math.max(0, tokens));
        } finally {
            lock.unlock();
        }
    }

    private long rpmWait(long rpm, long now) {
        if (rpm == 0 || size < rpm) {
            return 0;
        }
        // The (size - rpm)-th oldest entry must leave before one more request fits.
        return Math.max(1, times[slot((int) (size - rpm))] + WINDOW_MILLIS - now);
    }

    private long tpmWait(long tpm, long requested, long now) {
        if (tpm == 0 || tokens + requested <= tpm) {
            return 0;
        }
        long need = tokens + requested - tpm;
        for (int i = 0; i < size; i++) {
            need -= amounts[slot(i)];
            if (need <= 0) {
                return Math.max(1, times[slot(i)] + WINDOW_MILLIS - now);
            }
        }
        return WINDOW_MILLIS; // unreachable while requested <= tpm
    }

    private void prune(long now) {
        while (size > 0 && times[head] + WINDOW_MILLIS <= now) {
            tokens -= amounts[head];
            head = (head + 1) % sequences.length;
            size--;
        }
        if (sequences.length > MIN_CAPACITY && size < sequences.length / 4) {
            resize(Math.max(MIN_CAPACITY, sequences.length / 2));
        }
    }

    /** The entry's position from the oldest, or -1. */
    private int find(long sequence) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = sequences[slot(middle)];
            if (found < sequence) {
                low = middle + 1;
            } else if (found > sequence) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private int slot(int index) {
        return (head + index) % sequences.length;
    }

    private void resize(int capacity) {
        sequences = inOrder(sequences, capacity);
        times = inOrder(times, capacity);
        amounts = inOrder(amounts, capacity);
        head = 0;
    }

    /** The ring's entries, oldest first, in a new array of {@code capacity}. */
    private long[] inOrder(long[] ring, int capacity) {
        long[] copy = new long[capacity];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, copy, 0, first);
        System.arraycopy(ring, 0, copy, first, size - first);
        return copy;
    }

}
