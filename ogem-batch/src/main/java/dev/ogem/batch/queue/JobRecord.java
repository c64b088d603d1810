package dev.ogem.batch.queue;

import java.time.Instant;
import java.util.List;

/**
 * What the store keeps about one upstream batch, enough for any instance to poll it and hand out
 * its answers. Never holds a key or a prompt.
 *
 * @param batchId    the upstream batch id
 * @param baseUrl    the endpoint's base URL
 * @param model      the model sent
 * @param created    when this gateway created it
 * @param requestIds the request ids (custom ids) of its lines
 * @param state      its last known status, such as {@code in_progress}
 */
record JobRecord(String batchId, String baseUrl, String model, Instant created, List<String> requestIds,
                 String state) {
    JobRecord {
        requestIds = List.copyOf(requestIds);
    }

    JobRecord withState(String newState) {
        return new JobRecord(batchId, baseUrl, model, created, requestIds, newState);
    }
}
