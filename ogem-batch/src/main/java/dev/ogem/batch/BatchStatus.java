package dev.ogem.batch;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link BatchQueue} holds now, for {@code /v1/status} and metrics. Never shows prompts or keys.
 *
 * @param queued    requests waiting in queues for their flush, all targets together
 * @param waiting   callers (or resends) blocked in {@link BatchQueue#submit} right now
 * @param queues    the non-empty queues
 * @param batches   the batches this instance is polling
 * @param submitted batches created since start
 * @param completed batches that ended {@code completed} since start
 * @param failed    batches that ended otherwise ({@code failed}, {@code expired}, {@code cancelled},
 *                  or not created at all) since start
 */
public record BatchStatus(int queued, int waiting, List<Queue> queues, List<Batch> batches,
                          long submitted, long completed, long failed) {
    /**
     * Copies the lists.
     */
    public BatchStatus {
        queues = List.copyOf(queues);
        batches = List.copyOf(batches);
    }

    /**
     * One queue.
     *
     * @param baseUrl the endpoint
     * @param model   the model sent
     * @param depth   requests in it
     * @param bytes   size of its input file so far
     * @param since   when its first request arrived
     */
    public record Queue(String baseUrl, String model, int depth, long bytes, Instant since) {
        /** Checks the components. */
        public Queue {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(since, "since");
        }
    }

    /**
     * One batch being polled.
     *
     * @param id       the upstream batch id, or ogem's job id while the batch is being created
     * @param baseUrl  the endpoint
     * @param model    the model sent
     * @param requests requests in it
     * @param state    its last known status: {@code validating}, {@code in_progress}, {@code finalizing} …,
     *                 or {@code creating} while the batch is being created or looked up
     * @param created  when this gateway created it
     */
    public record Batch(String id, String baseUrl, String model, int requests, String state, Instant created) {
        /** Checks the components. */
        public Batch {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(created, "created");
        }
    }
}
