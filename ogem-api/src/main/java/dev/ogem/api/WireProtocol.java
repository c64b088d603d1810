package dev.ogem.api;

/**
 * A wire protocol besides OpenAI's that callers may speak to ogem and that some upstreams speak
 * natively, so that a request in it can go through to them untranslated ({@link NativeRequest}).
 */
public enum WireProtocol {
    /** Anthropic's Messages API ({@code POST /v1/messages}). */
    ANTHROPIC_MESSAGES
}
