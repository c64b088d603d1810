package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.server.reload.Generations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.ogem.server.ReloadFixture.ask;
import static dev.ogem.server.ReloadFixture.config;
import static dev.ogem.server.ReloadFixture.eventually;
import static dev.ogem.server.ReloadFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A config file edited on disk takes effect without a restart; a broken edit is refused and the old one serves. */
class FileReloadTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger reloadLog = Logger.getLogger(Generations.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        reloadLog.addHandler(capture);
        upstream = FakeUpstream.start();
        ReloadFixture.slowStreams(upstream, release);
        gateway = TestGateway.start(config(upstream, "old-model"));
    }

    @AfterEach
    void stop() {
        release.countDown();
        reloadLog.removeHandler(capture);
        gateway.close();
        upstream.close();
    }

    @Test
    void anEditTakesEffectWhileAStreamStartedBeforeItFinishesOnTheOldConfig() throws Exception {
        assertEquals(404, gateway.post("/v1/chat/completions", ask("new-model", false)).statusCode(),
                "unknown before the edit");
        HttpResponse<InputStream> stream = ReloadFixture.openStream(gateway, "old-model");
        assertEquals(200, stream.statusCode());

        Files.writeString(gateway.configFile(), config(upstream, "new-model"));
        assertTrue(eventually(() -> gateway.generations().current().number() == 2), "the edit was never applied");
        assertEquals(1, gateway.inFlight(), "the stream is still open after the reload");

        HttpResponse<String> answer = gateway.post("/v1/chat/completions", ask("new-model", false));
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("local", answer.headers().firstValue("x-ogem-provider").orElseThrow());
        assertEquals(404, gateway.post("/v1/chat/completions", ask("old-model", false)).statusCode(),
                "the model the edit removed is gone for new requests");
        assertTrue(gateway.get("/v1/models").body().contains("\"new-model\""));

        release.countDown();
        String events = ReloadFixture.readAll(stream);
        assertTrue(events.contains("first") && events.contains("last"), events);
        assertTrue(events.strip().endsWith("data: [DONE]"), "the stream started before the edit ran to its end: " + events);
        JsonNode config = json(gateway.get("/v1/status").body()).path("config");
        assertEquals(2, config.path("generation").asInt());
        assertEquals(1, config.path("reloads_applied").asInt());
        assertTrue(config.path("last_refused").isNull());
    }

    @Test
    void aBrokenEditIsRefusedOnceAndTheOldConfigKeepsServing() throws Exception {
        String broken = config(upstream, "{ name: old-model, rpm: lots }");
        Files.writeString(gateway.configFile(), broken);
        assertTrue(eventually(() -> gateway.generations().status().refused() == 1), "the broken edit was not seen");
        Files.writeString(gateway.configFile(), broken);
        Files.writeString(gateway.configFile(), config(upstream, "{ name: old-model, tpm: -1 }"));
        assertTrue(eventually(() -> gateway.generations().status().refused() == 2), "the second edit was not seen");

        assertEquals(1, warnings.stream().filter(w -> w.contains("rpm")).count(),
                "one line for the first broken document, however often it is saved: " + warnings);
        assertEquals(1, warnings.stream().filter(w -> w.contains("tpm")).count(), warnings.toString());
        assertTrue(warnings.getFirst().contains("providers.local.regions.local.models[0].rpm"), warnings.toString());
        assertFalse(String.join("\n", warnings).contains(TestGateway.KEY));

        HttpResponse<String> answer = gateway.post("/v1/chat/completions", ask("old-model", false));
        assertEquals(200, answer.statusCode(), "the config in force still serves: " + answer.body());
        JsonNode config = json(gateway.get("/v1/status").body()).path("config");
        assertEquals(1, config.path("generation").asInt());
        assertEquals(2, config.path("reloads_refused").asInt());
        assertTrue(config.path("last_refused").path("reason").asText().contains("models[0].tpm"), config.toString());
        assertTrue(config.path("last_refused").path("current").asBoolean());
        String metrics = gateway.get("/observe/metrics").body();
        assertTrue(metrics.contains("ogem_config_reloads_total{result=\"refused\"} 2.0"), metrics);
        assertTrue(metrics.contains("ogem_config_last_reload_failed 1.0"), metrics);
        assertTrue(metrics.contains("ogem_config_generation 1.0"), metrics);

        Files.writeString(gateway.configFile(), config(upstream, "old-model, fixed-model"));
        assertTrue(eventually(() -> gateway.generations().current().number() == 2), "the fix was never applied");
        assertFalse(json(gateway.get("/v1/status").body()).path("config").path("last_refused").path("current")
                .asBoolean(), "a fix applied after the refusal makes it history");
        assertTrue(gateway.get("/observe/metrics").body().contains("ogem_config_last_reload_failed 0.0"));
    }

    @Test
    void anUnchangedEndpointKeepsItsMeasuredLatencyAcrossAReload() throws Exception {
        assertEquals(200, gateway.post("/v1/chat/completions", ask("old-model", false)).statusCode());
        JsonNode before = json(gateway.get("/v1/status").body()).at("/providers/local/regions/local");
        assertTrue(before.path("latency_ms").isNumber(), before.toString());

        Files.writeString(gateway.configFile(), config(upstream, "old-model, { name: added-model, rpm: 5 }"));
        assertTrue(eventually(() -> gateway.generations().current().number() == 2), "the edit was never applied");

        JsonNode after = json(gateway.get("/v1/status").body()).at("/providers/local/regions/local");
        assertEquals(2, after.path("models").size(), after.toString());
        assertEquals(before.path("latency").asLong(), after.path("latency").asLong(),
                "what was measured before the reload is kept");
        assertEquals(before.path("last_checked").asText(), after.path("last_checked").asText());
    }
}
