package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.OgemException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lets a request through when it carries the gateway's key as {@code Authorization: Bearer <key>} or
 * as {@code x-api-key: <key>} (as Anthropic's clients send it), compared in constant time. Health stays
 * open; without a key everything is open. A refusal is written in the shape of the API the path belongs to.
 * The key is the one of the config in force, so a key rotated in its file ({@code OPEN_GEMINI_API_KEY_FILE})
 * counts from the next reload.
 */
final class BearerAuth implements Filter {

    private static final String OPEN_PREFIX = "/observe";
    private static final HeaderName API_KEY = HeaderNames.create("x-api-key");

    private final Supplier<Optional<String>> keys;
    private final Function<String, BiConsumer<ServerResponse, OgemException>> errors;

    /**
     * The filter.
     *
     * @param keys   the gateway key of the config in force, if any
     * @param errors how a refusal is written, by request path
     */
    BearerAuth(Supplier<Optional<String>> keys, Function<String, BiConsumer<ServerResponse, OgemException>> errors) {
        this.keys = keys;
        this.errors = errors;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<byte[]> key = keys.get().map(k -> k.getBytes(StandardCharsets.UTF_8));
        if (key.isEmpty() || request.path().path().startsWith(OPEN_PREFIX) || authorized(request, key.get())) {
            chain.proceed();
            return;
        }
        errors.apply(request.path().path()).accept(response, CallerException.unauthorized());
    }

    private static boolean authorized(RoutingRequest request, byte[] key) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isPresent() && header.get().length() >= 7 && header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(header.get().substring(7), key);
        }
        return request.headers().first(API_KEY).map(presented -> matches(presented, key)).orElse(false);
    }

    private static boolean matches(String presented, byte[] key) {
        byte[] bytes = presented.trim().getBytes(StandardCharsets.UTF_8);
        return bytes.length > 0 && MessageDigest.isEqual(bytes, key);
    }
}
