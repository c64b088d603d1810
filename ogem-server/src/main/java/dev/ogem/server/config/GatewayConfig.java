package dev.ogem.server.config;

import dev.ogem.api.Catalog;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated startup configuration of the gateway.
 *
 * @param catalog        providers, regions, models and the retry/ping intervals
 * @param port           the HTTP port ({@code PORT}, else YAML {@code port}, else 8080; 0 picks a free port)
 * @param gatewayKey     the key clients must send ({@code OPEN_GEMINI_API_KEY}); empty when unset or blank
 * @param valkeyEndpoint {@code host:port} of Valkey ({@code VALKEY_ENDPOINT}, else YAML {@code valkey_endpoint});
 *                       empty means in-memory state
 * @param environment    the variables providers read their keys from (the process environment, plus
 *                       {@code GOOGLE_CLOUD_PROJECT} from YAML {@code google_cloud_project} when the
 *                       environment lacks it)
 * @param source         where the config came from, safe to log (URLs without credentials or query)
 */
public record GatewayConfig(Catalog catalog, int port, Optional<String> gatewayKey, Optional<String> valkeyEndpoint,
                            Map<String, String> environment, String source) {

    /** Checks for nulls and copies the environment. */
    public GatewayConfig {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(gatewayKey, "gatewayKey");
        Objects.requireNonNull(valkeyEndpoint, "valkeyEndpoint");
        Objects.requireNonNull(source, "source");
        environment = Map.copyOf(environment);
    }

    /**
     * A summary without secrets: the gateway key and the environment values are left out.
     *
     * @return source, port, whether a gateway key is set, the Valkey endpoint and the provider names
     */
    @Override
    public String toString() {
        return "GatewayConfig[source=" + source + ", port=" + port
                + ", gatewayKey=" + (gatewayKey.isPresent() ? "set" : "unset")
                + ", valkeyEndpoint=" + valkeyEndpoint.orElse("in-memory")
                + ", providers=" + catalog.providers().stream().map(p -> p.name()).toList()
                + ", environment=" + environment.size() + " variables]";
    }
}
