package dev.ogem.quota.memory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Cooldown deadlines per endpoint key, in epoch milliseconds; the later deadline wins. */
final class Cooldowns {
    private final ConcurrentMap<String, Long> until = new ConcurrentHashMap<>();

    void coolDown(String key, long untilMillis) {
        until.merge(key, untilMillis, Math::max);
    }

    Optional<Duration> remaining(String key, long now) {
        Long deadline = until.get(key);
        if (deadline == null) {
            return Optional.empty();
        }
        if (deadline <= now) {
            until.remove(key, deadline);
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(deadline - now));
    }
}
