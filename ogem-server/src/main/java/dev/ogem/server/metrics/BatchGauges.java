package dev.ogem.server.metrics;

import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The batch queue, read at each scrape: {@code ogem_batch_queued_requests}, {@code ogem_batch_waiting_callers},
 * {@code ogem_batch_batches{state}} (batches being polled, by their last OpenAI status; {@code other} for
 * one not in the spec) and {@code ogem_batch_submitted_total}, {@code ogem_batch_completed_total},
 * {@code ogem_batch_failed_total}.
 */
final class BatchGauges {

    /** The Batch API's statuses (openai-openapi.yaml). */
    static final List<String> STATES = List.of("validating", "in_progress", "finalizing", "completed", "failed",
            "expired", "cancelling", "cancelled");

    private BatchGauges() {
    }

    static void register(MeterRegistry registry, BatchQueue batches) {
        gauge(registry, "ogem.batch.queued.requests", "Requests queued, not yet uploaded", batches,
                q -> q.status().queued());
        gauge(registry, "ogem.batch.waiting.callers", "Callers waiting for a batch answer", batches,
                q -> q.status().waiting());
        for (String state : STATES) {
            Gauge.builder("ogem.batch.batches", batches, q -> count(q.status(), state))
                    .description("Batches being polled, by status").tag("state", state)
                    .strongReference(true).register(registry);
        }
        Gauge.builder("ogem.batch.batches", batches, q -> q.status().batches().stream()
                        .filter(b -> !STATES.contains(b.state())).count())
                .description("Batches being polled, by status").tag("state", "other")
                .strongReference(true).register(registry);
        counter(registry, "ogem.batch.submitted", "Batch jobs submitted", batches, q -> q.status().submitted());
        counter(registry, "ogem.batch.completed", "Batch jobs completed", batches, q -> q.status().completed());
        counter(registry, "ogem.batch.failed", "Batch jobs failed, expired or cancelled", batches,
                q -> q.status().failed());
    }

    private static long count(BatchStatus status, String state) {
        return status.batches().stream().filter(b -> b.state().equals(state)).count();
    }

    private static void gauge(MeterRegistry registry, String name, String description, BatchQueue batches,
                              ToDoubleFunction<BatchQueue> value) {
        Gauge.builder(name, batches, value).description(description).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, BatchQueue batches,
                                ToDoubleFunction<BatchQueue> value) {
        FunctionCounter.builder(name, batches, value).description(description).register(registry);
    }
}
