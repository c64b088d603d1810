package dev.ogem.server.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.ogem.api.Usage;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.Route;
import dev.ogem.server.logging.InstantText;

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

    // Jackson's default buffer pool is thread-local, and every request has a virtual thread of its own: a
    // shared pool hands the generator's buffers from line to line.
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    private static final InstantText TIME_TEXT = new InstantText();

    // The names, quoted and escaped once: written as they are, not checked for escapes on every line.
    private static final SerializableString TIME = new SerializedString("time");
    private static final SerializableString REQUEST_ID = new SerializedString("request_id");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString METHOD = new SerializedString("method");
    private static final SerializableString ROUTE = new SerializedString("route");
    private static final SerializableString MODEL = new SerializedString("model");
    private static final SerializableString STREAM = new SerializedString("stream");
    private static final SerializableString PROVIDER = new SerializedString("provider");
    private static final SerializableString REGION = new SerializedString("region");
    private static final SerializableString SERVED_MODEL = new SerializedString("served_model");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString ERROR = new SerializedString("error");
    private static final SerializableString LATENCY_MS = new SerializedString("latency_ms");
    private static final SerializableString TTFT_MS = new SerializedString("ttft_ms");
    private static final SerializableString PROMPT_TOKENS = new SerializedString("prompt_tokens");
    private static final SerializableString COMPLETION_TOKENS = new SerializedString("completion_tokens");
    private static final SerializableString CACHE = new SerializedString("cache");
    private static final SerializableString ATTEMPTS = new SerializedString("attempts");
    private static final SerializableString FALLBACKS = new SerializedString("fallbacks");

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
        string(line, TIME, TIME_TEXT.of(record.time()));
        string(line, REQUEST_ID, record.requestId());
        if (key != null) {
            string(line, KEY, key);
        }
        string(line, METHOD, record.method());
        string(line, ROUTE, record.path());
        if (model != null) {
            string(line, MODEL, model);
            line.writeFieldName(STREAM);
            line.writeBoolean(record.stream());
        }
        if (route != null) {
            string(line, PROVIDER, route.provider());
            string(line, REGION, route.region());
            string(line, SERVED_MODEL, route.model());
        }
        number(line, STATUS, status);
        if (error != null) {
            string(line, ERROR, error);
        }
        number(line, LATENCY_MS, millis(nowNanos - record.startNanos()));
        if (record.firstChunkNanos() >= 0) {
            number(line, TTFT_MS, millis(record.firstChunkNanos() - record.startNanos()));
        }
        if (tokens != null) {
            number(line, PROMPT_TOKENS, tokens.promptTokens());
            number(line, COMPLETION_TOKENS, tokens.completionTokens());
        }
        if (cache != null) {
            string(line, CACHE, cache.header());
        }
        if (model != null) {
            number(line, ATTEMPTS, record.attempts());
            number(line, FALLBACKS, record.fallbacks());
        }
        line.writeEndObject();
    }

    private static void string(JsonGenerator line, SerializableString name, String value) throws IOException {
        line.writeFieldName(name);
        line.writeString(value);
    }

    private static void number(JsonGenerator line, SerializableString name, long value) throws IOException {
        line.writeFieldName(name);
        line.writeNumber(value);
    }

    private static void number(JsonGenerator line, SerializableString name, double value) throws IOException {
        line.writeFieldName(name);
        line.writeNumber(value);
    }

    private static double millis(long nanos) {
        return Math.round(TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos)) / 10.0) / 100.0;
    }
}
