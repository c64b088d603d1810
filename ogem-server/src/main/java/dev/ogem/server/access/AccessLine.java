package dev.ogem.server.access;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.TimeUnit;

/**
 * An {@link AccessRecord} as the JSON object of its access log line. Fields, absent when unknown:
 * {@code time} (RFC 3339, when the request arrived), {@code request_id}, {@code key} (the client key's name),
 * {@code method}, {@code route} (the path), {@code model} (as asked), {@code stream}, {@code provider},
 * {@code region}, {@code served_model}, {@code status}, {@code error} (the OpenAI error code),
 * {@code latency_ms} (to the last byte), {@code ttft_ms} (a stream's first chunk), {@code prompt_tokens},
 * {@code completion_tokens}, {@code cache} ({@code hit} or {@code miss}), {@code attempts} (upstream calls
 * made) and {@code fallbacks} (endpoints passed over: failed or refused by their quota).
 */
final class AccessLine {

    private AccessLine() {
    }

    static ObjectNode of(AccessRecord record, int status, long nowNanos) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("time", record.time().toString());
        line.put("request_id", record.requestId());
        record.key().ifPresent(key -> line.put("key", key));
        line.put("method", record.method());
        line.put("route", record.path());
        record.model().ifPresent(model -> line.put("model", model).put("stream", record.stream()));
        record.route().ifPresent(route -> line.put("provider", route.provider()).put("region", route.region())
                .put("served_model", route.model()));
        line.put("status", status);
        record.error().ifPresent(code -> line.put("error", code));
        line.put("latency_ms", millis(nowNanos - record.startNanos()));
        if (record.firstChunkNanos() >= 0) {
            line.put("ttft_ms", millis(record.firstChunkNanos() - record.startNanos()));
        }
        record.tokens().ifPresent(usage -> line.put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens()));
        record.cache().ifPresent(cache -> line.put("cache", cache.header()));
        if (record.model().isPresent()) {
            line.put("attempts", record.attempts()).put("fallbacks", record.fallbacks());
        }
        return line;
    }

    private static double millis(long nanos) {
        return Math.round(TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos)) / 10.0) / 100.0;
    }
}
