package dev.ogem.server.reload;

import dev.ogem.providers.MemoryBudget;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.AttemptListener;
import dev.ogem.routing.BatchLane;

import java.util.Objects;

/**
 * What every generation uses and none owns: they live as long as the process.
 *
 * @param store     the shared state (quota windows, cooldowns, circuits, cache, batch records), kept open across
 *                  reloads, so an unchanged bucket keeps its window
 * @param batchLane the {@code @batch} lane onto the one batch queue, whose queued requests survive reloads
 * @param attempts  what the routers tell about upstream attempts (metrics)
 * @param memory    the request bytes held at once, all requests together, under which every generation's provider
 *                  clients hold the images they download
 */
public record SharedParts(StateStore store, BatchLane batchLane, AttemptListener attempts, MemoryBudget memory) {

    /** Checks for nulls. */
    public SharedParts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(batchLane, "batchLane");
        Objects.requireNonNull(attempts, "attempts");
        Objects.requireNonNull(memory, "memory");
    }
}
