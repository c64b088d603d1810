package dev.ogem.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;

/**
 * A request as the caller wrote it in another {@link WireProtocol}, riding along the translated
 * {@link ChatRequest}: a client whose upstream speaks that protocol sends this body instead of
 * translating the chat request (only the model is set to the one it serves), and answers with the
 * upstream's own bytes beside its translation ({@link NativeAnswer}); every other client ignores it.
 *
 * @param protocol  the protocol of the body
 * @param operation what the caller asked for
 * @param body      the caller's body; shared, so a client copies it before changing anything
 * @param headers   request headers of that protocol to pass on (such as {@code anthropic-beta}), lower-case names
 */
public record NativeRequest(WireProtocol protocol, Operation operation, ObjectNode body, Map<String, String> headers) {

    /** What a native request asks for. */
    public enum Operation {
        /** A message, plain or streamed. */
        GENERATE,
        /** The count of the request's input tokens, nothing generated. */
        COUNT_TOKENS
    }

    /** Checks for nulls and copies the headers. */
    public NativeRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }
}
