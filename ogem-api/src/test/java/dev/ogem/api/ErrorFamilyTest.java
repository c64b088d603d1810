package dev.ogem.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorFamilyTest {

    @Test
    void providerKindsCarryStatusAndRetryability() {
        ProviderException overloaded = ProviderException.of(ProviderException.Kind.OVERLOADED, "busy");
        assertTrue(overloaded.retryable());
        assertEquals(503, overloaded.status());
        ProviderException rejected = ProviderException.builder(ProviderException.Kind.REJECTED, "bad")
                .status(422).code("x").build();
        assertFalse(rejected.retryable());
        assertEquals(422, rejected.status());
        assertEquals("x", rejected.code().orElseThrow());
        ProviderException window = ProviderException.of(ProviderException.Kind.CONTEXT_WINDOW_EXCEEDED, "long");
        assertEquals("context_length_exceeded", window.code().orElseThrow());
    }

    @Test
    void refusedCredentialsAndAnUnknownModelAreAlwaysTheGatewaysRetryable502() {
        ProviderException auth = ProviderException.builder(ProviderException.Kind.AUTH, "refused")
                .status(401).type("invalid_request_error").code("invalid_api_key").param("model").build();
        assertTrue(auth.retryable());
        assertEquals(502, auth.status(), "an upstream's 401 is never the caller's own key refused");
        assertEquals("api_error", auth.type());
        assertEquals("upstream_auth_failed", auth.code().orElseThrow());
        assertTrue(auth.param().isEmpty());
        ProviderException unknown = ProviderException.builder(ProviderException.Kind.NOT_FOUND, "no model")
                .status(404).code("model_not_found").build();
        assertTrue(unknown.retryable());
        assertEquals(502, unknown.status());
        assertEquals("api_error", unknown.type());
        assertEquals("upstream_model_not_found", unknown.code().orElseThrow());
        assertFalse(ProviderException.of(ProviderException.Kind.REJECTED, "bad").retryable(), "the caller's own fault");
    }

    @Test
    void aProviderErrorWaitsAtMostAnHourAndNeverANegativeTime() {
        ProviderException.Builder limited = ProviderException.builder(ProviderException.Kind.RATE_LIMITED, "slow");
        assertEquals(Duration.ofHours(1), limited.retryAfter(Duration.ofDays(3650)).build().retryAfter().orElseThrow());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter(Duration.ofSeconds(30)).build().retryAfter().orElseThrow());
        assertTrue(limited.retryAfter(Duration.ofSeconds(-5)).build().retryAfter().isEmpty());
        assertTrue(limited.retryAfter(null).build().retryAfter().isEmpty());
    }

    @Test
    void callerErrorsNameTheirField() {
        assertEquals("messages", CallerException.invalid("empty", "messages").param().orElseThrow());
        assertEquals(404, CallerException.modelNotFound("nope").status());
        assertEquals(Duration.ofSeconds(3), QuotaException.exhausted("full", Duration.ofSeconds(3)).retryAfter().orElseThrow());
    }

    @Test
    void batchPendingNamesTheJobAndStopsRouting() {
        PendingException queued = PendingException.batch("ogem-abc", "");
        assertEquals(504, queued.status());
        assertEquals("timeout_error", queued.type());
        assertEquals("batch_pending", queued.code().orElseThrow());
        assertEquals("The batch request ogem-abc is queued for the next batch and has no answer yet."
                + " Send the same request again to wait for it or to get its answer.", queued.getMessage());
        assertTrue(queued.getMessage().contains("ogem-abc"));
        assertTrue(PendingException.batch("ogem-abc", "batch_1").getMessage().contains("batch_1"));
    }

    @Test
    void onlyAGatewayErrorRecordsWhereItWasMade() {
        IllegalStateException bug = new IllegalStateException("bug");
        GatewayException gateway = GatewayException.of("failed", bug);
        assertTrue(gateway.getStackTrace().length > 0, "a bug's trace is what the log needs");
        assertSame(bug, gateway.getCause());
        assertEquals(500, gateway.status());
        assertEquals("server_error", gateway.type());
        assertEquals(0, CallerException.invalid("bad", null).getStackTrace().length);
        assertEquals(0, QuotaException.exhausted("full", Duration.ofSeconds(1)).getStackTrace().length);
        assertEquals(0, PendingException.batch("ogem-abc", "").getStackTrace().length);
        ProviderException upstream = ProviderException.of(ProviderException.Kind.UNREACHABLE, "down", bug);
        assertEquals(0, upstream.getStackTrace().length);
        assertSame(bug, upstream.getCause(), "the upstream's own exception is kept as the cause");
    }

    @Test
    void providerNamesMapToKindsInOnePlace() {
        assertEquals(ProviderKind.VCLAUDE, ProviderKind.ofName("vclaude"));
        assertEquals(ProviderKind.CUSTOM, ProviderKind.ofName("my-llm"));
    }
}
