package dev.ogem.server.reload;

import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.Providers;
import dev.ogem.routing.Router;
import dev.ogem.server.config.ConfigVersion;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.config.LoadedConfig;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One config in force and what is built from it: the provider clients and the router. A request takes the
 * current generation once ({@link Generations#current()}) and uses it to the end, so a reload never changes the
 * config under a request in flight; a retired generation is closed (its pings stop) and its requests finish on it.
 *
 * @param number    1 for the config read at start, one more for each config applied since
 * @param config    the validated config
 * @param version   the digest and validators of its document
 * @param providers a client and a Batch API per endpoint
 * @param router    the router over them; for a reload, the successor of the previous one (endpoint health kept)
 * @param appliedAt when it came into force
 */
public record Generation(long number, GatewayConfig config, ConfigVersion version, Providers providers, Router router,
                         Instant appliedAt) implements AutoCloseable {

    /**
     * Builds a generation.
     *
     * @param loaded   the config and its version
     * @param shared   what all generations share
     * @param previous the generation it replaces, whose router's endpoint health it carries on
     * @param now      the time
     * @return the generation, its router pinging when the config asks for pings
     * @throws IllegalArgumentException when an endpoint cannot be served (names the provider)
     */
    static Generation build(LoadedConfig loaded, SharedParts shared, Optional<Generation> previous, Instant now) {
        GatewayConfig config = loaded.config();
        Providers providers = Providers.create(config.catalog(),
                config.providers().toBuilder().rateLimits(Router.upstreamLimits(shared.store()))
                        .memoryBudget(shared.memory()).build());
        Router.Builder router = Router.builder().catalog(config.catalog()).clients(providers::client)
                .store(shared.store()).settings(config.routing()).batchLane(shared.batchLane())
                .attemptListener(shared.attempts());
        previous.ifPresent(before -> router.successorOf(before.router()));
        return new Generation(previous.map(before -> before.number() + 1).orElse(1L), config, loaded.version(),
                providers, router.build(), now);
    }

    /**
     * The Batch APIs of this generation's OpenAI-protocol endpoints, for the batch queue.
     *
     * @return one per endpoint that has one
     */
    public List<OpenAiBatches> batchApis() {
        return config.catalog().endpoints().map(providers::batches).flatMap(Optional::stream).toList();
    }

    /** Stops the router's pings; calls still running on it finish. */
    @Override
    public void close() {
        router.close();
    }
}
