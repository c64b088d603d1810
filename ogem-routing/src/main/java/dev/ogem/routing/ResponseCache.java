package dev.ogem.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.NativeAnswer;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.StateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The response cache for deterministic requests, kept in the {@link StateStore} (so a fleet shares it).
 *
 * <p>Cacheable: {@code temperature} explicitly {@code 0}, {@code n} absent or 1, not streaming, and no
 * {@code @batch} model. Tools, response formats and seeds are allowed (they are part of the key).
 *
 * <p>Key: SHA-256 of the canonical JSON (keys sorted at every level) of the request with {@code model}
 * replaced by the canonical model name and without {@code stream}, {@code stream_options} and
 * {@code user}; so a hit does not depend on the alias, the {@code provider/region/} prefix or the chain
 * the caller wrote, and different end users share answers. The provider is not part of the key: the
 * same model name means the same model wherever it runs.
 *
 * <p>A request that came in another protocol ({@link NativeRequest}, such as a Messages request for Claude) is
 * keyed by its caller's body as well (without {@code model}, {@code stream} and {@code metadata}), with the
 * headers it passes on, under a prefix of its own: what that body asks beyond its translation (a thinking
 * signature, {@code cache_control}, a beta) can change the answer. Its answer is stored with the upstream's own
 * bytes ({@link NativeAnswer}, such as Claude's thinking blocks and their signatures: {@link CachedChat}), so
 * that a hit answers with them too.
 *
 * <p>Embeddings are deterministic, so every embeddings request is cacheable, under a key of its own kind
 * built the same way (without {@code model} and {@code user}; {@code encoding_format} and {@code dimensions}
 * are part of it).
 */
final class ResponseCache {

    private static final Logger LOG = Logger.getLogger(ResponseCache.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NOT_IN_KEY = List.of("model", "stream", "stream_options", "user");
    private static final List<String> NOT_IN_EMBEDDING_KEY = List.of("model", "user");
    private static final List<String> NOT_IN_NATIVE_KEY = List.of("model", "stream", "metadata");

    private final StateStore store;
    private final Duration ttl;

    ResponseCache(StateStore store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    static boolean cacheable(ChatRequest request) {
        return !request.streaming()
                && request.temperature().filter(t -> t == 0.0).isPresent()
                && request.n().orElse(1) <= 1
                && !request.model().contains(ModelQuery.BATCH_SUFFIX);
    }

    /**
     * A cached answer and the route that first served it. The entry is read with a streaming parser: the
     * answer's bytes are handed to the job as they were stored, not parsed into a tree and written again.
     */
    <T> Optional<Routed<T>> lookup(String key, Job<T> job) {
        return store.cached(key).flatMap(bytes -> {
            try {
                CacheEntry entry = CacheEntry.read(bytes);
                return Optional.of(new Routed<>(job.cached(entry.answer()), entry.route(), Optional.of(CacheOutcome.HIT)));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Unreadable cache entry ignored", e);
                return Optional.empty();
            }
        });
    }

    /**
     * The first cached answer for any model of a chain entry's candidates (each model asked once), if the job is
     * cacheable.
     */
    <T> Optional<Routed<T>> lookup(List<Candidate> entry, Job<T> job) {
        Set<String> asked = new HashSet<>(4);
        for (Candidate candidate : entry) {
            String model = candidate.model().name();
            if (asked.add(model)) {
                Optional<String> key = job.cacheKey(model);
                Optional<Routed<T>> hit = key.isEmpty() ? Optional.empty() : lookup(key.get(), job);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }

    /** Stores an answer's JSON, as it is, with the route that served it. */
    void store(String key, Route route, byte[] answer) {
        store.cache(key, CacheEntry.write(route, answer), ttl);
    }

    static String key(ChatRequest request, String canonicalModel) {
        ObjectNode tree = OpenAiJson.valueToTree(request);
        if (request.nativeRequest().isEmpty()) {
            return key("chat:v1:", tree, NOT_IN_KEY, canonicalModel);
        }
        NativeRequest sent = request.nativeRequest().get();
        ObjectNode body = sent.body().deepCopy();
        NOT_IN_NATIVE_KEY.forEach(body::remove);
        ObjectNode part = tree.putObject("native");
        part.put("protocol", sent.protocol().name()).put("operation", sent.operation().name());
        part.set("body", body);
        part.set("headers", OpenAiJson.valueToTree(sent.headers()));
        return key("native:v1:", tree, NOT_IN_KEY, canonicalModel);
    }

    static String key(EmbeddingRequest request, String canonicalModel) {
        return key("embedding:v1:", OpenAiJson.valueToTree(request), NOT_IN_EMBEDDING_KEY, canonicalModel);
    }

    private static String key(String prefix, ObjectNode tree, List<String> notInKey, String canonicalModel) {
        notInKey.forEach(tree::remove);
        tree.put("model", canonicalModel);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(tree).getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** JSON text with object keys sorted at every level. */
    static String canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            StringBuilder out = new StringBuilder("{");
            for (String name : names) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(NODES.textNode(name)).append(':').append(canonical(node.get(name)));
            }
            return out.append('}').toString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            return "[" + String.join(",", items) + "]";
        }
        return node.toString();
    }
}
