package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ProviderException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gemini embedding answers → vectors: AI Studio's {@code EmbedContentResponse} ({@code embedding.values})
 * and {@code BatchEmbedContentsResponse} ({@code embeddings[].values}), and Vertex AI's {@code predict}
 * answer ({@code predictions[].embeddings.values}, with {@code statistics.token_count}). An answer with
 * another number of vectors than texts sent, or a vector that is not an array of numbers, is a
 * {@code BAD_RESPONSE}.
 */
final class GeminiEmbeddingResponses {

    private GeminiEmbeddingResponses() {
    }

    /**
     * Vectors and the tokens the upstream counted.
     *
     * @param vectors one per text sent
     * @param tokens  the input tokens, when the upstream counted every text
     */
    record Vectors(List<float[]> vectors, Optional<Long> tokens) {
    }

    static Vectors embedContent(JsonNode answer) {
        return new Vectors(List.of(values(answer.path("embedding").path("values"))), Optional.empty());
    }

    static Vectors batchEmbedContents(JsonNode answer, int expected) {
        JsonNode embeddings = counted(answer.path("embeddings"), expected, "embeddings");
        List<float[]> vectors = new ArrayList<>();
        embeddings.forEach(e -> vectors.add(values(e.path("values"))));
        return new Vectors(vectors, Optional.empty());
    }

    static Vectors predict(JsonNode answer, int expected) {
        JsonNode predictions = counted(answer.path("predictions"), expected, "predictions");
        List<float[]> vectors = new ArrayList<>();
        long tokens = 0;
        boolean allCounted = true;
        for (JsonNode prediction : predictions) {
            JsonNode embeddings = prediction.path("embeddings");
            vectors.add(values(embeddings.path("values")));
            JsonNode count = embeddings.path("statistics").path("token_count");
            allCounted &= count.isNumber() && count.asLong() >= 0;
            tokens += count.asLong();
        }
        return new Vectors(vectors, allCounted ? Optional.of(tokens) : Optional.empty());
    }

    private static JsonNode counted(JsonNode array, int expected, String field) {
        if (!array.isArray() || array.size() != expected) {
            throw bad("The upstream answered " + (array.isArray() ? array.size() : "no") + " " + field + " for "
                    + expected + " texts.");
        }
        return array;
    }

    private static float[] values(JsonNode values) {
        if (!values.isArray() || values.isEmpty()) {
            throw bad("The upstream answered an embedding without values.");
        }
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode value = values.get(i);
            if (!value.isNumber()) {
                throw bad("The upstream answered an embedding value that is not a number.");
            }
            vector[i] = value.floatValue();
        }
        return vector;
    }

    private static ProviderException bad(String message) {
        return ProviderException.of(ProviderException.Kind.BAD_RESPONSE, message);
    }
}
