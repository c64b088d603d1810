package dev.ogem.server.metrics;

import dev.ogem.server.reload.ReloadStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/**
 * Config reloads, read at each scrape: {@code ogem_config_generation} (1 at start, one more per applied reload),
 * {@code ogem_config_reloads_total{result="applied"|"refused"}}, {@code ogem_config_last_reload_success_timestamp_seconds}
 * (when the config in force came into force) and {@code ogem_config_last_reload_failed} (1 while the latest
 * reload was refused and the config on disk or at the URL is not the one served: alert on it).
 */
final class ReloadGauges {

    private ReloadGauges() {
    }

    static void register(MeterRegistry registry, Supplier<ReloadStatus> status) {
        Gauge.builder("ogem.config.generation", status, s -> s.get().generation())
                .description("The generation of the config in force: 1 at start, one more per applied reload")
                .strongReference(true).register(registry);
        FunctionCounter.builder("ogem.config.reloads", status, s -> s.get().applied())
                .description("Config reloads, by result").tag("result", "applied").register(registry);
        FunctionCounter.builder("ogem.config.reloads", status, s -> s.get().refused())
                .description("Config reloads, by result").tag("result", "refused").register(registry);
        Gauge.builder("ogem.config.last.reload.success.timestamp.seconds", status,
                        s -> s.get().appliedAt().toEpochMilli() / 1000.0)
                .description("When the config in force came into force, in seconds since the epoch")
                .strongReference(true).register(registry);
        Gauge.builder("ogem.config.last.reload.failed", status,
                        s -> s.get().lastRefusal().filter(ReloadStatus.Refusal::current).isPresent() ? 1 : 0)
                .description("1 while the latest config reload was refused and an older config is served")
                .strongReference(true).register(registry);
    }
}
