package dev.ogem.quota.valkey;

import dev.ogem.quota.testing.LogCapture;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outage bookkeeping on a fake monotonic clock: probing, warning once a minute, recovery. */
class OutageTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private LogCapture logs;
    private Outage outage;

    @BeforeEach
    void setUp() {
        logs = LogCapture.of(Outage.class.getName());
        outage = new Outage("valkey.example:6379", nanos::get);
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private long warnings() {
        return logs.count(Level.WARNING);
    }

    @Test
    void probesOncePerSecondWhileDown() {
        assertTrue(outage.tryValkey());
        outage.failed(new RedisConnectionException("Connection refused"));
        assertTrue(outage.down());
        assertFalse(outage.tryValkey());
        advance(Duration.ofMillis(999));
        assertFalse(outage.tryValkey());
        advance(Duration.ofMillis(1));
        assertTrue(outage.tryValkey());
        assertFalse(outage.tryValkey()); // only one caller probes
        outage.succeeded();
        assertFalse(outage.down());
        assertTrue(outage.tryValkey());
        assertEquals("", outage.reason());
    }

    @Test
    void warnsAtMostOncePerMinute() {
        outage.failed(new RedisConnectionException("Connection refused"));
        for (int i = 0; i < 59; i++) {
            advance(Duration.ofSeconds(1));
            outage.failed(new RedisConnectionException("Connection refused"));
        }
        assertEquals(1, warnings());
        advance(Duration.ofSeconds(1));
        outage.failed(new RedisConnectionException("Connection refused"));
        assertEquals(2, warnings());
        assertTrue(outage.reason().contains("valkey.example:6379"), outage.reason());
        assertTrue(outage.reason().contains("RedisConnectionException"), outage.reason());
        outage.succeeded();
        assertEquals(1, logs.count(Level.INFO));
        // a new outage warns at once
        outage.failed(new RedisConnectionException("Connection refused"));
        assertEquals(3, warnings());
    }
}
