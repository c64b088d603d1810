package dev.ogem.providers.openai;

import dev.ogem.api.ChunkStream;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;

import java.io.InputStream;

/**
 * Opens ogem's own OpenAiChunkStream over bytes in memory, for ChunkJsonBench. The class is
 * package-private in the ogem-providers module; JMH runs on the class path, where module
 * boundaries do not apply, so this helper sits in the same package to reach it.
 */
public final class OpenAiStreams {

    private OpenAiStreams() {
    }

    /**
     * A stream over an SSE body, as OpenAiClient opens it (idle watch included), with nothing to release
     * at its end.
     *
     * @param body the SSE body
     * @return the stream
     */
    public static ChunkStream over(InputStream body) {
        return new OpenAiChunkStream(new UpstreamEvents(body, () -> { }, ProviderLimits.defaults()),
                new UpstreamCall("bench", "m"));
    }
}
