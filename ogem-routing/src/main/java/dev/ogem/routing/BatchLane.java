package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ProviderException;

import java.time.Duration;

/**
 * Where the router sends a {@code @batch} chain entry: a queue of batch jobs (the gateway's is an OpenAI
 * Batch API queue). The router decides which entries go here (see {@link Router.Builder#batchLane}); the lane
 * decides how they are answered. The router does not own the lane; its creator closes what lies behind it.
 * Called on the request's (virtual) thread: {@link #submit} blocks.
 */
public interface BatchLane {

    /**
     * Whether an endpoint takes batch jobs. An endpoint that does not gets a {@code @batch} name sent
     * unchanged, as any other name.
     *
     * @param endpoint an endpoint of the router's catalog
     * @return {@code true} when {@link #submit} may be called for it
     */
    boolean serves(Endpoint endpoint);

    /**
     * Sends one request through the endpoint's batch jobs and waits for its answer.
     *
     * @param endpoint an endpoint the lane {@link #serves}
     * @param model    the model to send, without the {@code @batch} suffix
     * @param request  the caller's request (its {@code model} is not the one to send)
     * @param maxWait  the caller's remaining deadline: the longest the lane may keep it waiting
     * @return the answer
     * @throws CallerException   {@code batch_pending} when the wait ends before the answer; the router
     *                           never falls back from it (a fallback would send the request at full price)
     * @throws ProviderException when the job failed; a retryable one moves to the next candidate
     */
    ChatResponse submit(Endpoint endpoint, String model, ChatRequest request, Duration maxWait);
}
