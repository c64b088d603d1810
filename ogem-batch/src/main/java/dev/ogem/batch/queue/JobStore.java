package dev.ogem.batch.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.StateStore;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Job records in the {@link StateStore}'s byte cache, as JSON:
 * <ul>
 *   <li>{@code batch:req:<request id>}: {@code submitted} with the batch id (25 h), {@code done} with
 *       the answer (the retention period), or {@code failed} (a short tombstone: the same as absent);</li>
 *   <li>{@code batch:job:<batch id>}: a {@link JobRecord} (25 h plus the retention period);</li>
 *   <li>{@code batch:inflight}: the ids of the batches still to be polled, read on start-up.</li>
 * </ul>
 * The in-flight list is read, changed and written under a local lock; two instances writing it at the
 * same instant may lose an entry, so every poll round puts its batch back if it is missing, and an
 * entry whose job record is finished or gone is dropped when read.
 */
final class JobStore {
    private static final Logger LOGGER = Logger.getLogger(JobStore.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String INFLIGHT = "batch:inflight";
    /** The 24 h completion window plus an hour. */
    static final Duration SUBMITTED_TTL = Duration.ofHours(25);
    private static final Duration TOMBSTONE_TTL = Duration.ofMinutes(1);

    private final StateStore store;
    private final Duration retention;
    private final ReentrantLock inflightLock = new ReentrantLock();

    JobStore(StateStore store, Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    RequestRecord request(String requestId) {
        Optional<JsonNode> json = read("batch:req:" + requestId);
        if (json.isEmpty()) {
            return new RequestRecord.Absent();
        }
        JsonNode node = json.get();
        try {
            return switch (node.path("state").asText()) {
                case "submitted" -> new RequestRecord.Submitted(node.path("batch").asText());
                case "done" -> new RequestRecord.Done(OpenAiJson.treeToValue(node.path("answer"), ChatResponse.class));
                default -> new RequestRecord.Absent();
            };
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "unreadable batch request record " + requestId, e);
            return new RequestRecord.Absent();
        }
    }

    void submitted(String requestId, String batchId) {
        write("batch:req:" + requestId, NODES.objectNode().put("state", "submitted").put("batch", batchId),
                SUBMITTED_TTL);
    }

    void done(String requestId, ChatResponse answer) {
        ObjectNode node = NODES.objectNode().put("state", "done");
        node.set("answer", OpenAiJson.valueToTree(answer));
        write("batch:req:" + requestId, node, retention);
    }

    void failed(String requestId) {
        write("batch:req:" + requestId, NODES.objectNode().put("state", "failed"), TOMBSTONE_TTL);
    }

    Optional<JobRecord> job(String batchId) {
        return read("batch:job:" + batchId).map(node -> {
            List<String> ids = new ArrayList<>();
            node.path("requests").forEach(id -> ids.add(id.asText()));
            return new JobRecord(node.path("batch").asText(), node.path("base").asText(), node.path("model").asText(),
                    Instant.ofEpochMilli(node.path("created").asLong()), ids, node.path("state").asText());
        });
    }

    void saveJob(JobRecord job) {
        ObjectNode node = NODES.objectNode()
                .put("batch", job.batchId())
                .put("base", job.baseUrl())
                .put("model", job.model())
                .put("created", job.created().toEpochMilli())
                .put("state", job.state());
        ArrayNode ids = node.putArray("requests");
        job.requestIds().forEach(ids::add);
        write("batch:job:" + job.batchId(), node, SUBMITTED_TTL.plus(retention));
    }

    List<String> inflight() {
        return List.copyOf(readInflight());
    }

    void addInflight(String batchId) {
        changeInflight(batchId, true);
    }

    void removeInflight(String batchId) {
        changeInflight(batchId, false);
    }

    private void changeInflight(String batchId, boolean add) {
        inflightLock.lock();
        try {
            Set<String> ids = readInflight();
            if (add ? ids.add(batchId) : ids.remove(batchId)) {
                ObjectNode node = NODES.objectNode();
                ArrayNode array = node.putArray("batches");
                ids.forEach(array::add);
                write(INFLIGHT, node, SUBMITTED_TTL.plus(Duration.ofHours(1)));
            }
        } finally {
            inflightLock.unlock();
        }
    }

    private Set<String> readInflight() {
        Set<String> ids = new LinkedHashSet<>();
        read(INFLIGHT).ifPresent(node -> node.path("batches").forEach(id -> ids.add(id.asText())));
        return ids;
    }

    private Optional<JsonNode> read(String key) {
        return store.cached(key).flatMap(bytes -> {
            try {
                return Optional.of(OpenAiJson.readTree(bytes));
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "unreadable batch record " + key, e);
                return Optional.empty();
            }
        });
    }

    private void write(String key, JsonNode node, Duration ttl) {
        store.cache(key, OpenAiJson.write(node), ttl);
    }
}
