package dev.ogem.batch;

import java.time.Duration;
import java.util.List;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.PendingException;
import dev.ogem.api.ProviderException;
import dev.ogem.batch.queue.DefaultBatchQueue;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateStore;

/**
 * Turns chat requests into OpenAI Batch API jobs at half the price, and hands each waiting caller its
 * own answer.
 *
 * <h2>Flow</h2>
 * A request joins the queue of its {@link BatchTarget}. A queue is flushed {@link BatchSettings#flushAfter()}
 * after its first request, at {@link BatchSettings#maxRequests()} requests, or before its input file
 * would pass {@link BatchSettings#maxBytes()}, whichever comes first. A flush uploads one JSONL line
 * per request ({@code custom_id}, {@code POST}, {@code /v1/chat/completions}, the body with the target's
 * model) through the target's {@link OpenAiBatches} (ogem-providers: Files upload, batch creation with a
 * 24 h window), and polls the batch with a doubling, capped wait. When the batch is {@code completed} the
 * output and error files are
 * read and every line is matched to its request by {@code custom_id}; a line's error becomes that
 * caller's error. {@code failed}, {@code expired} and {@code cancelled} end every waiting caller with
 * a {@link ProviderException} saying so.
 *
 * <h2>Deduplication and resend</h2>
 * The request id is the SHA-256 of the canonical request JSON (keys sorted, model replaced, stream
 * fields dropped) together with the target's base URL. Identical requests share one line of one job.
 * A caller whose wait ends first gets {@link PendingException#batch(String, String)} (504, code
 * {@code batch_pending}, the job named); sending the same request again reattaches to the job, or
 * answers at once for {@link BatchSettings#retention()} after it completed. Failures are not kept: a
 * resend after one starts a new job.
 *
 * <h2>State</h2>
 * Job records go through the {@link StateStore} ({@code cached}/{@code cache}, keys {@code batch:…}); they
 * name the endpoint by its base URL, never its key. With a Valkey store, a restarted instance resumes
 * polling every batch it had submitted (through the {@link OpenAiBatches} of that base URL), and a
 * resend that reaches another instance finds the job (and polls it there too). With an in-memory
 * store, a restart forgets every queued and submitted request (the upstream batches still run and
 * are billed, but nobody collects them) and answers may be evicted early by the response cache's
 * size bound. Requests still in a queue (at most one flush window) are held by their instance only.
 *
 * <p>Implementations are thread-safe and meant for virtual threads: {@link #submit} blocks.
 */
public interface BatchQueue extends AutoCloseable {

    /**
     * Creates a queue and resumes polling every batch the store lists as submitted and unfinished.
     *
     * @param store    where job records and answers are kept
     * @param apis     the Batch APIs it may send to, told apart by base URL (the first of a base URL counts);
     *                 from ogem-providers: {@code Providers.batches(endpoint)} or {@link OpenAiBatches#create}
     * @param settings flush, poll, wait and retention settings
     * @return the queue
     */
    static BatchQueue create(StateStore store, List<OpenAiBatches> apis, BatchSettings settings) {
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
     * @throws ProviderException when the upload or batch failed, expired or was cancelled, or this
     *                           request's line came back with an error
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
