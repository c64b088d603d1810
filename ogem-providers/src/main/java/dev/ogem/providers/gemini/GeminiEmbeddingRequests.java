package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.EmbeddingInput;
import dev.ogem.api.EmbeddingRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAI embeddings request → the bodies of AI Studio's {@code embedContent} (one text) and
 * {@code batchEmbedContents} (several), and of Vertex AI's {@code predict} for embedding models.
 *
 * <p>What becomes of each OpenAI field is in {@link #FIELDS}. Gemini embeds text only: token arrays are
 * refused (400, {@code input}), as is any field OpenAI's API does not define; nothing is dropped silently. On
 * Vertex, {@code autoTruncate} is {@code false}, so an input longer than the model takes fails as on OpenAI
 * instead of being cut silently (AI Studio has no such switch).
 */
final class GeminiEmbeddingRequests {

    /** OpenAI field → what Gemini gets. */
    static final Map<String, String> FIELDS = Map.of(
            "model", "the URL's model (and each batchEmbedContents request's model)",
            "input", "content.parts[0].text per text (AI Studio); instances[].content (Vertex predict)",
            "dimensions", "outputDimensionality (AI Studio, per request); parameters.outputDimensionality (Vertex)",
            "encoding_format", "not sent: ogem encodes Gemini's floats as the caller asked (float or base64)",
            "user", "not sent: it does not change the answer");

    /** The most requests one {@code batchEmbedContents} call takes. */
    static final int STUDIO_BATCH = 100;
    /** The most instances one Vertex {@code predict} call takes for {@code text-embedding} models. */
    static final int VERTEX_BATCH = 250;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeminiEmbeddingRequests() {
    }

    /**
     * The texts to embed, after refusing what Gemini cannot honour.
     *
     * @param request the OpenAI request
     * @return the texts, in order
     * @throws CallerException for token arrays, an unknown field, or a {@code dimensions} below 1
     */
    static List<String> texts(EmbeddingRequest request) {
        request.extra().keySet().stream().findFirst().ifPresent(field -> {
            throw CallerException.invalid("'" + field + "' is not an OpenAI embeddings parameter and Gemini embedding"
                    + " models have nothing it could mean.", field);
        });
        request.dimensions().filter(d -> d < 1).ifPresent(d -> {
            throw CallerException.invalid("'dimensions' must be at least 1.", "dimensions");
        });
        return switch (request.inputs()) {
            case EmbeddingInput.Texts texts -> texts.texts();
            case EmbeddingInput.Tokens ignored -> throw CallerException.invalid("Gemini embedding models take text"
                    + " only; send 'input' as a string or an array of strings, not token ids.", "input");
        };
    }

    /**
     * How many texts one Vertex {@code predict} call may hold for a model: Gemini embedding models take one
     * instance per request, the {@code text-embedding} and {@code text-multilingual-embedding} models
     * {@value #VERTEX_BATCH}.
     *
     * @param model the model id
     * @return the batch size
     */
    static int vertexBatch(String model) {
        return model.startsWith("gemini-") ? 1 : VERTEX_BATCH;
    }

    /** AI Studio {@code EmbedContentRequest} of one text. */
    static ObjectNode embedContent(String text, Optional<Integer> dimensions) {
        ObjectNode body = NODES.objectNode();
        body.putObject("content").putArray("parts").addObject().put("text", text);
        dimensions.ifPresent(d -> body.put("outputDimensionality", d));
        return body;
    }

    /** AI Studio {@code BatchEmbedContentsRequest}; each request names the model, as the API requires. */
    static ObjectNode batchEmbedContents(String model, List<String> texts, Optional<Integer> dimensions) {
        ObjectNode body = NODES.objectNode();
        ArrayNode requests = body.putArray("requests");
        String name = model.startsWith("models/") ? model : "models/" + model;
        for (String text : texts) {
            requests.add(embedContent(text, dimensions).put("model", name));
        }
        return body;
    }

    /** Vertex AI {@code PredictRequest} of text embedding instances. */
    static ObjectNode predict(List<String> texts, Optional<Integer> dimensions) {
        ObjectNode body = NODES.objectNode();
        ArrayNode instances = body.putArray("instances");
        texts.forEach(text -> instances.addObject().put("content", text));
        ObjectNode parameters = body.putObject("parameters").put("autoTruncate", false);
        dimensions.ifPresent(d -> parameters.put("outputDimensionality", d));
        return body;
    }
}
