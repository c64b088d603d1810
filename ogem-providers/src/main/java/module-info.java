/**
 * Upstream wire protocols behind one {@link dev.ogem.providers.Providers} interface: each endpoint
 * of the catalog gets an {@link dev.ogem.api.LlmClient} speaking its provider's protocol, and each
 * OpenAI-protocol endpoint its Files and Batches API ({@link dev.ogem.providers.OpenAiBatches}).
 * One non-exported package per protocol; the HTTP and SSE plumbing is shared and internal.
 */
module dev.ogem.providers {
    requires transitive dev.ogem.api;
    requires io.helidon.webclient;
    requires io.helidon.webclient.http1;
    requires java.logging;
    requires com.google.auth.oauth2;
    requires com.google.auth;
    requires com.google.gson;
    requires com.google.common;

    exports dev.ogem.providers;
}
