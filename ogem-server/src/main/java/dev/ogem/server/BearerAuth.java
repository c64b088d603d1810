package dev.ogem.server;

import dev.ogem.api.CallerException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Lets a request through when it carries {@code Authorization: Bearer <key>} with the gateway's
 * key, compared in constant time. Health stays open; without a key everything is open.
 */
final class BearerAuth implements Filter {

    private static final String OPEN_PREFIX = "/observe";

    private final Optional<byte[]> key;

    BearerAuth(Optional<String> key) {
        this.key = key.map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (key.isEmpty() || request.path().path().startsWith(OPEN_PREFIX) || authorized(request)) {
            chain.proceed();
            return;
        }
        ErrorBodies.send(response, CallerException.unauthorized());
    }

    private boolean authorized(RoutingRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || header.get().length() < 7
                || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = header.get().substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return presented.length > 0 && MessageDigest.isEqual(presented, key.get());
    }
}
