package dev.ogem.providers.anthropic;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.Endpoint;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Used-up Anthropic limits on a successful answer reach the router's listener. */
class AnthropicRateLimitTest {

    private final FakeUpstream upstream = FakeUpstream.start();

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void exhaustedAnthropicHeadersAreReportedForTheEndpointAndModel() throws Exception {
        List<String> heard = new ArrayList<>();
        Endpoint endpoint = new Endpoint(new ProviderSpec("claude", ProviderKind.CLAUDE,
                Optional.of(upstream.baseUrl()), Optional.empty(), List.of()), new RegionSpec("claude", List.of()));
        ProviderSettings settings = ProviderSettings.builder().apiKey("claude", "sk-ant-test")
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .rateLimits((e, model, wait) -> heard.add(e.label() + " " + model + " " + (wait.toSeconds() > 20)))
                .build();
        String reset = Instant.now().plusSeconds(30).toString();
        upstream.answer(r -> Reply.json(200, """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":"hi"}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}""")
                .withHeader("anthropic-ratelimit-requests-remaining", "0")
                .withHeader("anthropic-ratelimit-requests-reset", reset));
        ChatRequest request = OpenAiJson.read("""
                {"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", ChatRequest.class);
        AnthropicClients.create(endpoint, settings, UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .complete(request);
        assertEquals(List.of("claude/claude claude-x true"), heard);
        assertTrue(upstream.last().path().endsWith("/v1/messages"));
    }
}
