package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.providers.specs.Spec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAI request schemas bite: a body with a field of the wrong type, an unknown field where the schema
 * is closed, or a value outside an enum is reported, naming the field; the bodies ogem sends pass.
 */
class OpenAiRequestSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CHAT = """
            {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"system","content":"Be brief."},
                         {"role":"user","content":[{"type":"text","text":"What is this?"},
                            {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"auto"}}]},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                            "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                         {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
             "tool_choice":"auto","temperature":0.2,"max_completion_tokens":null,"n":1,"stop":["\\n"],
             "response_format":{"type":"json_object"},"user":"u-1","seed":7}""";

    private static final String EMBEDDINGS = """
            {"model":"text-embedding-3-small","input":["a","b"],"dimensions":256,"encoding_format":"base64","user":"u"}""";

    @Test
    void theBodiesOgemSendsPass() throws Exception {
        assertEquals(List.of(), OpenAiRequestSchema.chatViolations(JSON.readTree(CHAT)));
        assertEquals(List.of(), OpenAiRequestSchema.embeddingsViolations(JSON.readTree(EMBEDDINGS)));
        assertEquals(List.of(), OpenAiRequestSchema.embeddingsViolations(JSON.readTree("""
                {"model":"text-embedding-3-small","input":[[1,2,3],[4]]}""")));
        assertEquals(List.of(), OpenAiRequestSchema.batchViolations(JSON.readTree("""
                {"input_file_id":"file-1","endpoint":"/v1/chat/completions","completion_window":"24h",
                 "metadata":{"ogem":"1"}}""")));
        assertEquals(List.of(), OpenAiRequestSchema.fileUploadViolations(JSON.readTree("""
                {"purpose":"batch","file":"{}"}""")));
        assertEquals(List.of(), OpenAiRequestSchema.batchLineViolations(JSON.readTree("""
                {"custom_id":"r-1","method":"POST","url":"/v1/chat/completions",
                 "body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}}""")));
    }

    @Test
    void aFieldOfTheWrongTypeIsReported() throws Exception {
        ObjectNode hot = (ObjectNode) JSON.readTree(CHAT);
        hot.put("temperature", "hot");
        assertNamed("temperature", OpenAiRequestSchema.chatViolations(hot));
        ObjectNode quoted = (ObjectNode) JSON.readTree(CHAT);
        quoted.put("n", "1");
        assertNamed("n", OpenAiRequestSchema.chatViolations(quoted));
        ObjectNode toolArguments = (ObjectNode) JSON.readTree(CHAT);
        ((ObjectNode) toolArguments.at("/messages/2/tool_calls/0/function")).putObject("arguments").put("city", "Rome");
        assertNamed("arguments", OpenAiRequestSchema.chatViolations(toolArguments));
        ObjectNode dimensions = (ObjectNode) JSON.readTree(EMBEDDINGS);
        dimensions.put("dimensions", 25.5);
        assertNamed("dimensions", OpenAiRequestSchema.embeddingsViolations(dimensions));
    }

    @Test
    void anUnknownFieldWhereTheSchemaIsClosedIsReported() throws Exception {
        ObjectNode embeddings = (ObjectNode) JSON.readTree(EMBEDDINGS);
        embeddings.put("outputDimensionality", 256);
        assertNamed("outputDimensionality", OpenAiRequestSchema.embeddingsViolations(embeddings));
        assertNamed("purposes", OpenAiRequestSchema.fileUploadViolations(JSON.readTree("""
                {"purpose":"batch","file":"{}","purposes":"batch"}""")));
    }

    @Test
    void aValueOutsideItsEnumOrAMissingRequiredFieldIsReported() throws Exception {
        ObjectNode role = (ObjectNode) JSON.readTree(CHAT);
        ((ObjectNode) role.at("/messages/0")).put("role", "model");
        assertFalse(OpenAiRequestSchema.chatViolations(role).isEmpty(), "there is no model role");
        assertNamed("encoding_format", OpenAiRequestSchema.embeddingsViolations(
                ((ObjectNode) JSON.readTree(EMBEDDINGS)).put("encoding_format", "int8")));
        assertNamed("completion_window", OpenAiRequestSchema.batchViolations(JSON.readTree("""
                {"input_file_id":"file-1","endpoint":"/v1/chat/completions","completion_window":"7d"}""")));
        ObjectNode noMessages = (ObjectNode) JSON.readTree(CHAT);
        noMessages.remove("messages");
        assertNamed("messages", OpenAiRequestSchema.chatViolations(noMessages));
    }

    @Test
    void aBatchLineIsCheckedWithItsBody() throws Exception {
        assertNamed("method", OpenAiRequestSchema.batchLineViolations(JSON.readTree("""
                {"custom_id":"r-1","method":"GET","url":"/v1/chat/completions",
                 "body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}}""")));
        assertNamed("max_tokens", OpenAiRequestSchema.batchLineViolations(JSON.readTree("""
                {"custom_id":"r-1","method":"POST","url":"/v1/chat/completions",
                 "body":{"model":"gpt-4o-mini","max_tokens":"10","messages":[{"role":"user","content":"Hi"}]}}""")));
    }

    @Test
    void aSchemaMissingFromTheExtractFailsTheLoadInsteadOfPassing() {
        ObjectNode document = Spec.OPENAI.document().deepCopy();
        ((ObjectNode) Spec.OPENAI.schemas(document)).remove("ChatCompletionRequestMessage");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OpenAiRequestSchema.requestSchema(Spec.OPENAI, document, "CreateChatCompletionRequest"));
        assertTrue(e.getMessage().contains("#/components/schemas/ChatCompletionRequestMessage"), e.getMessage());
    }

    private static void assertNamed(String field, List<String> violations) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(field)), field + " not reported in " + violations);
    }
}
