package dev.ogem.server.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ogem.api.Usage;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.Route;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private AccessLine() {
    }

    static String of(AccessRecord record, int status, long nowNanos) {
        StringWriter out = new StringWriter(320);
        try (JsonGenerator line = JSON.createGenerator(out)) {
            write(line, record, status, nowNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator line, AccessRecord record, int status, long nowNanos) throws IOException {
        String key = record.key().orElse(null);
        String model = record.model().orElse(null);
        Route route = record.route().orElse(null);
        String error = record.error().orElse(null);
        Usage tokens = record.tokens().orElse(null);
        CacheOutcome cache = record.cache().orElse(null);
        line.writeStartObject();
        line.writeStringField("time", record.time().toString());
        line.writeStringField("request_id", record.requestId());
        if (key != null) {
            line.writeStringField("key", key);
        }
        line.writeStringField("method", record.method());
        line.writeStringField("route", record.path());
        if (model != null) {
            line.writeStringField("model", model);
            line.writeBooleanField("stream", record.stream());
        }
        if (route != null) {
            line.writeStringField("provider", route.provider());
            line.writeStringField("region", route.region());
            line.writeStringField("served_model", route.model());
        }
        line.writeNumberField("status", status);
        if (error != null) {
            line.writeStringField("error", error);
        }
        line.writeNumberField("latency_ms", millis(nowNanos - record.startNanos()));
        if (record.firstChunkNanos() >= 0) {
            line.writeNumberField("ttft_ms", millis(record.firstChunkNanos() - record.startNanos()));
        }
        if (tokens != null) {
            line.writeNumberField("prompt_tokens", tokens.promptTokens());
            line.writeNumberField("completion_tokens", tokens.completionTokens());
        }
        if (cache != null) {
            line.writeStringField("cache", cache.header());
        }
        if (model != null) {
            line.writeNumberField("attempts", record.attempts());
            line.writeNumberField("fallbacks", record.fallbacks());
        }
        line.writeEndObject();
    }

    private static double millis(long nanos) {
        return Math.round(TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos)) / 10.0) / 100.0;
    }
}
