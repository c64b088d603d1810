package dev.ogem.batch.queue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.Records;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StateUnavailableException;

/**
 * Job records in the {@link StateStore}'s durable {@link Records} (never evicted, unlike the response
 * cache), as JSON:
 * <ul>
 *   <li>namespace {@code batch-req}, per request id: {@code submitted} with the batch id (25 h),
 *       {@code done} with the answer (the retention period), or {@code failed} (a short tombstone: the
 *       same as absent);</li>
 *   <li>namespace {@code batch-job}, per batch id: a {@link JobRecord} (25 h plus the retention period);</li>
 *   <li>set {@code batch-inflight}: the ids of the batches still to be polled, read on start-up; each add
 *       and remove is atomic, so two instances never lose each other's entries.</li>
 * </ul>
 * Every method throws {@link StateUnavailableException} while Valkey is out: the caller decides.
 */
final class JobStore {
    private static final Logger LOGGER = Logger.getLogger(JobStore.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String REQUESTS = "batch-req";
    private static final String JOBS = "batch-job";
    private static final String INFLIGHT = "batch-inflight";
    /** The 24 h completion window plus an hour. */
    static final Duration SUBMITTED_TTL = Duration.ofHours(25);
    private static final Duration TOMBSTONE_TTL = Duration.ofMinutes(1);

    private final Records records;
    private final Duration retention;

    JobStore(StateStore store, Duration retention) {
        this.records = store.records();
        this.retention = retention;
    }

    RequestRecord request(String requestId) {
        Optional<JsonNode> json = read(REQUESTS, requestId);
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
        write(REQUESTS, requestId, NODES.objectNode().put("state", "submitted").put("batch", batchId),
                SUBMITTED_TTL);
    }

    void done(String requestId, ChatResponse answer) {
        ObjectNode node = NODES.objectNode().put("state", "done");
        node.set("answer", OpenAiJson.valueToTree(answer));
        write(REQUESTS, requestId, node, retention);
    }

    void failed(String requestId) {
        write(REQUESTS, requestId, NODES.objectNode().put("state", "failed"), TOMBSTONE_TTL);
    }

    Optional<JobRecord> job(String batchId) {
        return read(JOBS, batchId).map(node -> {
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
        write(JOBS, job.batchId(), node, SUBMITTED_TTL.plus(retention));
    }

    Set<String> inflight() {
        return records.members(INFLIGHT);
    }

    void addInflight(String batchId) {
        records.addMember(INFLIGHT, batchId);
    }

    void removeInflight(String batchId) {
        records.removeMember(INFLIGHT, batchId);
    }

    private Optional<JsonNode> read(String namespace, String id) {
        return records.get(namespace, id).flatMap(bytes -> {
            try {
                return Optional.of(OpenAiJson.readTree(bytes));
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "unreadable batch record " + namespace + "/" + id, e);
                return Optional.empty();
            }
        });
    }

    private void write(String namespace, String id, JsonNode node, Duration ttl) {
        records.put(namespace, id, OpenAiJson.write(node), ttl);
    }
}
