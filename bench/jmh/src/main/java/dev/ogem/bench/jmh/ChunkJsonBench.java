package dev.ogem.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.http.SseReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What ogem does to each SSE event of an OpenAI-protocol stream: OpenAiChunkStream reads it with
 * SseReader, parses it to a tree, checks for an error, converts the tree to a ChatChunk; then
 * ChatCompletions writes the chunk back as JSON inside "data: ...\n\n".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class ChunkJsonBench {

    private static final ObjectMapper JSON = OpenAiJson.mapper();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private ChatChunk chunk;

    @Setup
    public void setUp() throws IOException {
        chunk = JSON.readValue(Payloads.CHUNK, ChatChunk.class);
    }

    /** Today's parse: readTree, has("error"), treeToValue (OpenAiChunkStream.next). */
    @Benchmark
    public ChatChunk parseViaTree() throws IOException {
        JsonNode tree = JSON.readTree(Payloads.CHUNK);
        if (tree.has("error")) {
            throw new IllegalStateException();
        }
        return JSON.treeToValue(tree, ChatChunk.class);
    }

    /** The same chunk bound directly, for comparison. */
    @Benchmark
    public ChatChunk parseDirect() throws IOException {
        return JSON.readValue(Payloads.CHUNK, ChatChunk.class);
    }

    /** Today's write: writeValueAsBytes plus the event framing (ChatCompletions.writeEvent). */
    @Benchmark
    public byte[] writeEvent() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(DATA);
        out.write(JSON.writeValueAsBytes(chunk));
        out.write(END);
        return out.toByteArray();
    }

    /** A whole 10-event stream through ogem's relay path, I/O aside: SseReader, parse, write. */
    @Benchmark
    public int relayTenEvents() throws IOException {
        SseReader events = new SseReader(new ByteArrayInputStream(Payloads.STREAM));
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        Optional<SseReader.SseEvent> event;
        while ((event = events.next()).isPresent() && !event.get().data().equals("[DONE]")) {
            JsonNode tree = JSON.readTree(event.get().data());
            if (tree.has("error")) {
                throw new IllegalStateException();
            }
            out.write(DATA);
            out.write(JSON.writeValueAsBytes(JSON.treeToValue(tree, ChatChunk.class)));
            out.write(END);
        }
        return out.size();
    }
}
