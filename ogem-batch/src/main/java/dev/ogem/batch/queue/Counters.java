package dev.ogem.batch.queue;

import java.util.concurrent.atomic.AtomicLong;

/** Batches created and ended since start, for status and metrics. */
final class Counters {
    final AtomicLong submitted = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
}
