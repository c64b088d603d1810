package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.ValkeyClusterForTests;
import dev.ogem.quota.testing.ValkeyForTests;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valkey is lost and regained while two ogem instances that share it serve a steady load of plain and
 * streamed completions: one server killed and restarted, and a three-primary cluster whose primary of the
 * bucket is killed (a replica takes over). What ogem promises (the "When Valkey is out" contract of
 * {@code StateStore}): it fails open with local limits, so not one request of the load gets anything but a
 * complete 200 (no 5xx, no 429, no truncated stream, no hang), every admitted request reached the upstream
 * exactly once, the metrics count what the clients saw, and once Valkey is back both instances count into
 * the one shared window again, with nobody intervening.
 */
class ValkeyOutageLoadTest {

    /** Completed requests each phase (before, during, after the outage) must see at least. */
    private static final int PER_PHASE = 100;
    /** The outage spans several of the store's once-a-second probes of Valkey, each under load. */
    private static final Duration OUTAGE_AT_LEAST = Duration.ofSeconds(3);
    /** High enough that the load never fills a window, locally or in Valkey. */
    private static final long RPM = 1_000_000;
    private static final long TPM = 100_000_000;
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(60);

    /** Where the gateways keep their state, and how it is lost and regained. */
    private interface Deployment extends AutoCloseable {
        /** The gateways' environment. */
        Map<String, String> environment();

        /** Loses the node that holds the bucket. */
        void fail();

        /** Brings it (or its replica) back. */
        void recover();

        @Override
        void close();
    }

    @Test
    void aValkeyOutageUnderLoadCostsNoClientAnErrorAndCountsAreSharedAgainAfterwards() throws Exception {
        ValkeyForTests valkey = ValkeyForTests.startOrSkip();
        runThroughAnOutage(new Deployment() {
            @Override
            public Map<String, String> environment() {
                return Map.of("VALKEY_ENDPOINT", valkey.endpoint());
            }

            @Override
            public void fail() {
                valkey.stop();
            }

            @Override
            public void recover() {
                valkey.restart();
            }

            @Override
            public void close() {
                valkey.close();
            }
        });
    }

    @Test
    void aClusterThatLosesTheBucketsPrimaryUnderLoadCostsNoClientAnError() throws Exception {
        ValkeyClusterForTests cluster = ValkeyClusterForTests.startOrSkip(3, 1);
        runThroughAnOutage(new Deployment() {
            @Override
            public Map<String, String> environment() {
                return Map.of("VALKEY_ENDPOINT", cluster.endpoints(), "VALKEY_MODE", "cluster");
            }

            @Override
            public void fail() {
                Set<String> buckets = cluster.keys("ogem:rate:*:log");
                assertEquals(1, buckets.size(), "the load's one bucket: " + buckets);
                cluster.killPrimaryOf(buckets.iterator().next());
            }

            @Override
            public void recover() {
                cluster.awaitFailover();
            }

            @Override
            public void close() {
                cluster.close();
            }
        });
    }

