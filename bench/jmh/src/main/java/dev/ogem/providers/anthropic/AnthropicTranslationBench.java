package dev.ogem.providers.anthropic;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.bench.jmh.Payloads;
import dev.ogem.bench.jmh.Relay;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.RequestImages;
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
import java.util.concurrent.TimeUnit;

/**
 * What AnthropicClient does besides I/O: an OpenAI request translated to a Messages API body and
 * written ({@link #request}), a Messages API answer read and translated to a ChatResponse
 * ({@link #response}), and an Anthropic SSE stream translated to OpenAI chunks and relayed
 * ({@link #stream}). Payloads follow the golden fixtures in ogem-providers/src/test/resources/fixtures/anthropic.
 *
 * <p>AnthropicRequests, AnthropicResponses and AnthropicStream are package-private in the
 * ogem-providers module. JMH runs on the class path, where module boundaries do not apply, so this
 * class sits in the same package (dev.ogem.providers.anthropic) to reach them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class AnthropicTranslationBench {

    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final long CREATED = 1_700_000_000L;

    /** A short text answer (fixture "text"). */
    private static final byte[] TEXT_RESPONSE = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
            "content":[{"type":"text","text":"Hello! I hope your day is going well."}],\
            "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":11}}"""
            .getBytes(StandardCharsets.UTF_8);

    /** Text and two tool calls (fixture "tool-call-response"). */
    private static final byte[] TOOLS_RESPONSE = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
            "content":[{"type":"text","text":"Let me check both."},\
            {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}},\
            {"type":"tool_use","id":"toolu_02","name":"get_weather","input":{"city":"Rome"}}],\
            "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":300,"output_tokens":80}}"""
            .getBytes(StandardCharsets.UTF_8);

    /** The text pieces of the stream: eight deltas. */
    private static final String[] DELTAS = {"The ", "quick ", "brown ", "fox ", "jumps ", "over ", "the ", "lazy dog."};

    /**
     * A text answer as the Messages API streams it (fixture "stream-text", eight deltas): message_start,
     * content_block_start, ping, 8 content_block_delta, content_block_stop, message_delta, message_stop.
     * Translated without usage: a role chunk, 8 content chunks and the finish chunk.
     */
    private static final byte[] STREAM;

    static {
        StringBuilder sse = new StringBuilder();
        event(sse, "message_start", """
                {"type":"message_start","message":{"id":"msg_s1","type":"message","role":"assistant",\
                "model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,\
                "usage":{"input_tokens":25,"output_tokens":1}}}""");
        event(sse, "content_block_start", """
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        event(sse, "ping", """
                {"type":"ping"}""");
        for (String delta : DELTAS) {
            event(sse, "content_block_delta", """
                    {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"%s"}}""".formatted(delta));
        }
        event(sse, "content_block_stop", """
                {"type":"content_block_stop","index":0}""");
        event(sse, "message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},\
                "usage":{"output_tokens":9}}""");
        event(sse, "message_stop", """
                {"type":"message_stop"}""");
        STREAM = sse.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void event(StringBuilder sse, String name, String data) {
        sse.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
    }

    /** The request shapes: small, the load test's body; tools, the multi-turn tool-calling request. */
    @State(Scope.Benchmark)
    public static class Requests {

        @Param({"small", "tools"})
        public String request;

        ChatRequest chat;
        ImageFetcher images;

        @Setup
        public void setUp() throws IOException {
            byte[] body = request.equals("small") ? Payloads.smallRequest(MODEL) : Payloads.toolRequest(MODEL, false);
            chat = OpenAiJson.read(body, ChatRequest.class);
            images = new ImageFetcher(ImagePolicy.defaults(AnthropicWire.IMAGE_TYPES, false));
            try (RequestImages downloads = images.forRequest()) {
                AnthropicRequests.translate(chat, Dialect.DIRECT, downloads);
            }
        }
    }

    /** The answer shapes: text, a short text answer; tools, text and two tool calls. */
    @State(Scope.Benchmark)
    public static class Responses {

        @Param({"text", "tools"})
        public String response;

        byte[] body;

        @Setup
        public void setUp() throws IOException {
            body = response.equals("text") ? TEXT_RESPONSE : TOOLS_RESPONSE;
            AnthropicResponses.translate(OpenAiJson.readTree(body), MODEL, false, CREATED);
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

    /** OpenAI request → Anthropic body, written as JSON (AnthropicClient.stream/complete, then post). */
    @Benchmark
    public byte[] request(Requests state) throws IOException {
        try (RequestImages downloads = state.images.forRequest()) {
            return OpenAiJson.write(AnthropicRequests.translate(state.chat, Dialect.DIRECT, downloads).body());
        }
    }

    /** Anthropic answer bytes → tree → ChatResponse (AnthropicClient.complete). */
    @Benchmark
    public ChatResponse response(Responses state) throws IOException {
        return AnthropicResponses.translate(OpenAiJson.readTree(state.body), MODEL, false, CREATED);
    }

    /** A 13-event Anthropic stream → 10 OpenAI chunks written as SSE events (AnthropicStream, then the relay). */
    @Benchmark
    public int stream(Streams state) {
        return Relay.drain(open());
    }

    private static AnthropicStream open() {
        return new AnthropicStream(new UpstreamEvents(new ByteArrayInputStream(STREAM), () -> { }, ProviderLimits.defaults()),
                new UpstreamCall("bench", MODEL), false, false, CREATED);
    }
}
