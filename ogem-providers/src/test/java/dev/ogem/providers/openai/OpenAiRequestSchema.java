package dev.ogem.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.specs.SchemaClosure;
import dev.ogem.providers.specs.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI API's request schemas, from the extracts {@link Spec#OPENAI} and {@link Spec#OPENAI_BATCH_LINE}
 * in the test class path, for every fake that plays an OpenAI-protocol upstream: chat completions,
 * embeddings, batch creation, the fields of a file upload and the lines of a batch input file. The
 * document writes "may be null" as OpenAPI 3.0's {@code nullable}, which the validator honours; a
 * {@code $ref} that resolves to nothing fails the load instead of passing unchecked.
 */
public final class OpenAiRequestSchema {

    private OpenAiRequestSchema() {
    }

    /**
     * Loads the schemas and walks them once with bodies that reach their every branch ogem uses, so that a
     * fake pays for it when it starts, not while a test's request waits with a deadline.
     */
    public static void load() {
        Loaded.CHAT.validate(Loaded.WARM_CHAT);
        Loaded.EMBEDDINGS.validate(Loaded.WARM_EMBEDDINGS);
        Loaded.BATCH.validate(Loaded.WARM_EMBEDDINGS);
        Loaded.FILE.validate(Loaded.WARM_EMBEDDINGS);
        Loaded.LINE.validate(Loaded.WARM_EMBEDDINGS);
    }

    /**
     * Validates a chat completions body ({@code POST /v1/chat/completions}).
     *
     * @param body the body
     * @return the violations, sorted, empty when valid
     */
    public static List<String> chatViolations(JsonNode body) {
        return violations(Loaded.CHAT, body);
    }

    /**
     * Validates an embeddings body ({@code POST /v1/embeddings}).
     *
     * @param body the body
     * @return the violations, sorted, empty when valid
     */
    public static List<String> embeddingsViolations(JsonNode body) {
        return violations(Loaded.EMBEDDINGS, body);
    }

    /**
     * Validates a batch creation body ({@code POST /v1/batches}).
     *
     * @param body the body
     * @return the violations, sorted, empty when valid
     */
    public static List<String> batchViolations(JsonNode body) {
        return violations(Loaded.BATCH, body);
    }

    /**
     * Validates the fields of a file upload ({@code POST /v1/files}, a multipart form), each field's value
     * as a string.
     *
     * @param fields the form's fields by name
     * @return the violations, sorted, empty when valid
     */
    public static List<String> fileUploadViolations(JsonNode fields) {
        return violations(Loaded.FILE, fields);
    }

    /**
     * Validates one line of a batch input file, and its {@code body} against the schema of its {@code url}.
     *
     * @param line the line
     * @return the violations, empty when valid
     */
    public static List<String> batchLineViolations(JsonNode line) {
        List<String> found = new ArrayList<>(violations(Loaded.LINE, line));
        switch (line.path("url").asText()) {
            case "/v1/chat/completions" -> found.addAll(chatViolations(line.path("body")));
            case "/v1/embeddings" -> found.addAll(embeddingsViolations(line.path("body")));
            default -> found.add("$.url: not an endpoint ogem batches: " + line.path("url"));
        }
        return found;
    }

    /**
     * The schema of one request of an OpenAPI document (an extract, or a variant of one in tests).
     *
     * @param spec     which extract the document is
     * @param document the document
     * @param root     the request's schema, such as {@code CreateEmbeddingRequest}
     * @return the schema
     * @throws IllegalStateException when a {@code $ref} of the document names no schema of it
     */
    static JsonSchema requestSchema(Spec spec, JsonNode document, String root) {
        List<String> unresolved = SchemaClosure.OPENAPI.unresolved(spec.schemas(document), document);
        if (!unresolved.isEmpty()) {
            throw new IllegalStateException("Unresolved $ref in " + spec.fileName() + ": " + unresolved);
        }
        String iri = "classpath:specs/" + spec.fileName();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(iri, document.toString()))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true)
                .typeLoose(false).build();
        return factory.getSchema(SchemaLocation.of(iri + "#/components/schemas/" + root), config);
    }

    /**
     * Validates a value against a schema of {@link #requestSchema}.
     *
     * @param schema the schema
     * @param value  the value
     * @return the violations, sorted, empty when valid
     */
    static List<String> violations(JsonSchema schema, JsonNode value) {
        return schema.validate(value).stream().map(ValidationMessage::toString).sorted().toList();
    }

    /** The extracts' schemas, loaded once on first use. */
    private static final class Loaded {
        static final JsonNode OPENAI = Spec.OPENAI.document();
        static final JsonSchema CHAT = requestSchema(Spec.OPENAI, OPENAI, "CreateChatCompletionRequest");
        static final JsonSchema EMBEDDINGS = requestSchema(Spec.OPENAI, OPENAI, "CreateEmbeddingRequest");
        static final JsonSchema BATCH = requestSchema(Spec.OPENAI, OPENAI, "CreateBatchRequest");
        static final JsonSchema FILE = requestSchema(Spec.OPENAI, OPENAI, "CreateFileRequest");
        static final JsonSchema LINE = requestSchema(Spec.OPENAI_BATCH_LINE, Spec.OPENAI_BATCH_LINE.document(),
                "BatchRequestInput");
        static final JsonNode WARM_CHAT = tree("""
                {"model":"m","stream":true,"stream_options":{"include_usage":true},"tool_choice":"auto",
                 "messages":[{"role":"system","content":"s"},{"role":"developer","content":"d"},
                   {"role":"user","content":[{"type":"text","text":"t"},{"type":"image_url","image_url":{"url":"u"}}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function",
                      "function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"r"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
                 "response_format":{"type":"json_object"},"stop":["x"],"temperature":1,"n":1}""");
        static final JsonNode WARM_EMBEDDINGS = tree("""
                {"model":"m","input":["a"]}""");

        private static JsonNode tree(String json) {
            try {
                return OpenAiJson.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
