package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.OgemException;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.config.GatewayConfig;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lets a request through when it carries {@code Authorization: Bearer <key>} (or {@code x-api-key: <key>}, as
 * Anthropic's clients send it) with one of the keys of the
 * current config ({@link ClientKeys}: {@code OPEN_GEMINI_API_KEY} and the {@code keys} section), and
 * registers its {@link Caller} in the request's context and its name on the {@link AccessRecord}. The keys are
 * read from the config supplier at each request (rebuilt only when the config changes), so a key a reload
 * removes is refused from then on. Health and metrics ({@code /observe}) stay open; without any key
 * everything is open.
 */
final class BearerAuth implements Filter {

    private static final String OPEN_PREFIX = "/observe";

    private static final HeaderName API_KEY = HeaderNames.create("x-api-key");

    private final Supplier<GatewayConfig> config;
    private final Function<String, BiConsumer<ServerResponse, OgemException>> errors;
    private final AtomicReference<Built> built = new AtomicReference<>();

    /**
     * The filter.
     *
     * @param config the config in force
     * @param errors how a refusal is written, by request path
     */
    BearerAuth(Supplier<GatewayConfig> config, Function<String, BiConsumer<ServerResponse, OgemException>> errors) {
        this.config = config;
        this.errors = errors;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        ClientKeys keys = keys();
        if (keys.none() || request.path().path().startsWith(OPEN_PREFIX)) {
            chain.proceed();
            return;
        }
        Optional<Caller> caller = presented(request).flatMap(keys::match);
        if (caller.isPresent()) {
            request.context().register(caller.get());
            AccessRecord.of(request).key(caller.get().name());
            chain.proceed();
            return;
        }
        CallerException refused = CallerException.unauthorized();
        AccessRecord.of(request).failed(refused);
        errors.apply(request.path().path()).accept(response, refused);
    }

    private ClientKeys keys() {
        GatewayConfig current = config.get();
        Built last = built.get();
        if (last != null && last.config() == current) {
            return last.keys();
        }
        ClientKeys keys = ClientKeys.of(current);
        built.set(new Built(current, keys));
        return keys;
    }

    private static Optional<String> presented(RoutingRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        Optional<String> key = header.isPresent() && header.get().length() >= 7
                && header.get().regionMatches(true, 0, "Bearer ", 0, 7)
                ? Optional.of(header.get().substring(7).trim())
                : request.headers().first(API_KEY).map(String::trim);
        return key.filter(k -> !k.isEmpty());
    }

    /** The keys built from one config, kept until the supplier hands out another. */
    private record Built(GatewayConfig config, ClientKeys keys) {
    }
}
