package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.GatewayException;
import dev.ogem.api.NativeAnswer;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.routing.PromptTokens;
import dev.ogem.routing.Route;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /v1/messages/count_tokens}. When the first endpoint the model resolves to is Claude
 * (direct or on Vertex AI), the request goes there as it is, through routing (admitted against the
 * model's rpm, settled with zero tokens), and Claude's count is the answer. Otherwise nobody upstream
 * counts Messages tokens, and the answer is the router's own estimate ({@link PromptTokens}, the one
 * admission uses), marked {@code x-ogem-token-count: estimate}.
 */
final class TokenCounts {

    private final Supplier<Router> routers;
    private final Function<ServerRequest, RouteOptions> options;
    private final BiConsumer<Routed<?>, ServerResponse> describe;

    TokenCounts(Supplier<Router> routers, Function<ServerRequest, RouteOptions> options,
                BiConsumer<Routed<?>, ServerResponse> describe) {
        this.routers = routers;
        this.options = options;
        this.describe = describe;
    }

    void answer(ServerRequest request, ServerResponse response, ObjectNode body, Map<String, String> headers,
                List<Route> routes) {
        ChatRequest chat = MessageRequests.read(body, headers, NativeRequest.Operation.COUNT_TOKENS, false);
        Route first = routes.getFirst();
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        if (MessagesApi.speaksMessages(first)) {
            String pinned = first.provider() + "/" + first.region() + "/" + first.model();
            Routed<ChatResponse> routed = routers.get().complete(chat.withModel(pinned), options.apply(request));
            describe.accept(routed, response);
            response.header(HeaderNames.create("x-ogem-token-count"), "upstream");
            response.send(routed.value().nativeAnswer().map(NativeAnswer::json).orElseThrow(() ->
                    GatewayException.of("Claude's token count came back without its answer.")));
            return;
        }
        ObjectNode count = JsonNodeFactory.instance.objectNode()
                .put("input_tokens", PromptTokens.estimate(chat, first.model()));
        response.header(HeaderNames.create("x-ogem-token-count"), "estimate");
        response.send(OpenAiJson.write(count));
    }
}
