package dev.ogem.providers.openai;

import dev.ogem.api.ChunkStream;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.InputStream;
import java.lang.reflect.Proxy;

/**
 * Opens ogem's own OpenAiChunkStream over bytes in memory, for ChunkJsonBench. The class is
 * package-private in the ogem-providers module; JMH runs on the class path, where module
 * boundaries do not apply, so this helper sits in the same package to reach it.
 */
public final class OpenAiStreams {

    private OpenAiStreams() {
    }

    /**
     * A stream over an SSE body, as OpenAiClient opens it; the response stands in for Helidon's and
     * answers only {@code inputStream()} and {@code close()}, the two calls the stream makes.
     *
     * @param body the SSE body
     * @return the stream
     */
    public static ChunkStream over(InputStream body) {
        HttpClientResponse response = (HttpClientResponse) Proxy.newProxyInstance(
                HttpClientResponse.class.getClassLoader(), new Class<?>[] {HttpClientResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inputStream" -> body;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new OpenAiChunkStream(response);
    }
}
