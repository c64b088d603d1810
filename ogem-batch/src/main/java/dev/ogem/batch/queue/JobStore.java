package dev.ogem.batch.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.Records;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StateUnavailableException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
/**
 * Job records in the {@link StateStore}'s durable {@link Records} (never evicted, unlike the response
 * cache), as JSON:
 * <ul>
 *   <li>namespace {@code batch-req}, per request id: {@code submitted} with the job id ({@link #RECORD_TTL}),
 *       {@code done} with the answer (the retention period), or {@code failed} (a short tombstone: the
 *       same as absent);</li>
 *   <li>namespace {@code batch-job}, per job id: a {@link JobRecord} ({@link #RECORD_TTL}, renewed with every
 *       write);</li>
 *   <li>namespace {@code batch-claim}, per job id: who may create or look up a batch still being created;</li>
 *   <li>set {@code batch-inflight}: the ids of the jobs not yet collected, read on start-up; each add and
 *       remove is atomic, so two instances never lose each other's entries.</li>
 * </ul>
 * Every method throws {@link StateUnavailableException} while Valkey is out: the caller decides.
 */
final class JobStore {
    private static final Logger LOGGER = Logger.getLogger(JobStore.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String REQUESTS = "batch-req";
    private static final String JOBS = "batch-job";
    private static final String CLAIMS = "batch-claim";
    private static final String INFLIGHT = "batch-inflight";
    /**
     * How long a job and its submitted requests are kept without a write: a week, far past the 24 h
     * completion window, so results survive a long outage of the whole fleet; a job whose results cannot
     * be read yet is renewed while it is retried.
     */
    static final Duration RECORD_TTL = Duration.ofDays(7);
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
                case "submitted" -> new RequestRecord.Submitted(node.path("job").asText());
                case "done" -> new RequestRecord.Done(OpenAiJson.treeToValue(node.path("answer"), ChatResponse.class));
                default -> new RequestRecord.Absent();
            };
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "unreadable batch request record " + requestId, e);
            return new RequestRecord.Absent();
        }
    }

    void submitted(Collection<String> requestIds, String jobId) {
        byte[] value = OpenAiJson.write(NODES.objectNode().put("state", "submitted").put("job", jobId));
        Map<String, byte[]> values = new LinkedHashMap<>();
        requestIds.forEach(id -> values.put(id, value));
        records.putAll(REQUESTS, values, RECORD_TTL);
    }

    void answered(Map<String, ChatResponse> answers) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        answers.forEach((id, answer) -> {
            ObjectNode node = NODES.objectNode().put("state", "done");
            node.set("answer", OpenAiJson.valueToTree(answer));
            values.put(id, OpenAiJson.write(node));
        });
        records.putAll(REQUESTS, values, retention);
    }

    void failed(Collection<String> requestIds) {
        byte[] value = OpenAiJson.write(NODES.objectNode().put("state", "failed"));
        Map<String, byte[]> values = new LinkedHashMap<>();
        requestIds.forEach(id -> values.put(id, value));
        records.putAll(REQUESTS, values, TOMBSTONE_TTL);
    }

    Optional<JobRecord> job(String jobId) {
        return read(JOBS, jobId).map(node -> {
            List<String> ids = new ArrayList<>();
            node.path("requests").forEach(id -> ids.add(id.asText()));
            return new JobRecord(node.path("job").asText(), node.path("batch").asText(), node.path("file").asText(),
                    node.path("base").asText(), node.path("model").asText(),
                    Instant.ofEpochMilli(node.path("created").asLong()), ids, node.path("state").asText(),
                    node.path("collected").asBoolean(false));
        });
    }

    void saveJob(JobRecord job) {
        ObjectNode node = NODES.objectNode()
                .put("job", job.jobId())
                .put("batch", job.batchId())
                .put("file", job.inputFileId())
                .put("base", job.baseUrl())
                .put("model", job.model())
                .put("created", job.created().toEpochMilli())
                .put("state", job.state())
                .put("collected", job.collected());
        ArrayNode ids = node.putArray("requests");
        job.requestIds().forEach(ids::add);
        records.put(JOBS, job.jobId(), OpenAiJson.write(node), job.collected() ? retention : RECORD_TTL);
    }

    void removeJob(String jobId) {
        records.remove(JOBS, jobId);
    }

    Set<String> inflight() {
        return records.members(INFLIGHT);
    }

    void addInflight(String jobId) {
        records.addMember(INFLIGHT, jobId);
    }

    void removeInflight(String jobId) {
        records.removeMember(INFLIGHT, jobId);
    }

    /** Claims the creation (or look-up) of a job's batch for {@code ttl}, unless someone holds it. */
    boolean claim(String jobId, Duration ttl) {
        return records.putIfAbsent(CLAIMS, jobId, new byte[] {1}, ttl);
    }

    /** Extends a claim this instance holds. */
    void holdClaim(String jobId, Duration ttl) {
        records.put(CLAIMS, jobId, new byte[] {1}, ttl);
    }

    void releaseClaim(String jobId) {
        records.remove(CLAIMS, jobId);
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
}
