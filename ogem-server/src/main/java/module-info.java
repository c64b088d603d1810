/**
 * The ogem HTTP server: loads and validates the config, authenticates callers, serves the
 * OpenAI-compatible routes, health and Prometheus metrics, renders errors, and wires the other modules together.
 * It exports nothing; start it with {@code -m dev.ogem.server/dev.ogem.server.Main}, or the runtime image's
 * {@code bin/ogem}.
 */
module dev.ogem.server {
    requires dev.ogem.api;
    requires dev.ogem.providers;
    requires dev.ogem.routing;
    requires dev.ogem.quota;
    requires dev.ogem.batch;
    // Valkey mode: ogem-quota requires Lettuce and the modules it needs only statically, so that a team
    // using its in-memory store goes without them. The server resolves them here (Lettuce is automatic).
    requires lettuce.core;
    requires io.netty.resolver.dns;
    requires org.slf4j;
    // SLF4J's provider that writes to java.util.logging; required so that it is resolved (and kept by jlink).
    requires org.slf4j.jul;
    requires io.helidon.webserver;
    requires io.helidon.config;
    requires org.yaml.snakeyaml;
    requires io.helidon.health;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires java.net.http;
    requires java.logging;
    requires jdk.management;
    requires jdk.unsupported;
}
