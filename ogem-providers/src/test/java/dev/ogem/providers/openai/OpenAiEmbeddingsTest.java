package dev.ogem.providers.openai;

import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Embeddings on an OpenAI-protocol endpoint: the request and the answer pass as they are. */
class OpenAiEmbeddingsTest {

    private final FakeUpstream upstream = FakeUpstream.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        upstream.close();
    }

    private OpenAiClient client() {
        return new OpenAiClient(http, upstream.baseUrl(), Optional.of("sk-test"));
    }

    private static EmbeddingRequest request(String json) throws Exception {
        return OpenAiJson.read(json, EmbeddingRequest.class);
    }

    @Test
    void theRequestGoesAsSentAndTheAnswerComesBackAsSent() throws Exception {
        upstream.extensions("x_custom"); // a custom server's own field, passed on as sent
        upstream.answer(r -> Reply.json(200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPwAAAL8="},
                 {"object":"embedding","index":1,"embedding":"AAAAAAAAgD8="}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":5,"total_tokens":5},"x_up":1}"""));
        String body = """
                {"model":"text-embedding-3-small","input":[[1,2],[3,4,5]],"dimensions":2,\
                "encoding_format":"base64","user":"u-1","x_custom":{"a":1}}""";
        EmbeddingResponse answer = client().embed(request(body));
        FakeUpstream.Recorded sent = upstream.last();
        assertEquals("/v1/embeddings", sent.path());
        assertEquals("Bearer sk-test", sent.header("Authorization"));
        assertEquals(OpenAiJson.readTree(body.getBytes()), sent.json());
        assertEquals("AACAPwAAAL8=", answer.data().getFirst().embedding().textValue());
        assertArrayEquals(new float[] {1f, -0.5f}, answer.data().getFirst().values());
        assertEquals(5, answer.usage().orElseThrow().totalTokens());
        assertEquals("1", answer.extra().get("x_up").toString());
    }

    @Test
    void errorsAreClassifiedAndAShortAnswerIsABadResponse() throws Exception {
        upstream.answer(r -> Reply.json(429, """
                {"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}"""));
        ProviderException limited = assertThrows(ProviderException.class,
                () -> client().embed(request("{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}")));
        assertEquals(ProviderException.Kind.RATE_LIMITED, limited.kind());
        upstream.answer(r -> Reply.json(200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[1]}],"model":"m"}"""));
        ProviderException shortAnswer = assertThrows(ProviderException.class,
                () -> client().embed(request("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}")));
        assertEquals(ProviderException.Kind.BAD_RESPONSE, shortAnswer.kind());
    }
}
