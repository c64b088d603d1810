package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OgemException;
import dev.ogem.api.ProviderException;

import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tries the candidates of each chain entry in turn: a retryable failure moves to the next
 * endpoint, a context-window failure to the next chain entry, and any other failure is the answer.
 */
final class FallbackRouter implements Router {

    private static final Logger LOG = Logger.getLogger(FallbackRouter.class.getName());

    private final Catalog catalog;
    private final Function<Endpoint, LlmClient> clients;

    FallbackRouter(Catalog catalog, Function<Endpoint, LlmClient> clients) {
        this.catalog = catalog;
        this.clients = clients;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        return route(request, (client, routed) -> client.complete(routed));
    }

    @Override
    public ChunkStream stream(ChatRequest request) {
        return route(request, (client, routed) -> FirstChunkStream.open(client.stream(routed)));
    }

    private <T> T route(ChatRequest request, Call<T> call) {
        List<List<Candidate>> chain = ModelQuery.parseChain(request.model()).stream()
                .map(query -> {
                    List<Candidate> candidates = Candidate.matching(catalog, query);
                    if (candidates.isEmpty()) {
                        throw CallerException.modelNotFound(query.text());
                    }
                    return candidates;
                })
                .toList();
        ProviderException last = null;
        for (List<Candidate> entry : chain) {
            for (Candidate candidate : entry) {
                try {
                    return call.on(clients.apply(candidate.endpoint()), request.withModel(candidate.model().name()));
                } catch (ProviderException e) {
                    LOG.log(Level.FINE, () -> candidate.endpoint().label() + " failed: " + e.kind());
                    if (!e.retryable() && e.kind() != ProviderException.Kind.CONTEXT_WINDOW_EXCEEDED) {
                        throw e;
                    }
                    last = e;
                    if (e.kind() == ProviderException.Kind.CONTEXT_WINDOW_EXCEEDED) {
                        break;
                    }
                }
            }
        }
        throw last;
    }

    /** One upstream attempt. */
    @FunctionalInterface
    private interface Call<T> {
        T on(LlmClient client, ChatRequest routed) throws OgemException;
    }
}
