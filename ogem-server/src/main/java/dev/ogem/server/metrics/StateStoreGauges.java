package dev.ogem.server.metrics;

import dev.ogem.quota.StateStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The shared state's health, read at each scrape: {@code ogem_state_store_degraded{mode}} (1 while Valkey
 * is unreachable and this instance runs on local state, else 0) and
 * {@code ogem_state_store_fallbacks_total{mode}} (operations served locally because of that).
 */
final class StateStoreGauges {

    private StateStoreGauges() {
    }

    static void register(MeterRegistry registry, StateStore store) {
        String mode = store.status().mode();
        Gauge.builder("ogem.state.store.degraded", store, s -> s.status().degraded() ? 1 : 0)
                .description("1 while the shared state store is degraded to local state")
                .tag("mode", mode).strongReference(true).register(registry);
        FunctionCounter.builder("ogem.state.store.fallbacks", store, s -> s.status().fallbacks())
                .description("State operations served locally because the shared store was unreachable")
                .tag("mode", mode).register(registry);
    }
}
