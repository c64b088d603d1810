package dev.ogem.providers.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One extract of a provider's published schema, kept in the test class path under {@code /specs/}:
 * the request schemas the tests validate against ({@link #roots()}) and every schema they reach
 * through {@code $ref}, nothing else. {@link ExtractSpecs} writes them; {@code specs/SOURCES.md}
 * says where each published document came from.
 */
public enum Spec {

    /** The Anthropic Messages API request ({@code POST /v1/messages}), OpenAPI 3.1. */
    ANTHROPIC("anthropic-messages.openapi.json", SchemaClosure.OPENAPI, List.of("CreateMessageParams")),
    /** The Gemini API ({@code generativelanguage} v1beta) generateContent request, discovery document. */
    GEMINI("gemini-v1beta-generate-content.discovery.json", SchemaClosure.DISCOVERY,
            List.of("GenerateContentRequest")),
    /** The Vertex AI ({@code aiplatform} v1) generateContent request, discovery document. */
    VERTEX("vertex-v1-generate-content.discovery.json", SchemaClosure.DISCOVERY,
            List.of("GoogleCloudAiplatformV1GenerateContentRequest")),
    /** The Gemini API ({@code generativelanguage} v1beta) embedContent and batchEmbedContents requests. */
    GEMINI_EMBED("gemini-v1beta-embed-content.discovery.json", SchemaClosure.DISCOVERY,
            List.of("EmbedContentRequest", "BatchEmbedContentsRequest")),
    /** The Vertex AI ({@code aiplatform} v1) predict request (text embedding models) and embedContent request. */
    VERTEX_EMBED("vertex-v1-embed.discovery.json", SchemaClosure.DISCOVERY,
            List.of("GoogleCloudAiplatformV1PredictRequest", "GoogleCloudAiplatformV1EmbedContentRequest")),
    /**
     * The OpenAI API requests ogem sends: chat completions, embeddings, batch creation and the file upload
     * ({@code POST /v1/files}, a multipart form whose fields the schema describes), OpenAPI 3.1.
     */
    OPENAI("openai-v1.openapi.json", SchemaClosure.OPENAPI, List.of("CreateChatCompletionRequest",
            "CreateEmbeddingRequest", "CreateBatchRequest", "CreateFileRequest")),
    /** One line of an OpenAI batch input file, as last published (the current OpenAI document lacks it). */
    OPENAI_BATCH_LINE("openai-batch-request-input.openapi.json", SchemaClosure.OPENAPI,
            List.of("BatchRequestInput"));

    /** Fields of the Gemini API added after the stored discovery document, each checked against the protos. */
    public static final String GEMINI_OVERLAY = "gemini-v1beta-overlay.json";
    /** The current v1beta proto messages that {@link #GEMINI_OVERLAY} names, verbatim. */
    public static final String GEMINI_PROTO_MESSAGES = "gemini-v1beta-messages.proto";
    /** The key of the extract's own description: source file, its SHA-256, the roots. */
    public static final String EXTRACT_KEY = "x-ogem-extract";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fileName;
    private final SchemaClosure references;
    private final List<String> roots;

    Spec(String fileName, SchemaClosure references, List<String> roots) {
        this.fileName = fileName;
        this.references = references;
        this.roots = roots;
    }

    /** @return the file name under {@code /specs/} (and under {@code src/test/resources/specs/}) */
    public String fileName() {
        return fileName;
    }

    /** @return how the document's {@code $ref}s name schemas */
    public SchemaClosure references() {
        return references;
    }

    /** @return the schemas the tests validate against */
    public List<String> roots() {
        return roots;
    }

    /** @return the extract, read from the test class path */
    public JsonNode document() {
        return json(fileName);
    }

    /**
     * The named schemas of a document of this kind.
     *
     * @param document the published document or its extract
     * @return {@code components.schemas} (OpenAPI) or {@code schemas} (discovery)
     */
    public JsonNode schemas(JsonNode document) {
        return references == SchemaClosure.OPENAPI ? document.path("components").path("schemas")
                : document.path("schemas");
    }

    /**
     * A JSON resource of {@code /specs/}.
     *
     * @param name the file name
     * @return its tree
     */
    public static JsonNode json(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse /specs/" + name, e);
        }
    }

    /**
     * A resource of {@code /specs/} as text.
     *
     * @param name the file name
     * @return its UTF-8 text
     * @throws IllegalStateException when the class path holds no such resource
     */
    public static String text(String name) {
        URL url = Spec.class.getResource("/specs/" + name);
        if (url == null) {
            throw new IllegalStateException("No /specs/" + name + " in the test class path");
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + url, e);
        }
    }
}
