/**
 * All state that ogem instances share: requests-per-minute and tokens-per-minute windows per rate
 * bucket, endpoint cooldowns and cached responses, behind the one interface
 * {@link dev.ogem.quota.StateStore}. The state lives in process memory (one instance) or in Valkey
 * (a fleet); this is the only module that knows Valkey exists.
 */
module dev.ogem.quota {
    requires java.logging;
    requires lettuce.core;
    // Lettuce is an automatic module and declares nothing: name what it needs at run time.
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.resolver.dns;
    requires org.slf4j;

    exports dev.ogem.quota;
}
