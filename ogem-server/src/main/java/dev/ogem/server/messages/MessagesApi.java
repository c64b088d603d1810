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
import dev.ogem.server.metrics.CompletionMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
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
 * {@code POST /v1/messages/count_tokens} ({@link TokenCounts}). Each reads the body within the gateway's
 * size limit, answers every failure in Anthropic's error shape ({@link MessageErrors}), and passes the
 * caller's {@code anthropic-beta} header on to Claude.
 */
public final class MessagesApi {

    /** The path every route of this API starts with. */
    public static final String PREFIX = "/v1/messages";

    private static final Logger LOG = Logger.getLogger(MessagesApi.class.getName());

    private final long maxBodyBytes;
    private final Supplier<Router> routers;
    private final MessageCalls calls;
    private final TokenCounts counts;
    private final BiConsumer<ServerRequest, String> modelCheck;

    /**
     * The routes over a router.
     *
     * @param routers      what answers: the router of the config in force
     * @param maxBodyBytes the largest request body accepted
     * @param metrics      where completions are counted
     * @param options      the caller's deadline and cache wishes, from the request headers
     * @param describe     writes the {@code x-ogem-*} headers naming the endpoint that served an answer
     * @param modelCheck   refuses a model the request's client key may not use
     */
    public MessagesApi(Supplier<Router> routers, long maxBodyBytes, CompletionMetrics metrics,
                       Function<ServerRequest, RouteOptions> options, BiConsumer<Routed<?>, ServerResponse> describe,
                       BiConsumer<ServerRequest, String> modelCheck) {
        this.modelCheck = modelCheck;
        this.maxBodyBytes = maxBodyBytes;
        this.routers = routers;
        this.calls = new MessageCalls(routers, metrics, options, describe);
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
            ObjectNode body = body(request);
            Map<String, String> headers = request.headers().first(HeaderNames.create("anthropic-beta"))
                    .map(beta -> Map.of("anthropic-beta", String.join(",", request.headers()
                            .all(HeaderNames.create("anthropic-beta"), List::of))))
                    .orElse(Map.of());
            String model = body.path("model").asText("");
            if (model.isBlank()) {
                throw CallerException.invalid("'model' is required.", "model");
            }
            modelCheck.accept(request, model);
            List<Route> routes = routers.get().routes(model);
            if (count) {
                counts.answer(request, response, body, headers, routes);
            } else {
                calls.answer(request, response, body, headers, routes.stream().allMatch(MessagesApi::speaksMessages));
            }
        } catch (OgemException error) {
            fail(request, response, error);
        } catch (RuntimeException bug) {
            fail(request, response, GatewayException.of("The gateway failed unexpectedly.", bug));
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
        if (!response.isSent()) {
            MessageErrors.send(response, error);
        }
    }

    private ObjectNode body(ServerRequest request) {
        long declared = request.headers().first(HeaderNames.CONTENT_LENGTH).map(Long::parseLong).orElse(-1L);
        if (declared > maxBodyBytes) {
            throw CallerException.tooLarge(maxBodyBytes);
        }
        byte[] bytes;
        try (InputStream in = request.content().inputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > maxBodyBytes) {
            throw CallerException.tooLarge(maxBodyBytes);
        }
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
