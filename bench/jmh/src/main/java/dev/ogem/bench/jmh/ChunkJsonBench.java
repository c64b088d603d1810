package dev.ogem.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.providers.http.SseEvent;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.StreamChunk;
import dev.ogem.providers.http.SseReader;
import dev.ogem.providers.openai.OpenAiStreams;
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
 * What ogem does to the SSE events of an OpenAI-protocol stream. Today's relay
 * ({@link #relayTenEvents}): OpenAiChunkStream reads each event with SseReader and hands on its
 * bytes as a StreamChunk, parsing only an event that may carry an {@code error}; SettlingStream
 * parses only a chunk that may carry {@code usage}; ChatCompletions writes the bytes inside
 * {@code data: ...\n\n}. {@link #relayTenEventsParsed} is the path before the bytes were relayed
 * (readTree, has("error"), treeToValue, writeValueAsBytes), kept for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class ChunkJsonBench {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNK = Payloads.CHUNK.getBytes(StandardCharsets.UTF_8);

    private ChatChunk chunk;

    @Setup
    public void setUp() throws IOException {
        chunk = OpenAiJson.read(Payloads.CHUNK, ChatChunk.class);
        Relay.check(OpenAiStreams.over(new ByteArrayInputStream(Payloads.STREAM)), 10);
    }

    /** A whole 10-event stream through today's relay, I/O aside: the events' bytes are written as received. */
    @Benchmark
    public int relayTenEvents() {
        return Relay.drain(OpenAiStreams.over(new ByteArrayInputStream(Payloads.STREAM)));
    }

    /** The same stream through the relay before 768bb51: each event parsed to a ChatChunk and written back. */
    @Benchmark
    public int relayTenEventsParsed() throws IOException {
        SseReader events = new SseReader(new ByteArrayInputStream(Payloads.STREAM));
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        Optional<SseEvent> event;
        while ((event = events.next()).isPresent() && !event.get().dataIs("[DONE]")) {
            JsonNode tree = OpenAiJson.readTree(event.get().data());
            if (tree.has("error")) {
                throw new IllegalStateException();
            }
            out.write(DATA);
            out.write(OpenAiJson.write(OpenAiJson.treeToValue(tree, ChatChunk.class)));
            out.write(END);
        }
        return out.size();
    }

    /** One chunk parsed on demand (StreamChunk.chunk()): what a chunk that may carry usage costs. */
    @Benchmark
    public ChatChunk parseDirect() {
        return StreamChunk.ofJson(CHUNK).chunk();
    }

    /** One chunk built by a translation, written with its event framing (StreamChunk.json()). */
    @Benchmark
    public byte[] writeEvent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(DATA);
        out.writeBytes(StreamChunk.of(chunk).json());
        out.writeBytes(END);
        return out.toByteArray();
    }
}
