package dev.ogem.api;

import java.util.Objects;

/**
 * The answer of an upstream to a {@link NativeRequest}, as the upstream sent it, carried beside its
 * translation into a {@link ChatResponse} (which routing uses for usage and the cache).
 *
 * @param protocol the protocol of the bytes
 * @param json     the upstream's JSON body; not copied, so not to be changed
 */
public record NativeAnswer(WireProtocol protocol, byte[] json) {

    /** Checks for nulls. */
    public NativeAnswer {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(json, "json");
    }
}
