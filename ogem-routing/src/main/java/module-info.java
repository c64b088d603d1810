/**
 * Routing: parses model strings (name, provider/model, provider/region/model, fallback chains),
 * orders the matching endpoints by measured latency and health, admits each call through the shared
 * {@code StateStore} (rpm/tpm, cooldowns), serves deterministic requests from the response cache, and
 * falls back across endpoints, behind one {@link dev.ogem.routing.Router}. {@code @batch} models go
 * through a {@link dev.ogem.routing.BatchLane} that the application supplies (the gateway's is its OpenAI
 * Batch API queue); routing itself knows nothing of batch jobs.
 */
module dev.ogem.routing {
    requires transitive dev.ogem.api;
    requires transitive dev.ogem.quota;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires jtokkit;

    exports dev.ogem.routing;
}
