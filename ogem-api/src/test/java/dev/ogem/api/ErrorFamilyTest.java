package dev.ogem.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorFamilyTest {

    @Test
    void providerKindsCarryStatusAndRetryability() {
        ProviderException overloaded = ProviderException.builder(ProviderException.Kind.OVERLOADED, "busy").build();
        assertTrue(overloaded.retryable());
        assertEquals(503, overloaded.status());
        ProviderException rejected = ProviderException.builder(ProviderException.Kind.REJECTED, "bad")
                .status(422).code("x").build();
        assertFalse(rejected.retryable());
        assertEquals(422, rejected.status());
        assertEquals("x", rejected.code().orElseThrow());
        ProviderException window = ProviderException.builder(ProviderException.Kind.CONTEXT_WINDOW_EXCEEDED, "long").build();
        assertEquals("context_length_exceeded", window.code().orElseThrow());
    }

    @Test
    void callerErrorsNameTheirField() {
        assertEquals("messages", CallerException.invalid("empty", "messages").param().orElseThrow());
        assertEquals(404, CallerException.modelNotFound("nope").status());
        assertEquals(Duration.ofSeconds(3), new QuotaException("full", Duration.ofSeconds(3)).retryAfter().orElseThrow());
    }

    @Test
    void batchPendingNamesTheJobAndStopsRouting() {
        CallerException queued = CallerException.batchPending("ogem-abc", "");
        assertEquals(504, queued.status());
        assertEquals("batch_pending", queued.code().orElseThrow());
        assertTrue(queued.getMessage().contains("ogem-abc"));
        assertTrue(CallerException.batchPending("ogem-abc", "batch_1").getMessage().contains("batch_1"));
    }

    @Test
    void providerNamesMapToKindsInOnePlace() {
        assertEquals(ProviderKind.VCLAUDE, ProviderKind.ofName("vclaude"));
        assertEquals(ProviderKind.CUSTOM, ProviderKind.ofName("my-llm"));
    }
}
