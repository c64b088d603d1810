package dev.ogem.server.reload;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The counts of applied and refused reloads and the last refusal, which decides whether a refusal is logged. */
final class ReloadLedger {

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<Optional<ReloadStatus.Refusal>> lastRefusal = new AtomicReference<>(Optional.empty());

    void applied() {
        applied.incrementAndGet();
        lastRefusal.updateAndGet(last -> last.map(r -> new ReloadStatus.Refusal(r.at(), r.reason(), false)));
    }

    /**
     * Counts a refusal.
     *
     * @return true when it says something new: the first refusal, or another reason than the last one, or the same
     *         after a config was applied in between; a broken document met again is counted but not logged again
     */
    boolean refused(Instant at, String reason) {
        refused.incrementAndGet();
        Optional<ReloadStatus.Refusal> before = lastRefusal.getAndSet(Optional.of(new ReloadStatus.Refusal(at, reason,
                true)));
        return before.filter(r -> r.current() && r.reason().equals(reason)).isEmpty();
    }

    ReloadStatus status(Generation generation) {
        return new ReloadStatus(generation.number(), generation.config().source(), generation.version().shortDigest(),
                generation.appliedAt(), applied.get(), refused.get(), lastRefusal.get());
    }
}
