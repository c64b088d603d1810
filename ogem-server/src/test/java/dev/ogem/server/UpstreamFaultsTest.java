package dev.ogem.server;

import dev.ogem.routing.EndpointStatus;
import dev.ogem.server.FaultCase.Refused;
import dev.ogem.server.FaultCase.Served;
import dev.ogem.server.FaultCase.StreamError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every upstream fault ends in its defined outcome (a fallback, a timeout or a clear error) within its bound,
 * and leaves nothing behind: no connection to the upstream, no attempt or stream thread, no call in flight
 * (each holds a reservation). Each row runs against its own gateway on loopback, with a faulty endpoint
 * ({@code flaky}), a well-behaved one ({@code steady}) and the faulty one again as an Anthropic endpoint
 * ({@code claude}), and a plain HTTP client.
 */
class UpstreamFaultsTest {

    private static final String CHAIN = "flaky/m,steady/m";
    private static final String ONLY = "flaky/m";
    private static final Duration SETTLE = Duration.ofSeconds(20);

    static List<FaultCase> faults() {
        Served steady = new Served("steady");
        return List.of(
                FaultCase.of("connection refused: the next endpoint", null, CHAIN, steady).refusing(),
                FaultCase.of("connection refused, nothing else: 502", null, ONLY, new Refused(502, null, "")).refusing(),
                FaultCase.of("reset mid-body: the next endpoint", Faults.resetMidBody(), CHAIN, steady),
                FaultCase.of("reset mid-stream: an error event", Faults.afterFirstChunk(FaultyUpstream.Exchange::reset),
                        ONLY, new StreamError(null, "")).streaming(),
                FaultCase.of("headers never come: the next endpoint after the first-byte timeout",
                        Faults.headersNeverCome(), CHAIN, steady),
                FaultCase.of("headers never come, nothing else: 504 at the deadline", Faults.headersNeverCome(), ONLY,
                        new Refused(504, "upstream_timeout", "")).timeout("1s"),
                FaultCase.of("a stall between chunks: an error event after the idle timeout",
                        Faults.afterFirstChunk(FaultyUpstream.Exchange::awaitHangUp), ONLY,
                        new StreamError("upstream_timeout", "")).streaming(),
                FaultCase.of("keep-alive comments only: the next endpoint", Faults.keepAlivesOnly(), CHAIN, steady)
                        .streaming(),
                FaultCase.of("Anthropic pings only: a timeout", Faults.anthropicPingsOnly(), "claude-m",
                        new StreamError("upstream_timeout", "")).streaming(),
                FaultCase.of("content past the request's deadline: an error event at the deadline",
                        Faults.endlessTrickle(), ONLY, new StreamError("upstream_timeout", "deadline"))
                        .streaming().timeout("2s"),
                FaultCase.of("truncated SSE (EOF without [DONE]): an error event", Faults.truncated(), ONLY,
                        new StreamError(null, "cut off")).streaming(),
                FaultCase.of("invalid JSON: the next endpoint", Faults.ok("{\"id\": oops"), CHAIN, steady),
                FaultCase.of("invalid JSON, nothing else: 502", Faults.ok("{\"id\": oops"), ONLY,
                        new Refused(502, null, "")),
                FaultCase.of("a 200 whose body is an error: 502", Faults.ok("{\"error\":{\"message\":\"boom\"}}"), ONLY,
                        new Refused(502, null, "")),
                FaultCase.of("a 200 whose body is null: the next endpoint", Faults.ok("null"), CHAIN, steady),
                FaultCase.of("an enormous declared body: the next endpoint", Faults.enormousDeclared(), CHAIN, steady),
                FaultCase.of("an enormous body without length: the next endpoint", Faults.enormousChunked(), CHAIN,
                        steady),
                FaultCase.of("429 storm asking years: 429 with a capped Retry-After, no upstream call while it cools",
                        Faults.status(429, "rate_limit_exceeded", Map.of("Retry-After", "999999999")), ONLY,
                        new Refused(429, "rate_limit_exceeded", "")).repeated(3, 1),
                FaultCase.of("429 storm asking Infinity: 429, no upstream call while it cools",
                        Faults.status(429, "rate_limit_exceeded", Map.of("Retry-After", "Infinity")), ONLY,
                        new Refused(429, "rate_limit_exceeded", "")).repeated(3, 1),
                FaultCase.of("5xx burst: the next endpoint, then the circuit keeps the faulty one out",
                        Faults.status(500, "server_error", Map.of()), CHAIN, steady).repeated(6, 3),
                FaultCase.of("401 from one of two: the other, and the faulty one left out at once",
                        Faults.status(401, "invalid_api_key", Map.of()), CHAIN, steady).repeated(3, 1),
                FaultCase.of("401, nothing else: 502 naming the provider",
                        Faults.status(401, "invalid_api_key", Map.of()), ONLY,
                        new Refused(502, "upstream_auth_failed", "'flaky'")).repeated(2, 1),
                FaultCase.of("403 from one of two: the other", Faults.status(403, "permission_denied", Map.of()), CHAIN,
                        steady).repeated(3, 1),
                FaultCase.of("403, nothing else: 502 naming the provider",
                        Faults.status(403, "permission_denied", Map.of()), ONLY,
                        new Refused(502, "upstream_auth_failed", "'flaky'")),
                FaultCase.of("404 from one of two: the other", Faults.status(404, "model_not_found", Map.of()), CHAIN,
                        steady).repeated(3, 1),
                FaultCase.of("404, nothing else: 502 naming the provider and model",
                        Faults.status(404, "model_not_found", Map.of()), ONLY,
                        new Refused(502, "upstream_model_not_found", "'flaky'")).repeated(2, 1),
                FaultCase.of("400 about the request: the caller's, not retried",
                        Faults.status(400, "invalid_request_error", Map.of()), CHAIN,
                        new Refused(400, "invalid_request_error", "upstream says no")).steadyNeverAsked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void endsInItsOutcomeWithinItsBoundAndLeavesNothingBehind(FaultCase fault) throws Exception {
        long attemptThreadsBefore = FaultLeaks.threads("ogem-attempt-");
        try (FaultyUpstream flaky = FaultyUpstream.start(fault.flaky() == null ? Faults.healthy() : fault.flaky());
             FaultyUpstream steady = FaultyUpstream.start(Faults.healthy());
             TestGateway gateway = TestGateway.start(config(fault.refused() ? FaultyUpstream.refusing().toString()
                     : flaky.root().toString(), steady.root().toString(), flaky.root().toString()), Map.of(
                     "CLAUDE_API_KEY", "sk-ant-faults", "STREAM_IDLE_TIMEOUT", "1s", "FIRST_BYTE_TIMEOUT", "2s",
                     "REQUEST_TIMEOUT", "10s"))) {
            for (int i = 0; i < fault.times(); i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = gateway.http().send(request(gateway, fault),
                        HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                fault.outcome().check(response);
                assertTrue(took.compareTo(fault.within()) < 0, "answered in " + took);
            }
            assertTrue(flaky.requests() <= fault.maxFlaky(), "the faulty endpoint was asked " + flaky.requests());
            assertTrue(fault.steadyUsed() || steady.requests() == 0, "the steady endpoint was asked");
            awaitNothingLeft(gateway, flaky, steady, attemptThreadsBefore);
            assertEquals(0, flaky.abandoned(), "the gateway held a connection to the faulty endpoint");
        }
    }

    private static HttpRequest request(TestGateway gateway, FaultCase fault) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(fault.body()));
        if (fault.timeout() != null) {
            request.header("x-ogem-timeout", fault.timeout());
        }
        return request.build();
    }

    /** Waits (boundedly) until no connection, attempt thread or call in flight is left. */
    private static void awaitNothingLeft(TestGateway gateway, FaultyUpstream flaky, FaultyUpstream steady,
                                         long attemptThreadsBefore) throws InterruptedException {
        long end = System.nanoTime() + SETTLE.toNanos();
        String left;
        do {
            int inFlight = gateway.router().status().stream().mapToInt(EndpointStatus::inFlight).sum();
            long attempts = FaultLeaks.threads("ogem-attempt-") - attemptThreadsBefore;
            long idle = FaultLeaks.threads("ogem-stream-idle");
            left = flaky.openConnections() + steady.openConnections() == 0 && inFlight == 0 && attempts <= 0
                    && idle == 0 ? null : "connections " + flaky.openConnections() + "+" + steady.openConnections()
                    + ", calls in flight " + inFlight + ", attempt threads " + attempts + ", idle closers " + idle;
            if (left != null) {
                Thread.sleep(50);
            }
        } while (left != null && System.nanoTime() < end);
        assertEquals(null, left, "left behind");
    }

    private static String config(String flakyUrl, String steadyUrl, String claudeUrl) {
        return """
                retry_interval: "0"
                ping_interval: "0"
                providers:
                  flaky:
                    base_url: %s/v1
                    protocol: openai
                    regions: { flaky: { models: [ { name: m } ] } }
                  steady:
                    base_url: %s/v1
                    protocol: openai
                    regions: { steady: { models: [ { name: m } ] } }
                  claude:
                    base_url: %s
                    regions: { claude: { models: [ claude-m ] } }
                """.formatted(flakyUrl, steadyUrl, claudeUrl);
    }
}
