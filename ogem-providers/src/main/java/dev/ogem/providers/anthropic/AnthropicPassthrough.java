package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.NativeAnswer;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.Usage;
import dev.ogem.api.WireProtocol;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamHttp;
import io.helidon.http.Headers;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Messages API requests that came in as Messages API requests: the caller's body goes upstream as it
 * is (thinking and its signatures, {@code cache_control}, tools, images, documents), with only
 * {@code model} set to the served model id, or for Vertex AI {@code model} removed and
 * {@code anthropic_version} added; the caller's {@code anthropic-beta} header goes along. The answer
 * is the upstream's bytes ({@link NativeAnswer}) beside their translation, whose usage routing settles
 * with. {@code count_tokens} goes to the host's token counter, and its usage is zero (it generates
 * nothing and its tokens are not the model's).
 */
final class AnthropicPassthrough {

    private final UpstreamHttp http;
    private final String provider;
    private final AnthropicTarget target;
    private final Clock clock;
    private final BiConsumer<Headers, String> limits;

    AnthropicPassthrough(UpstreamHttp http, String provider, AnthropicTarget target, Clock clock,
                         BiConsumer<Headers, String> limits) {
        this.http = http;
        this.provider = provider;
        this.target = target;
        this.clock = clock;
        this.limits = limits;
    }

    /** Whether a request carries a body this client sends as it is. */
    static Optional<NativeRequest> of(Optional<NativeRequest> request) {
        return request.filter(r -> r.protocol() == WireProtocol.ANTHROPIC_MESSAGES);
    }

    ChatResponse complete(String model, NativeRequest request) {
        boolean count = request.operation() == NativeRequest.Operation.COUNT_TOKENS;
        ObjectNode body = body(request, model, false, count);
        URI uri = count ? target.countTokensUri(model) : target.uri(model, false);
        try (HttpClientResponse response = http.postJson(uri, headers(request), OpenAiJson.write(body))) {
            if (response.status().code() != 200) {
                throw AnthropicErrors.from(response, new UpstreamCall(provider, model));
            }
            limits.accept(response.headers(), model);
            byte[] raw = http.readAnswer(response, in -> {
                byte[] bytes = in.readAllBytes();
                OpenAiJson.readTree(bytes); // a body that is not JSON is the upstream's fault, said here
                return bytes;
            }, count ? "an Anthropic token count" : "an Anthropic message");
            ChatResponse translated = count
                    ? ChatResponse.of("", now(), model, List.of(), Optional.of(Usage.of(0, 0)))
                    : AnthropicResponses.translate(readTree(raw), model, false, now());
            return translated.withNativeAnswer(new NativeAnswer(WireProtocol.ANTHROPIC_MESSAGES, raw));
        }
    }

    ChunkStream stream(String model, NativeRequest request) {
        ObjectNode body = body(request, model, true, false);
        HttpClientResponse response = http.postJson(target.uri(model, true), headers(request), OpenAiJson.write(body));
        if (response.status().code() != 200) {
            try (response) {
                throw AnthropicErrors.from(response, new UpstreamCall(provider, model));
            }
        }
        limits.accept(response.headers(), model);
        return new AnthropicNativeStream(http.events(response), new UpstreamCall(provider, model), now());
    }

    private ObjectNode body(NativeRequest request, String model, boolean stream, boolean count) {
        ObjectNode body = request.body().deepCopy();
        Dialect dialect = target.dialect();
        if (dialect.modelInBody() || count) {
            body.put("model", model);
        } else {
            body.remove("model");
        }
        if (!dialect.modelInBody() && !body.has("anthropic_version")) {
            body.put("anthropic_version", dialect.bodyVersion());
        }
        body.remove("stream");
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    private Map<String, String> headers(NativeRequest request) {
        Map<String, String> headers = new LinkedHashMap<>(target.headers());
        Optional.ofNullable(request.headers().get("anthropic-beta")).ifPresent(b -> headers.put("anthropic-beta", b));
        return headers;
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return OpenAiJson.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // read once already: cannot fail
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
