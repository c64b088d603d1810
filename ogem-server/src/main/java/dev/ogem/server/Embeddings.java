package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.metrics.CompletionMetrics;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /v1/embeddings}: OpenAI's embeddings request, routed like a chat completion (chains, rpm/tpm,
 * fallback, the cache, the {@code x-ogem-*} headers of {@link ChatCompletions}) to the models that serve
 * embeddings. The body's {@code model} and {@code input} are checked here, and {@code encoding_format} must be
 * {@code float} or {@code base64}; the rest is the upstream's to judge.
 */
final class Embeddings implements Handler {

    private static final Set<String> FORMATS = Set.of(EmbeddingRequest.FLOAT, EmbeddingRequest.BASE64);

    private final RequestReader reader;
    private final Supplier<Router> routers;
    private final CompletionMetrics metrics;

    Embeddings(RequestReader reader, Supplier<Router> routers, CompletionMetrics metrics) {
        this.reader = reader;
        this.routers = routers;
        this.metrics = metrics;
    }

    /** Holds the request's share of the body budget until its answer is sent. */
    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        try (BodyBudget.Lease lease = reader.lease()) {
            answer(request, response, lease);
        }
    }

    private void answer(ServerRequest request, ServerResponse response, BodyBudget.Lease lease) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            EmbeddingRequest embedding = read(request, lease);
            Caller.checkModel(request, embedding.model());
            Routed<EmbeddingResponse> routed = routers.get().embed(embedding, ChatCompletions.options(request));
            response.header(ChatCompletions.PROVIDER, routed.route().provider());
            response.header(ChatCompletions.REGION, routed.route().region());
            response.header(ChatCompletions.MODEL, routed.route().model());
            routed.cache().ifPresent(outcome -> {
                response.header(ChatCompletions.CACHE, outcome.header());
                metrics.cache(outcome);
            });
            response.header(HeaderValues.CONTENT_TYPE_JSON);
            response.send(OpenAiJson.write(routed.value()));
            ok = true;
        } finally {
            metrics.embedded(ok, start);
        }
    }

    private EmbeddingRequest read(ServerRequest request, BodyBudget.Lease lease) {
        EmbeddingRequest embedding = RequestReader.parse(reader.body(request, lease), EmbeddingRequest.class,
                "a JSON embeddings request");
        if (embedding.model().isBlank()) {
            throw CallerException.invalid("'model' is required.", "model");
        }
        embedding.inputs();
        embedding.encodingFormat().filter(format -> !FORMATS.contains(format)).ifPresent(format -> {
            throw CallerException.invalid("'encoding_format' must be float or base64, not '" + format + "'.",
                    "encoding_format");
        });
        return embedding;
    }
}
