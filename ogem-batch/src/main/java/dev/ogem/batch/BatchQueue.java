package dev.ogem.batch;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.PendingException;
import dev.ogem.api.ProviderException;
import dev.ogem.batch.queue.DefaultBatchQueue;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateStore;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns chat requests into OpenAI Batch API jobs at half the price, and hands each waiting caller its
 * own answer.
 *
 * <h2>Flow</h2>
 * A request joins the queue of its {@link BatchTarget}. A queue is flushed {@link BatchSettings#flushAfter()}
 * after its first request, at {@link BatchSettings#maxRequests()} requests, or before its input file
 * would pass {@link BatchSettings#maxBytes()}, whichever comes first. A flush uploads one JSONL line
 * per request ({@code custom_id}, {@code POST}, {@code /v1/chat/completions}, the body with the target's
 * model) through the target's {@link OpenAiBatches} (ogem-providers), records the job, creates the batch
 * (24 h window, the job id in its {@code metadata}) and polls it with a doubling, capped wait. When the
 * batch has ended, its output and error files are read and every line is matched to its request by
 * {@code custom_id}; a line's error becomes that caller's error. A batch that {@code expired} or was
 * {@code cancelled} delivers the lines it finished; a request without a line (in any ended batch) ends
 * with a {@link ProviderException} saying how the batch ended before it.
 *
 * <h2>Deduplication and resend</h2>
 * The request id is the SHA-256 of the canonical request JSON (keys sorted, model replaced, stream
 * fields dropped) together with the target's base URL. Identical requests share one line of one job.
 * A caller whose wait ends first gets {@link PendingException#batch(String, String)} (504, code
 * {@code batch_pending}, the batch named once it exists); sending the same request again reattaches to
 * the job, or answers at once for {@link BatchSettings#retention()} after it was collected. Failures are
 * not kept: a resend after one starts a new job.
 *
 * <h2>State</h2>
 * Jobs are kept in the {@link StateStore}'s durable {@link StateStore#records() records} (never evicted,
 * unlike the response cache): per request its job or answer, per job a record naming the endpoint by its
 * base URL (never its key) and the input file, and the set of jobs not yet collected. What is promised:
 * <ul>
 *   <li><b>Paid results are kept until read.</b> Reading an ended batch's files is retried with a doubling
 *       wait capped at {@link BatchSettings#pollMax()} until it succeeds; a transient failure never ends a
 *       request, and the records are renewed meanwhile. Waiting callers get {@code batch_pending} when their
 *       wait ends and reattach by resending. Only a file the upstream no longer has (404) is an error.</li>
 *   <li><b>No billed batch is left uncollected by a crash.</b> The job is recorded (state {@code creating},
 *       with its request ids and input file) before its batch is created. A creation whose answer is lost is
 *       looked up in the upstream's batch list by the job id in the batch's {@code metadata} or by the
 *       input file, and created over the same file only when absent. A job left {@code creating} by an
 *       instance that died is taken over, under a claim so that no two instances create it, by the next
 *       instance that starts (or that a resend reaches) once {@link BatchSettings#reconcileAfter()} has
 *       passed. A crash before the record leaves only an uploaded file.</li>
 *   <li><b>Closing sends what is queued.</b> {@link #close()} flushes every queue, records the jobs and
 *       creates their batches within {@link BatchSettings#closeTimeout()}, then answers waiting callers with
 *       {@code batch_pending}; whatever it did not finish stays recorded for the next start.</li>
 *   <li><b>Many instances.</b> With a Valkey store, a starting instance resumes every recorded job whose
 *       base URL it has an API for, and a resend reaching any instance finds its job. Two instances may poll
 *       and collect one batch: they store the same outcomes, an instance finding the job collected answers
 *       from the store, and every caller gets the same answer.</li>
 *   <li><b>Valkey outages.</b> Records are never kept only locally: while Valkey is out a new request fails
 *       with a retryable {@link ProviderException} (503, {@code batch_state_unavailable}) before anything is
 *       uploaded; running jobs answer their callers and store their outcomes once Valkey is back.</li>
 *   <li><b>Memory mode</b> keeps all this for the life of the process only: a restart forgets every job
 *       (its batch still runs and is billed, nobody collects it).</li>
 * </ul>
 *
 * <p>Implementations are thread-safe and meant for virtual threads: {@link #submit} blocks.
 */
public interface BatchQueue extends AutoCloseable {

    /**
     * Creates a queue and resumes every job the store lists as not yet collected (retried in the background
     * while the store is out).
     *
     * @param store    where job records and answers are kept
     * @param apis     the Batch APIs it may send to, told apart by base URL (the first of a base URL counts);
     *                 from ogem-providers: {@code Providers.batches(endpoint)} or {@link OpenAiBatches#create}
     * @param settings flush, poll, wait and retention settings
     * @return the queue
     */
    static BatchQueue create(StateStore store, List<OpenAiBatches> apis, BatchSettings settings) {
        List<OpenAiBatches> fixed = List.copyOf(apis);
        return DefaultBatchQueue.create(store, () -> fixed, settings);
    }

    /**
     * Creates a queue whose Batch APIs may change while it runs, such as those of a gateway whose config is
     * reloaded: the supplier is asked at each lookup (a submit, a resumed or polled job), so queued requests and
     * running jobs survive the change and are sent and collected with the APIs in force at the time.
     *
     * @param store    where job records and answers are kept
     * @param apis     the Batch APIs now, told apart by base URL (the first of a base URL counts); cheap to call
     * @param settings flush, poll, wait and retention settings
     * @return the queue
     */
    static BatchQueue create(StateStore store, Supplier<List<OpenAiBatches>> apis, BatchSettings settings) {
        return DefaultBatchQueue.create(store, apis, settings);
    }

    /**
     * Sends a request through the batch path and waits for its answer.
     *
     * @param target  the endpoint (a base URL of the queue's APIs) and the model to send
     * @param request the caller's request; its {@code model}, {@code stream} and {@code stream_options}
     *                are ignored
     * @param maxWait the caller's own limit; the wait is the shorter of it and {@link BatchSettings#maxWait()}
     * @return the answer of this request's line
     * @throws PendingException  {@code batch_pending} when the wait ends before the answer
     * @throws ProviderException when the upload or the creation was refused, the batch ended before this
     *                           request was done, this request's line came back with an error, or the
     *                           store cannot record the job ({@code batch_state_unavailable}, retryable)
     * @throws IllegalArgumentException when no API of the queue has the target's base URL
     */
    ChatResponse submit(BatchTarget target, ChatRequest request, Duration maxWait);

    /**
     * What is queued and running now.
     *
     * @return queue depths, batches being polled and their states, counters
     */
    BatchStatus status();

    /**
     * Sends every queued request upstream and stops: each queue is flushed at once (and so is a request
     * that still arrives), and within {@link BatchSettings#closeTimeout()} the jobs are recorded and their
     * batches created. Then polling stops and every caller still waiting gets {@code batch_pending} (its
     * resend reattaches, here after a restart or on another instance). Every job that is not collected,
     * whether created or still {@code creating}, stays recorded in the store for whoever resumes it. A
     * request submitted after this returned is a {@link dev.ogem.api.GatewayException}.
     */
    @Override
    void close();
}
