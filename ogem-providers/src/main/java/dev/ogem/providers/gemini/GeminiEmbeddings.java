package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.Embedding;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Embeddings on a Gemini host. AI Studio: one text goes to {@code embedContent}, several to
 * {@code batchEmbedContents} ({@value GeminiEmbeddingRequests#STUDIO_BATCH} per call). Vertex AI: {@code predict}
 * with the texts as instances, as many per call as the model takes ({@link GeminiEmbeddingRequests#vertexBatch}).
 * The vectors come back in the caller's {@code encoding_format}. Usage: Vertex's {@code token_count}s; AI Studio
 * counts nothing, so its usage is an estimate of one token per four characters, rounded up per text.
 */
final class GeminiEmbeddings {

    /** Posts a body to a URL of the model and reads the JSON answer (errors already mapped). */
    @FunctionalInterface
    interface Upstream {
        JsonNode post(URI uri, ObjectNode body);
    }

    private final GeminiDialect dialect;

    GeminiEmbeddings(GeminiDialect dialect) {
        this.dialect = dialect;
    }

    EmbeddingResponse embed(EmbeddingRequest request, GeminiUris.Target model, Upstream upstream) {
        List<String> texts = GeminiEmbeddingRequests.texts(request);
        Optional<Integer> dimensions = request.dimensions();
        List<float[]> vectors = new ArrayList<>();
        long tokens = 0;
        boolean counted = dialect == GeminiDialect.VERTEX;
        if (dialect == GeminiDialect.STUDIO && texts.size() == 1) {
            vectors.addAll(GeminiEmbeddingResponses.embedContent(upstream.post(model.call("embedContent"),
                    GeminiEmbeddingRequests.embedContent(texts.getFirst(), dimensions))).vectors());
        } else {
            int batch = dialect == GeminiDialect.STUDIO ? GeminiEmbeddingRequests.STUDIO_BATCH
                    : GeminiEmbeddingRequests.vertexBatch(request.model());
            for (int from = 0; from < texts.size(); from += batch) {
                List<String> part = texts.subList(from, Math.min(texts.size(), from + batch));
                GeminiEmbeddingResponses.Vectors answer = dialect == GeminiDialect.STUDIO
                        ? GeminiEmbeddingResponses.batchEmbedContents(upstream.post(model.call("batchEmbedContents"),
                                GeminiEmbeddingRequests.batchEmbedContents(request.model(), part, dimensions)), part.size())
                        : GeminiEmbeddingResponses.predict(upstream.post(model.call("predict"),
                                GeminiEmbeddingRequests.predict(part, dimensions)), part.size());
                vectors.addAll(answer.vectors());
                counted &= answer.tokens().isPresent();
                tokens += answer.tokens().orElse(0L);
            }
        }
        long usage = counted ? tokens : texts.stream().mapToLong(GeminiEmbeddings::estimate).sum();
        List<Embedding> data = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            data.add(Embedding.of(i, vectors.get(i), request.base64()));
        }
        return EmbeddingResponse.of(data, request.model(), EmbeddingResponse.Usage.of(usage));
    }

    /** One token per four characters, rounded up: the estimate of a text an upstream did not count. */
    static long estimate(String text) {
        return (text.length() + 3L) / 4;
    }
}
