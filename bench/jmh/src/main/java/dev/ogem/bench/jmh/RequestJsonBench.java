package dev.ogem.bench.jmh;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.OpenAiJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What ogem does to every request body: RequestReader parses it into a ChatRequest, OpenAiClient
 * writes it back out for the upstream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class RequestJsonBench {


    /** small: the load test's body; tools: a multi-turn tool-calling request with unknown fields. */
    @Param({"small", "tools"})
    public String shape;

    private byte[] body;
    private ChatRequest parsed;

    @Setup
    public void setUp() throws IOException {
        body = shape.equals("small") ? Payloads.SMALL_REQUEST : Payloads.TOOL_REQUEST;
        parsed = OpenAiJson.read(body, ChatRequest.class);
    }

    @Benchmark
    public ChatRequest parse() throws IOException {
        return OpenAiJson.read(body, ChatRequest.class);
    }

    @Benchmark
    public byte[] write() throws IOException {
        return OpenAiJson.write(parsed);
    }

    /** The whole per-request JSON cost of the gateway: parse, then re-serialise. */
    @Benchmark
    public byte[] parseAndWrite() throws IOException {
        return OpenAiJson.write(OpenAiJson.read(body, ChatRequest.class));
    }
}
