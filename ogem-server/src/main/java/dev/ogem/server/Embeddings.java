package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.metrics.CompletionMetrics;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /v1/embeddings}: OpenAI's embeddings request, routed like a chat completion (chains, rpm/tpm,
 * fallback, the cache, the {@code x-ogem-*} headers of {@link ChatCompletions}) to the models that serve
 * embeddings, after the client key's model list and its own rpm/tpm ({@link KeyQuota}: the input's estimate,
 * settled to the usage, none for a cache hit, released when the request failed). The body's {@code model} and
 * {@code input} are checked here, and {@code encoding_format} must be {@code float} or {@code base64}; the rest
 * is the upstream's to judge.
 */
final class Embeddings implements Handler {

    private static final Set<String> FORMATS = Set.of(EmbeddingRequest.FLOAT, EmbeddingRequest.BASE64);

    private final RequestReader reader;
    private final Supplier<Router> routers;
    private final CompletionMetrics metrics;
    private final KeyQuota quota;

    Embeddings(RequestReader reader, Supplier<Router> routers, CompletionMetrics metrics, KeyQuota quota) {
        this.reader = reader;
        this.routers = routers;
        this.metrics = metrics;
        this.quota = quota;
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
        Optional<KeyQuota.Spend> spend = Optional.empty();
        boolean ok = false;
        try {
            EmbeddingRequest embedding = read(request, lease);
            Caller.checkModel(request, embedding.model());
            spend = Optional.of(quota.spend(request, embedding));
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
            spend.get().settle(routed.cache().filter(c -> c == CacheOutcome.HIT).isPresent() ? Optional.of(0L)
                    : routed.value().usage().map(EmbeddingResponse.Usage::totalTokens));
        } finally {
            if (!ok) {
                spend.ifPresent(KeyQuota.Spend::release);
            }
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
