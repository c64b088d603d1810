/**
 * All state that ogem instances share: requests-per-minute and tokens-per-minute windows per rate
 * bucket, endpoint cooldowns, cached responses and durable records, behind the one interface
 * {@link dev.ogem.quota.StateStore}. The state lives in process memory (one instance) or in Valkey
 * (a fleet); this is the only module that knows Valkey exists.
 *
 * <p>The in-memory store needs nothing but this module. Valkey mode needs Lettuce, an optional
 * dependency: its modules are {@code requires static}, so an application that wants Valkey adds
 * {@code io.lettuce:lettuce-core} and has {@code lettuce.core}, {@code io.netty.resolver.dns} and
 * {@code org.slf4j} resolved; {@link dev.ogem.quota.StateStore#valkey} says so when they are not.
 */
module dev.ogem.quota {
    requires java.logging;
    requires static lettuce.core;
    // Lettuce is an automatic module and declares nothing: these are what it needs at run time.
    // Static, like Lettuce: resolved only when the application resolves them (Valkey mode).
    requires static io.netty.common;
    requires static io.netty.buffer;
    requires static io.netty.handler;
    requires static io.netty.transport;
    requires static io.netty.resolver.dns;
    requires static org.slf4j;

    exports dev.ogem.quota;
}
