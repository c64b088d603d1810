package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static dev.ogem.server.ReloadFixture.ask;
import static dev.ogem.server.ReloadFixture.config;
import static dev.ogem.server.ReloadFixture.eventually;
import static dev.ogem.server.ReloadFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A config served from a URL is polled every {@code CONFIG_POLL_INTERVAL} with the server's {@code ETag}; a change
 * takes effect without a restart and without failing a stream in flight, and an unchanged document costs a 304.
 */
class UrlReloadTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> served = new AtomicReference<>();
    private FakeUpstream upstream;
    private FakeUpstream configServer;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        ReloadFixture.slowStreams(upstream, release);
        configServer = FakeUpstream.start();
        served.set(config(upstream, "old-model"));
        configServer.answer(r -> {
            String body = served.get();
            String etag = "\"v" + Integer.toHexString(body.hashCode()) + "\"";
            return etag.equals(r.header("If-None-Match")) ? Reply.json(304, "")
                    : Reply.json(200, body).withHeader("ETag", etag);
        });
        gateway = TestGateway.start("# replaced by CONFIG_SOURCE", Map.of(
                "CONFIG_SOURCE", configServer.root().resolve("/ogem.yaml").toString(),
                "CONFIG_POLL_INTERVAL", "100ms"));
    }

    @AfterEach
    void stop() {
        release.countDown();
        gateway.close();
        configServer.close();
        upstream.close();
    }

    @Test
    void aChangedDocumentIsAppliedWhileAStreamStartedBeforeItFinishes() throws Exception {
        assertTrue(eventually(() -> configServer.received().stream().anyMatch(r -> r.header("If-None-Match") != null)),
                "the poll never sent the ETag it was given");
        HttpResponse<InputStream> stream = ReloadFixture.openStream(gateway, "old-model");
        assertEquals(200, stream.statusCode());

        served.set(config(upstream, "new-model"));
        assertTrue(eventually(() -> gateway.generations().current().number() == 2), "the change was never applied");
        assertEquals(1, gateway.inFlight(), "the stream is still open after the reload");
        assertEquals(200, gateway.post("/v1/chat/completions", ask("new-model", false)).statusCode());

        release.countDown();
        String events = ReloadFixture.readAll(stream);
        assertTrue(events.contains("last") && events.strip().endsWith("data: [DONE]"), events);

        int seen = configServer.received().size();
        assertTrue(eventually(() -> configServer.received().size() >= seen + 3), "polling stopped");
        List<Recorded> polls = configServer.received();
        assertTrue(polls.stream().filter(r -> r.header("If-None-Match") != null).count() >= 3, "conditional polls");
        assertEquals(2, gateway.generations().current().number(), "an unchanged document is not applied again");
        JsonNode config = json(gateway.get("/v1/status").body()).path("config");
        assertEquals(1, config.path("reloads_applied").asInt());
        assertTrue(config.path("source").asText().startsWith("url http://127.0.0.1:"), config.toString());
    }

    @Test
    void anUnreachableOrBrokenDocumentIsRefusedAndTheOldConfigServes() throws Exception {
        served.set("providers: [ not, a, mapping ]");
        assertTrue(eventually(() -> gateway.generations().status().refused() >= 1), "the broken document was not seen");
        assertEquals(200, gateway.post("/v1/chat/completions", ask("old-model", false)).statusCode());
        JsonNode refusal = json(gateway.get("/v1/status").body()).at("/config/last_refused");
        assertTrue(refusal.path("reason").asText().startsWith("providers"), refusal.toString());
        assertEquals(1, gateway.generations().current().number());
    }
}
