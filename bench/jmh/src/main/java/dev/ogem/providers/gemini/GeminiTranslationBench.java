package dev.ogem.providers.gemini;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.bench.jmh.Payloads;
import dev.ogem.bench.jmh.Relay;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What GeminiClient does besides I/O: an OpenAI request translated to a GenerateContentRequest and
 * written ({@link #request}), a GenerateContentResponse read and translated to a ChatResponse
 * ({@link #response}), and a streamGenerateContent SSE stream translated to OpenAI chunks and
 * relayed ({@link #stream}). Payloads follow the golden fixtures in ogem-providers/src/test/resources/fixtures/gemini.
 *
 * <p>GeminiRequests, GeminiResponses and GeminiStream are package-private in the ogem-providers
 * module. JMH runs on the class path, where module boundaries do not apply, so this class sits in
 * the same package (dev.ogem.providers.gemini) to reach them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class GeminiTranslationBench {

    private static final String MODEL = "gemini-2.5-flash";
    private static final long CREATED = 1_700_000_000L;

    /** A short text answer in two parts (fixture "text"). */
    private static final byte[] TEXT_RESPONSE = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"},\
            {"text":" there! I hope your day is going well."}]},"finishReason":"STOP","index":0}],\
            "modelVersion":"gemini-2.5-flash","responseId":"resp-1",\
            "usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":11,"totalTokenCount":15}}"""
            .getBytes(StandardCharsets.UTF_8);

    /** A thought and two function calls, one with a thought signature (fixture "tool-call-response"). */
    private static final byte[] TOOLS_RESPONSE = """
            {"candidates":[{"content":{"role":"model","parts":[\
            {"text":"The user wants two cities.","thought":true},\
            {"functionCall":{"name":"get_weather","args":{"city":"Paris","unit":"c"}},\
            "thoughtSignature":"c2lnbmF0dXJlLW9uZS8rPQ=="},\
            {"functionCall":{"name":"get_weather","args":{"city":"Rome","unit":"c"}}}]},\
            "finishReason":"STOP","index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-1",\
            "usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":20,"totalTokenCount":95,"thoughtsTokenCount":25}}"""
            .getBytes(StandardCharsets.UTF_8);

    /** The text pieces of the stream: eight frames. */
    private static final String[] TEXTS = {"The ", "quick ", "brown ", "fox ", "jumps ", "over ", "the ", "lazy dog."};

    /**
     * A text answer as streamGenerateContent?alt=sse sends it (fixture "stream-text", eight frames):
     * each frame one text part and the running usageMetadata, the last with finishReason STOP.
     * Translated without usage: a role chunk, 8 content chunks and the finish chunk.
     */
    private static final byte[] STREAM;

    static {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < TEXTS.length; i++) {
            boolean last = i == TEXTS.length - 1;
            sse.append("data: ").append("""
                    {"candidates": [{"content": {"role": "model", "parts": [{"text": "%s"}]}, "index": 0%s}], \
                    "modelVersion": "gemini-2.5-flash", "responseId": "resp-s", "usageMetadata": \
                    {"promptTokenCount": 4, "candidatesTokenCount": %d, "totalTokenCount": %d}}"""
                    .formatted(TEXTS[i], last ? ", \"finishReason\": \"STOP\"" : "", i + 1, i + 5)).append("\n\n");
        }
        STREAM = sse.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The request shapes: small, the load test's body; tools, the multi-turn tool-calling request. */
    @State(Scope.Benchmark)
    public static class Requests {

        @Param({"small", "tools"})
        public String request;

        ChatRequest chat;
        GeminiRequests requests;

        @Setup
        public void setUp() throws IOException {
            byte[] body = request.equals("small") ? Payloads.smallRequest(MODEL) : Payloads.toolRequest(MODEL, false);
            chat = OpenAiJson.read(body, ChatRequest.class);
            requests = GeminiClients.requests(GeminiDialect.STUDIO,
                    ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of());
            requests.build(chat);
        }
    }

    /** The answer shapes: text, a short text answer; tools, a thought and two function calls. */
    @State(Scope.Benchmark)
    public static class Responses {

        @Param({"text", "tools"})
        public String response;

        byte[] body;

        @Setup
        public void setUp() throws IOException {
            body = response.equals("text") ? TEXT_RESPONSE : TOOLS_RESPONSE;
            GeminiResponses.toChat(OpenAiJson.readTree(body), MODEL, CREATED);
        }
    }

    /** Checks once that the stream translates to its ten chunks. */
    @State(Scope.Benchmark)
    public static class Streams {

        @Setup
        public void setUp() {
            Relay.check(open(), 10);
        }
    }

    /** OpenAI request → GenerateContentRequest, written as JSON (GeminiClient.complete/stream). */
    @Benchmark
    public byte[] request(Requests state) throws IOException {
        return OpenAiJson.write(state.requests.build(state.chat));
    }

    /** GenerateContentResponse bytes → tree → ChatResponse (GeminiClient.complete). */
    @Benchmark
    public ChatResponse response(Responses state) throws IOException {
        return GeminiResponses.toChat(OpenAiJson.readTree(state.body), MODEL, CREATED);
    }

    /** An 8-frame Gemini stream → 10 OpenAI chunks written as SSE events (GeminiStream, then the relay). */
    @Benchmark
    public int stream(Streams state) {
        return Relay.drain(open());
    }

    private static GeminiStream open() {
        return new GeminiStream(new UpstreamEvents(new ByteArrayInputStream(STREAM), () -> { }, ProviderLimits.defaults()),
                new UpstreamCall("bench", MODEL), false, CREATED);
    }
}
