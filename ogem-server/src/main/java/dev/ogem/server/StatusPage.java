package dev.ogem.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.Catalog;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StoreStatus;
import dev.ogem.routing.EndpointStatus;
import dev.ogem.routing.Router;
import dev.ogem.server.config.ClientKey;
import dev.ogem.server.config.ProviderVariables;
import dev.ogem.server.reload.Generation;
import dev.ogem.server.reload.Generations;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@code GET /v1/status}: the original ogem's {@code ProvidersStatus} shape, filled in. Per provider:
 * {@code base_url}, {@code protocol}, {@code api_key_env} and {@code regions}; per region: {@code models},
 * {@code latency} (nanoseconds, as Go wrote a {@code time.Duration}; {@code 0} until measured),
 * {@code latency_ms}, {@code last_checked} (RFC 3339 or {@code null}), {@code health}, {@code circuit_open_ms},
 * {@code failures}; per model: its limits, {@code remaining_rpm} and {@code remaining_tpm} (what its bucket still
 * admits in the 60-second window ending now; {@code null} when that limit is unlimited) and {@code cooldown_ms}. Plus {@code state_store}, {@code batch}
 * (see {@link BatchStatusJson}), {@code keys} (see {@link KeyStatusJson}), and {@code config}: the generation in
 * force and what reloading did (see {@link ReloadStatusJson}).
 */
final class StatusPage implements Handler {

    private final Generations generations;
    private final StateStore store;
    private final BatchQueue batches;
    private final Supplier<List<ClientKey>> keys;

    StatusPage(Generations generations, StateStore store, BatchQueue batches, Supplier<List<ClientKey>> keys) {
        this.generations = generations;
        this.store = store;
        this.batches = batches;
        this.keys = keys;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        Generation generation = generations.current();
        Catalog catalog = generation.config().catalog();
        Router router = generation.router();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ReloadStatusJson.write(root.putObject("config"), generations.status());
        StoreStatus state = store.status();
        root.putObject("state_store").put("mode", state.mode()).put("degraded", state.degraded())
                .put("reason", state.reason()).put("fallbacks", state.fallbacks());
        BatchStatusJson.write(root.putObject("batch"), batches.status());
        KeyStatusJson.write(root.putObject("keys"), keys.get(), store);
        ObjectNode providers = root.putObject("providers");
        for (ProviderSpec provider : catalog.providers()) {
            ObjectNode node = providers.putObject(provider.name());
            provider.baseUrl().ifPresent(url -> node.put("base_url", url.toString()));
            node.put("protocol", protocol(provider.kind()));
            provider.apiKeyEnv().or(() -> ProviderVariables.of(provider.kind()))
                    .ifPresent(env -> node.put("api_key_env", env));
            node.putObject("regions");
        }
        for (EndpointStatus endpoint : router.status()) {
            ObjectNode region = ((ObjectNode) providers.get(endpoint.provider()).get("regions"))
                    .putObject(endpoint.region());
            ArrayNode models = region.putArray("models");
            endpoint.models().forEach(m -> {
                ObjectNode model = models.addObject().put("name", m.name());
                m.otherNames().forEach(model.withArray("other_names")::add);
                model.put("rate_key", m.rateKey()).put("rpm", m.rpm()).put("tpm", m.tpm());
                count(model, "remaining_rpm", m.remainingRpm());
                count(model, "remaining_tpm", m.remainingTpm());
                millis(model, "cooldown_ms", m.cooldown());
            });
            region.put("latency", endpoint.latency().map(Duration::toNanos).orElse(0L));
            endpoint.latency().ifPresentOrElse(l -> region.put("latency_ms", l.toNanos() / 1e6),
                    () -> region.putNull("latency_ms"));
            endpoint.lastChecked().ifPresentOrElse(t -> region.put("last_checked", t.toString()),
                    () -> region.putNull("last_checked"));
            region.put("health", endpoint.health());
            millis(region, "circuit_open_ms", endpoint.circuitOpen());
            region.put("failures", endpoint.failures());
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(root.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void millis(ObjectNode node, String field, Optional<Duration> value) {
        value.ifPresentOrElse(v -> node.put(field, v.toMillis()), () -> node.putNull(field));
    }

    private static void count(ObjectNode node, String field, OptionalLong value) {
        value.ifPresentOrElse(v -> node.put(field, v), () -> node.putNull(field));
    }

    private static String protocol(ProviderKind kind) {
        return switch (kind) {
            case OPENAI, CUSTOM -> "openai";
            case CLAUDE, VCLAUDE -> "anthropic";
            case STUDIO, VERTEX -> "gemini";
        };
    }
}
