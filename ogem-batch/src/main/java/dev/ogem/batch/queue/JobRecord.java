package dev.ogem.batch.queue;

import java.time.Instant;
import java.util.List;

/**
 * What the store keeps about one job, enough for any instance to create, find, poll and collect its
 * upstream batch and hand out its answers. Never holds a key or a prompt. It is written before the batch
 * is created (an intent: {@link #CREATING}, no batch id yet), then with the batch id, its last known
 * status, and at last {@link #collected()} once every request's outcome is stored.
 *
 * @param jobId       ogem's id of the job, also the batch's {@code metadata.ogem_job}
 * @param batchId     the upstream batch id; empty while creating
 * @param inputFileId the uploaded input file
 * @param baseUrl     the endpoint's base URL
 * @param model       the model sent
 * @param created     when this gateway recorded the intent
 * @param requestIds  the request ids (custom ids) of its lines
 * @param state       {@link #CREATING}, else the batch's last known status, such as {@code in_progress}
 * @param collected   whether the outcome of every request is stored
 */
record JobRecord(String jobId, String batchId, String inputFileId, String baseUrl, String model, Instant created,
                 List<String> requestIds, String state, boolean collected) {

    /** The state of a job whose batch may not exist yet. */
    static final String CREATING = "creating";

    JobRecord {
        requestIds = List.copyOf(requestIds);
    }

    /** A job about to be created. */
    static JobRecord intent(String jobId, String inputFileId, String baseUrl, String model, Instant created,
                            List<String> requestIds) {
        return new JobRecord(jobId, "", inputFileId, baseUrl, model, created, requestIds, CREATING, false);
    }

    /** Whether its batch id is still unknown. */
    boolean creating() {
        return batchId.isEmpty();
    }

    /** The id to show: the batch's, or the job's while creating. */
    String shownId() {
        return creating() ? jobId : batchId;
    }

    JobRecord withBatch(String newBatchId, String newState) {
        return new JobRecord(jobId, newBatchId, inputFileId, baseUrl, model, created, requestIds, newState, false);
    }

    JobRecord withState(String newState) {
        return new JobRecord(jobId, batchId, inputFileId, baseUrl, model, created, requestIds, newState, collected);
    }

    JobRecord asCollected(String finalState) {
        return new JobRecord(jobId, batchId, inputFileId, baseUrl, model, created, requestIds, finalState, true);
    }
}
