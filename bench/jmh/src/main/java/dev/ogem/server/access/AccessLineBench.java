package dev.ogem.server.access;

import dev.ogem.api.Usage;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.Route;
import dev.ogem.server.logging.TextLineFormatter;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One access log line as a served plain completion makes it, before the handler buffers it: the record as
 * its JSON object ({@link AccessLine}), then the text format's line, encoded. The gateway makes it on the
 * request's own virtual thread, where nothing thread-local survives from one request to the next; here one
 * platform thread makes every line, so a thread-local cache would look free.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class AccessLineBench {

    private final Formatter text = new TextLineFormatter();
    private AccessRecord record;

    @Setup
    public void setUp() {
        record = new AccessRecord(Instant.now(), System.nanoTime(), "0d2c5e8a-4f61-4b7e-9c1a-3e5b7d9f1a2c",
                "POST", "/v1/chat/completions");
        record.key("team-search");
        record.asked("bench-model", false);
        record.served(new Route("bench", "bench", "bench-model"), Optional.of(CacheOutcome.MISS));
        record.usage(Optional.of(new Usage(12, 34, 46, Optional.empty(), Optional.empty(), Map.of())));
        record.attempted("success");
    }

    /** The line on the benchmark's own thread. */
    @Benchmark
    public int line() {
        return bytes().length;
    }

    private byte[] bytes() {
        LogRecord line = new LogRecord(Level.INFO, AccessLine.of(record, 200, System.nanoTime()));
        line.setLoggerName(AccessLog.LOGGER);
        return text.format(line).getBytes(StandardCharsets.UTF_8);
    }
}
