package dev.ogem.server;

import dev.ogem.api.CallerException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * CORS for browser applications, off until the config names allowed origins ({@code cors.allowed_origins}),
 * read per request so that a reload changes them. For an allowed {@code Origin}: a preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered 204 here, before authentication
 * (browsers send no key with it), allowing {@code GET}, {@code POST} and the headers asked for; any other
 * request gets {@code Access-Control-Allow-Origin} and the {@code x-ogem-*}, {@code x-request-id} and
 * {@code Retry-After} headers exposed. A preflight from an origin not allowed is a 403; other requests from
 * it get no CORS headers (the browser then hides the answer). No credentials: keys travel in
 * {@code Authorization}, not cookies.
 */
final class Cors implements Filter {

    private static final HeaderName ALLOW_ORIGIN = HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN;
    private static final HeaderName REQUEST_METHOD = HeaderNames.ACCESS_CONTROL_REQUEST_METHOD;
    private static final HeaderName REQUEST_HEADERS = HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS;
    private static final Pattern HEADER_LIST = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+(\\s*,\\s*"
            + "[A-Za-z0-9!#$%&'*+.^_`|~-]+)*");
    private static final String EXPOSED = "x-request-id, x-ogem-provider, x-ogem-region, x-ogem-model, x-ogem-cache,"
            + " retry-after";
    private static final String MAX_AGE = "600";

    private final Supplier<List<String>> origins;

    Cors(Supplier<List<String>> origins) {
        this.origins = origins;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        List<String> allowed = origins.get();
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        if (allowed.isEmpty() || origin.isEmpty()) {
            chain.proceed();
            return;
        }
        boolean preflight = request.prologue().method() == Method.OPTIONS && request.headers().contains(REQUEST_METHOD);
        boolean any = allowed.contains("*");
        if (!any && !allowed.contains(origin.get().toLowerCase(Locale.ROOT))) {
            if (preflight) {
                ErrorBodies.send(response, CallerException.originNotAllowed(origin.get()));
                return;
            }
            chain.proceed();
            return;
        }
        response.header(ALLOW_ORIGIN, any ? "*" : origin.get());
        response.header(HeaderNames.VARY, "Origin");
        if (preflight) {
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            request.headers().first(REQUEST_HEADERS).map(String::trim).filter(h -> HEADER_LIST.matcher(h).matches())
                    .ifPresent(headers -> response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers));
            response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        response.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
        chain.proceed();
    }
}
