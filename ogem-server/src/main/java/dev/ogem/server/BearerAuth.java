package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.config.ClientKey;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets a request through when it carries {@code Authorization: Bearer <key>} with the gateway's
 * key, compared in constant time. Health stays open; without a key everything is open.
 */
final class BearerAuth implements Filter {

    private static final String OPEN_PREFIX = "/observe";

    private final Supplier<Optional<String>> keys;

    BearerAuth(Supplier<Optional<String>> keys) {
        this.keys = keys;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<byte[]> key = keys.get().map(k -> k.getBytes(StandardCharsets.UTF_8));
        if (key.isEmpty() || request.path().path().startsWith(OPEN_PREFIX)) {
            chain.proceed();
            return;
        }
        if (authorized(request, key.get())) {
            AccessRecord.of(request).key(ClientKey.GATEWAY_KEY_NAME);
            chain.proceed();
            return;
        }
        CallerException refused = CallerException.unauthorized();
        AccessRecord.of(request).failed(refused);
        ErrorBodies.send(response, refused);
    }

    private static boolean authorized(RoutingRequest request, byte[] key) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || header.get().length() < 7
                || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = header.get().substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return presented.length > 0 && MessageDigest.isEqual(presented, key);
    }
}
