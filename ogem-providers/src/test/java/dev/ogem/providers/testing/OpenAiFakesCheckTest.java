package dev.ogem.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fakes that play OpenAI check every body they receive against OpenAI's schema: a body that breaks it
 * is answered with OpenAI's 400, is listed in the fake's violations, and makes closing the fake fail the
 * test; a valid body, or a call of another protocol, gets the scripted answer.
 */
class OpenAiFakesCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.5}""";

    @Test
    void aChatBodyWithAFieldOfTheWrongTypeIsRefusedAndFailsTheTest() throws Exception {
        FakeUpstream upstream = FakeUpstream.start().answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "ok")));
        try {
            assertEquals(200, post(upstream.baseUrl() + "/chat/completions", GOOD).statusCode());
            assertEquals(List.of(), upstream.violations());

            Answer refused = post(upstream.baseUrl() + "/chat/completions",
                    GOOD.replace("0.5", "\"warm\""));

            assertEquals(400, refused.statusCode());
            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertEquals("invalid_request_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains("temperature"), error.toString());
            assertEquals(1, upstream.violations().size());
            assertTrue(upstream.violations().getFirst().startsWith("/v1/chat/completions: "),
                    upstream.violations().toString());
        } finally {
            AssertionError failed = assertThrows(AssertionError.class, upstream::close);
            assertTrue(failed.getMessage().contains("temperature"), failed.getMessage());
        }
    }

    @Test
    void anEmbeddingsBodyWithAnUnknownFieldIsRefused() throws Exception {
        FakeUpstream upstream = FakeUpstream.start();
        try {
            Answer refused = post(upstream.baseUrl() + "/embeddings", """
                    {"model":"text-embedding-3-small","input":"Hi","outputDimensionality":8}""");

            assertEquals(400, refused.statusCode());
            assertTrue(upstream.violations().getFirst().contains("outputDimensionality"), upstream.violations().toString());
        } finally {
            assertThrows(AssertionError.class, upstream::close);
        }
    }

    @Test
    void aCustomServersOwnFieldIsLeftOutOfTheCheckButTheRestIsChecked() throws Exception {
        FakeUpstream upstream = FakeUpstream.start().extensions("truncate_prompt_tokens");
        try {
            assertEquals(200, post(upstream.baseUrl() + "/embeddings", """
                    {"model":"e5","input":"Hi","truncate_prompt_tokens":8}""").statusCode());
            assertEquals(400, post(upstream.baseUrl() + "/embeddings", """
                    {"model":"e5","input":"Hi","truncate_prompt_tokens":8,"dimensions":"8"}""").statusCode());
            assertTrue(upstream.violations().getFirst().contains("dimensions"), upstream.violations().toString());
        } finally {
            assertThrows(AssertionError.class, upstream::close);
        }
    }

    @Test
    void anotherProtocolsCallIsNotChecked() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start()) {
            assertEquals(200, post(upstream.root() + "/v1beta/models/gemini-2.5-flash:generateContent",
                    "{\"contents\":[]}").statusCode());
            assertEquals(200, post(upstream.root() + "/v1/messages", "{\"model\":1}").statusCode());
            assertEquals(List.of(), upstream.violations());
        }
    }

    @Test
    void aBatchCreationThatBreaksTheSchemaFailsTheTest() throws Exception {
        FakeBatchApi api = FakeBatchApi.start();
        try {
            post(api.baseUrl() + "/batches", """
                    {"input_file_id":"file-1","endpoint":"/v1/chat/completions","completion_window":24}""");

            assertTrue(api.violations().stream().anyMatch(v -> v.contains("completion_window")),
                    api.violations().toString());
        } finally {
            assertThrows(AssertionError.class, api::close);
        }
    }

    /** A status and a body as received. */
    private record Answer(int statusCode, String body) {
    }

    private static Answer post(String url, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }
}