    private static void runThroughAnOutage(Deployment deployment) throws Exception {
        try (deployment; FakeUpstream upstream = FakeUpstream.start()) {
            upstream.answer(r -> r.json().path("stream").asBoolean()
                    ? Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("o")), Event.data(OpenAiFixtures.chunk("k")),
                            Event.data(OpenAiFixtures.finish("stop")), Event.data("[DONE]")))
                    : Reply.json(200, OpenAiFixtures.completion("m", "ok")));
            String yaml = """
                    retry_interval: "0"
                    ping_interval: "0"
                    providers:
                      local:
                        base_url: %s
                        protocol: openai
                        regions: { local: { models: [ { name: m, rpm: %d, tpm: %d } ] } }
                    """.formatted(upstream.baseUrl(), RPM, TPM);
            Map<String, String> env = deployment.environment();
            try (TestGateway one = TestGateway.start(yaml, env); TestGateway two = TestGateway.start(yaml, env)) {
                List<TestGateway> gateways = List.of(one, two);
                for (TestGateway gateway : gateways) {
                    awaitStore(gateway, false);
                }
                runLoadThroughAnOutage(deployment, upstream, gateways);
                countsAreSharedAgain(one, two);
            }
        }
    }

    private static void runLoadThroughAnOutage(Deployment deployment, FakeUpstream upstream, List<TestGateway> gateways)
            throws Exception {
        List<OutageLoad> loads = new ArrayList<>();
        for (TestGateway gateway : gateways) {
            loads.add(OutageLoad.start(gateway, 3));
        }
        try {
            await("the load runs on Valkey", () -> completed(loads) >= PER_PHASE);
            long before = completed(loads);

            deployment.fail();
            long outageStart = System.nanoTime();
            for (TestGateway gateway : gateways) {
                awaitStore(gateway, true);
            }
            await("the load runs through the outage", () -> completed(loads) >= before + PER_PHASE
                    && System.nanoTime() - outageStart >= OUTAGE_AT_LEAST.toNanos());
            long during = completed(loads);

            deployment.recover();
            for (TestGateway gateway : gateways) {
                awaitStore(gateway, false);
            }
            await("the load runs on Valkey again", () -> completed(loads) >= during + PER_PHASE);
        } finally {
            for (OutageLoad load : loads) {
                load.stop();
            }
        }

        long ok = 0;
        for (int i = 0; i < loads.size(); i++) {
            OutageLoad load = loads.get(i);
            assertEquals(List.of(), load.failures(), "every request of the load was answered in full");
            ok += load.ok();
            String metrics = gateways.get(i).send(HttpRequest.newBuilder(gateways.get(i).uri("/observe/metrics"))
                    .GET().build()).body();
            assertEquals((double) load.ok(), sample(metrics, "ogem_requests_total", "route", "/v1/chat/completions",
                    "status", "2xx", "key", "default"), "the metrics count what the clients saw");
            assertEquals(0.0, sample(metrics, "ogem_requests_total", "route", "/v1/chat/completions", "status", "5xx",
                    "key", "default"));
            assertEquals(0.0, sample(metrics, "ogem_requests_total", "route", "/v1/chat/completions", "status", "4xx",
                    "key", "default"));
            assertTrue(sample(metrics, "ogem_state_store_fallbacks_total", "mode", "valkey") > 0,
                    "the outage really happened under load: " + metrics);
            assertEquals(0.0, sample(metrics, "ogem_state_store_degraded", "mode", "valkey"));
        }
        assertEquals(ok, upstream.received().size(), "each admitted request reached the upstream exactly once");
    }

    /** After the outage both instances read Valkey's window again: what one admits, the other sees. */
    private static void countsAreSharedAgain(TestGateway one, TestGateway two) throws Exception {
        // a Valkey call that times out on a busy machine sends an instance local for a second: wait it out
        await("both instances read one shared window again", () -> !degraded(one) && !degraded(two)
                && quota(one, "remaining_rpm") == quota(two, "remaining_rpm"));
        long rpmOne = quota(one, "remaining_rpm");
        assertTrue(rpmOne < RPM, "the window holds what the load did after recovery");
        awaitSameTpm(one, two);
        long tpmBefore = quota(one, "remaining_tpm");

        int extra = 10;
        for (int i = 0; i < extra; i++) {
            assertEquals(200, one.post("/v1/chat/completions", """
                    {"model":"m","messages":[{"role":"user","content":"after %d"}]}""".formatted(i)).statusCode());
        }
        assertEquals(rpmOne - extra, quota(one, "remaining_rpm"));
        await("the other instance sees them", () -> quota(two, "remaining_rpm") == rpmOne - extra);
        assertEquals(tpmBefore - extra * 7L, quota(one, "remaining_tpm"), "settled to the real usage, 7 tokens each");
        awaitSameTpm(one, two);
    }

    private static void awaitSameTpm(TestGateway one, TestGateway two) throws InterruptedException {
        // settlements reach Valkey within 100 ms of the answer
        await("settlements shared", () -> quota(one, "remaining_tpm") == quota(two, "remaining_tpm"));
    }

    private static long completed(List<OutageLoad> loads) {
        long total = 0;
        for (OutageLoad load : loads) {
            total += load.completed();
        }
        return total;
    }

    /** Waits until the gateway's store is (or is no longer) degraded; reading the status page is a call to the store. */
    private static void awaitStore(TestGateway gateway, boolean degraded) throws InterruptedException {
        await("state store degraded=" + degraded, () -> status(gateway).at("/state_store/degraded").asBoolean() == degraded);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PHASE_LIMIT + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    private static boolean degraded(TestGateway gateway) {
        return status(gateway).at("/state_store/degraded").asBoolean();
    }

    private static long quota(TestGateway gateway, String field) {
        return status(gateway).at("/providers/local/regions/local/models/0/" + field).asLong();
    }

    private static JsonNode status(TestGateway gateway) {
        HttpResponse<String> response = gateway.get("/v1/status");
        assertEquals(200, response.statusCode(), response.body());
        try {
            return OpenAiJson.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sample's value, or 0 when the scrape has no sample with these labels. */
    private static double sample(String text, String name, String... labels) {
        try {
            return MetricsTest.value(text, name, labels);
        } catch (AssertionError absent) {
            return 0.0;
        }
    }
}
