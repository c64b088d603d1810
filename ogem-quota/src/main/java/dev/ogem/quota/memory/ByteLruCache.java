package dev.ogem.quota.memory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response cache bounded by bytes (a key counts its length in chars, a value its length in bytes),
 * evicting the least recently used entries, with a deadline per entry.
 */
final class ByteLruCache {
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ByteLruCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxCacheBytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    Optional<byte[]> get(String key, long now) {
        lock.lock();
        try {
            Entry entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.expiresAt <= now) {
                remove(key);
                return Optional.empty();
            }
            return Optional.of(entry.value.clone());
        } finally {
            lock.unlock();
        }
    }

    void put(String key, byte[] value, long expiresAt) {
        long size = size(key, value);
        lock.lock();
        try {
            remove(key);
            if (size > maxBytes) {
                return;
            }
            entries.put(key, new Entry(value.clone(), expiresAt));
            bytes += size;
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                Map.Entry<String, Entry> gone = eldest.next();
                bytes -= size(gone.getKey(), gone.getValue().value);
                eldest.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    private void remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= size(key, old.value);
        }
    }

    private static long size(String key, byte[] value) {
        return (long) key.length() + value.length;
    }

    private record Entry(byte[] value, long expiresAt) {
    }
}
