package dev.ogem.server;

import dev.ogem.providers.testing.OpenAiFixtures;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** The misbehaviours of {@link FaultyUpstream}, one per upstream fault, and a well-behaved answer to compare. */
final class Faults {

    static final String ANSWER = "steady answer";
    private static final Duration KEEP_ALIVE_PERIOD = Duration.ofMillis(100);
    private static final long FLOOD_LIMIT = 512L << 20;

    private Faults() {
    }

    /** A plain answer, or a whole stream when the request asks for one. */
    static FaultyUpstream.Behaviour healthy() {
        return exchange -> {
            if (exchange.request().contains("\"stream\":true")) {
                exchange.sseHead();
                exchange.chunk("data: " + OpenAiFixtures.chunk("steady ") + "\n\n");
                exchange.chunk("data: " + OpenAiFixtures.chunk("answer") + "\n\n");
                exchange.chunk("data: " + OpenAiFixtures.finish("stop") + "\n\n");
                exchange.chunk("data: [DONE]\n\n");
                exchange.endChunks();
            } else {
                exchange.respond(200, OpenAiFixtures.completion("m", ANSWER), Map.of());
            }
        };
    }

    /** A status and an OpenAI error body, with extra headers. */
    static FaultyUpstream.Behaviour status(int status, String type, Map<String, String> headers) {
        return exchange -> exchange.respond(status, OpenAiFixtures.error("upstream says no", type, type), headers);
    }

    /** A 200 whose body is this text. */
    static FaultyUpstream.Behaviour ok(String body) {
        return exchange -> exchange.respond(200, body, Map.of());
    }

    /** Headers promising 1000 bytes, 100 of them, then a reset. */
    static FaultyUpstream.Behaviour resetMidBody() {
        return exchange -> {
            exchange.head(200, "Content-Type: application/json\r\nContent-Length: 1000\r\n");
            exchange.raw(OpenAiFixtures.completion("m", "cut").substring(0, 100).getBytes());
            exchange.reset();
        };
    }

    /** The request is read; nothing is ever sent. */
    static FaultyUpstream.Behaviour headersNeverCome() {
        return FaultyUpstream.Exchange::awaitHangUp;
    }

    /** One content chunk, then this misbehaviour. */
    static FaultyUpstream.Behaviour afterFirstChunk(FaultyUpstream.Behaviour then) {
        return exchange -> {
            exchange.sseHead();
            exchange.chunk("data: " + OpenAiFixtures.chunk("first") + "\n\n");
            then.serve(exchange);
        };
    }

    /** An open event stream that sends nothing but {@code :} comments. */
    static FaultyUpstream.Behaviour keepAlivesOnly() {
        return exchange -> {
            exchange.sseHead();
            exchange.repeatUntilHangUp(": keep-alive\n\n", KEEP_ALIVE_PERIOD);
        };
    }

    /** An Anthropic stream that starts a message and then sends only {@code ping} events. */
    static FaultyUpstream.Behaviour anthropicPingsOnly() {
        return exchange -> {
            exchange.sseHead();
            exchange.chunk("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-m\",\"content\":[],"
                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n");
            exchange.repeatUntilHangUp("event: ping\ndata: {\"type\":\"ping\"}\n\n", KEEP_ALIVE_PERIOD);
        };
    }

    /** Content that keeps coming, slowly, and never ends: only a deadline for the whole stream stops it. */
    static FaultyUpstream.Behaviour endlessTrickle() {
        return exchange -> {
            exchange.sseHead();
            exchange.repeatUntilHangUp("data: " + OpenAiFixtures.chunk("more ") + "\n\n", Duration.ofMillis(200));
        };
    }

    /** Two chunks and a clean end of the body, without {@code [DONE]}. */
    static FaultyUpstream.Behaviour truncated() {
        return exchange -> {
            exchange.sseHead();
            exchange.chunk("data: " + OpenAiFixtures.chunk("half an ") + "\n\n");
            exchange.chunk("data: " + OpenAiFixtures.chunk("answer") + "\n\n");
            exchange.endChunks();
        };
    }

    /** A body declared 100 GB long, sent until the gateway hangs up. */
    static FaultyUpstream.Behaviour enormousDeclared() {
        return exchange -> {
            exchange.head(200, "Content-Type: application/json\r\nContent-Length: 100000000000\r\n");
            flood(exchange, false);
        };
    }

    /** A chunked body without end: whitespace after an opening brace, sent until the gateway hangs up. */
    static FaultyUpstream.Behaviour enormousChunked() {
        return exchange -> {
            exchange.head(200, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
            exchange.chunk("{\"id\":\"");
            flood(exchange, true);
        };
    }

    private static void flood(FaultyUpstream.Exchange exchange, boolean chunked) throws IOException {
        char[] block = new char[64 * 1024];
        Arrays.fill(block, 'x');
        String text = new String(block);
        for (long sent = 0; sent < FLOOD_LIMIT; sent += block.length) {
            if (chunked) {
                exchange.chunk(text);
            } else {
                exchange.raw(text.getBytes());
            }
        }
        exchange.awaitHangUp();
    }
}
