package dev.ogem.server.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderKind;
import dev.ogem.routing.Route;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.metrics.CompletionMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Anthropic Messages API routes: {@code POST /v1/messages} ({@link MessageCalls}) and
 * {@code POST /v1/messages/count_tokens} ({@link TokenCounts}). Each reads the body through the reader every
 * route shares ({@link Ingress}: the size limit, the read timeout, the one body budget held until the answer is
 * sent), answers every failure in Anthropic's error shape ({@link MessageErrors}), and passes the caller's
 * {@code anthropic-beta} header on to Claude.
 */
public final class MessagesApi {

    /** The path every route of this API starts with. */
    public static final String PREFIX = "/v1/messages";

    private static final Logger LOG = Logger.getLogger(MessagesApi.class.getName());

    private final Supplier<Router> routers;
    private final MessageCalls calls;
    private final TokenCounts counts;
    private final Ingress ingress;

    /**
     * The routes over a router.
     *
     * @param routers  what answers: the router of the config in force
     * @param metrics  where completions are counted
     * @param options  the caller's deadline and cache wishes, from the request headers
     * @param describe writes the {@code x-ogem-*} headers naming the endpoint that served an answer
     * @param ingress  the body reader, body budget and client key checks every route shares
     */
    public MessagesApi(Supplier<Router> routers, CompletionMetrics metrics,
                       Function<ServerRequest, RouteOptions> options, BiConsumer<Routed<?>, ServerResponse> describe,
                       Ingress ingress) {
        this.ingress = ingress;
        this.routers = routers;
        this.calls = new MessageCalls(routers, metrics, options, describe, ingress);
        this.counts = new TokenCounts(routers, options, describe);
    }

    /**
     * Adds the routes.
     *
     * @param routing the routing to add them to
     */
    public void register(HttpRouting.Builder routing) {
        routing.post(PREFIX, (request, response) -> answer(request, response, false))
                .post(PREFIX + "/count_tokens", (request, response) -> answer(request, response, true));
    }

    private void answer(ServerRequest request, ServerResponse response, boolean count) {
        try {
            ingress.withBody(request, bytes -> answer(request, response, object(bytes), count));
        } catch (CloseConnectionException gone) {
            throw gone;
        } catch (OgemException error) {
            fail(request, response, error);
        } catch (RuntimeException bug) {
            fail(request, response, GatewayException.of("The gateway failed unexpectedly.", bug));
        }
    }

    private void answer(ServerRequest request, ServerResponse response, ObjectNode body, boolean count) {
        Map<String, String> headers = request.headers().first(HeaderNames.create("anthropic-beta"))
                .map(beta -> Map.of("anthropic-beta", String.join(",", request.headers()
                        .all(HeaderNames.create("anthropic-beta"), List::of))))
                .orElse(Map.of());
        String model = body.path("model").asText("");
        if (model.isBlank()) {
            throw CallerException.invalid("'model' is required.", "model");
        }
        ingress.checkModel(request, model);
        List<Route> routes = routers.get().routes(model);
        if (count) {
            counts.answer(request, response, body, headers, routes);
        } else {
            calls.answer(request, response, body, headers, routes.stream().allMatch(MessagesApi::speaksMessages));
        }
    }

    /**
     * Whether an endpoint takes Messages requests as they are.
     *
     * @param route the endpoint
     * @return true for Claude, direct or on Vertex AI
     */
    static boolean speaksMessages(Route route) {
        return ProviderKind.ofName(route.provider()).nativeProtocol().isPresent();
    }

    private static void fail(ServerRequest request, ServerResponse response, OgemException error) {
        if (error instanceof GatewayException) {
            LOG.log(Level.SEVERE, "Unexpected failure on POST " + request.path().path(), error);
        }
        AccessRecord.of(request).failed(error);
        if (!response.isSent()) {
            MessageErrors.send(response, error);
        }
    }

    private static ObjectNode object(byte[] bytes) {
        try {
            JsonNode tree = bytes.length == 0 ? null : OpenAiJson.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw CallerException.invalid("The request body must be a JSON object.", null);
            }
            return (ObjectNode) tree;
        } catch (JsonProcessingException e) {
            throw CallerException.invalid("The request body is not valid JSON.", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
