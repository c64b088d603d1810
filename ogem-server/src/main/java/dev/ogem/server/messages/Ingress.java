package dev.ogem.server.messages;

import dev.ogem.api.ChatRequest;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the gateway does for every route before routing, lent to the Messages routes: the body read by the
 * reader every route shares (its size limit, read timeout and the one body budget), and the client key's model
 * list and own rpm/tpm. Its failures are ogem errors, which the Messages routes answer in Anthropic's shape.
 */
public interface Ingress {

    /**
     * Reads a request's body and answers with it, holding the body's share of the gateway's body budget until the
     * answer returns (so until it is sent).
     *
     * @param request the request
     * @param answer  what answers, given the body
     * @throws dev.ogem.api.CallerException 413 past the size limit, 408 for a client too slow
     * @throws dev.ogem.api.QuotaException  429 with {@code Retry-After} when the budget is spent
     */
    void withBody(ServerRequest request, Consumer<byte[]> answer);

    /**
     * Refuses a model the request's client key may not use.
     *
     * @param request the request
     * @param model   the model it asks for
     * @throws dev.ogem.api.CallerException 403 {@code model_not_allowed}
     */
    void checkModel(ServerRequest request, String model);

    /**
     * Admits a request against its client key's own rpm/tpm, with the router's token estimate.
     *
     * @param request the request, with its client key
     * @param chat    what it asks for
     * @return what to settle or release once the answer is known
     * @throws dev.ogem.api.QuotaException 429 when the key's window is full
     */
    Spend admit(ServerRequest request, ChatRequest chat);

    /** A request's admission against its client key, to settle or release once. */
    interface Spend {

        /**
         * Settles to the tokens used.
         *
         * @param tokens the tokens, none for a cache hit; empty when the upstream did not say (the estimate stays)
         */
        void settle(Optional<Long> tokens);

        /** Releases a request that failed: it counts against rpm, its tokens do not. */
        void release();
    }
}
