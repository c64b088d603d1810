package dev.ogem.server.config;

import dev.ogem.api.Catalog;
import dev.ogem.batch.BatchSettings;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.routing.RouterSettings;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration of the gateway: the catalog from the YAML and every setting, typed, from the
 * environment and the YAML. {@link ConfigLoader} makes it; {@code Main} only wires it into the modules.
 *
 * @param catalog         providers, regions, models and the retry/ping intervals
 * @param source          where the config came from, safe to log (URLs without credentials or query)
 * @param port            the HTTP port ({@code PORT}, else YAML {@code port}, else 8080; 0 picks a free port)
 * @param gatewayKey      the key clients must send ({@code OPEN_GEMINI_API_KEY}); empty when unset or blank
 * @param clients         request body size, bodies in flight, client read timeout
 * @param providers       API keys, Google project and credentials, image download policy
 * @param routing         deadlines and cache lifetime
 * @param store           Valkey or memory
 * @param batch           the {@code @batch} flush and poll timing
 * @param access          the named client keys, CORS origins and the access log switch
 */
public record GatewayConfig(Catalog catalog, String source, int port, Optional<String> gatewayKey,
                            ClientLimits clients, ProviderSettings providers, RouterSettings routing,
                            StoreSettings store, BatchSettings batch, ClientAccess access) {

    /** The largest request body accepted by default with a heap of 512 MiB or more: 32 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = ClientLimits.DEFAULT_MAX_BODY_BYTES;

    /** Checks for nulls. */
    public GatewayConfig {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(gatewayKey, "gatewayKey");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(access, "access");
    }

    /**
     * This config with another gateway key.
     *
     * @param key the key clients must send
     * @return the copy
     */
    public GatewayConfig withGatewayKey(String key) {
        return new GatewayConfig(catalog, source, port, Optional.of(key), clients, providers, routing, store, batch,
                access);
    }

    /**
     * The largest request body accepted.
     *
     * @return {@code MAX_REQUEST_BYTES}, default 32 MiB (less under a heap below 512 MiB)
     */
    public long maxRequestBytes() {
        return clients.maxBodyBytes();
    }

    /**
     * A summary without secrets: no key, no password.
     *
     * @return source, port, whether a gateway key is set, the state store and the providers
     */
    @Override
    public String toString() {
        return "GatewayConfig[source=" + source + ", port=" + port
                + ", gatewayKey=" + (gatewayKey.isPresent() ? "set" : "unset")
                + ", keys=" + access.keys().stream().map(ClientKey::name).toList()
                + ", " + clients
                + ", store=" + store.valkey().map(v -> "valkey " + v.mode().name().toLowerCase(Locale.ROOT) + " "
                        + v.endpoint()).orElse("in-memory")
                + ", providers=" + catalog.providers().stream().map(p -> p.name()).toList()
                + ", " + providers + "]";
    }
}
