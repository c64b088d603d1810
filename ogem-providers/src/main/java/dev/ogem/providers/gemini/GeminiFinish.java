package dev.ogem.providers.gemini;

import java.util.Map;

/**
 * Gemini {@code finishReason} → OpenAI {@code finish_reason}, as data. A candidate that called
 * functions finishes with {@code tool_calls} whatever Gemini says (it says {@code STOP}).
 * {@code OTHER} counts as {@code content_filter} (as LiteLLM does); the tool-call failures
 * ({@code MALFORMED_FUNCTION_CALL} and kin) as {@code stop}; unknown values as {@code stop}.
 */
final class GeminiFinish {

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("STOP", "stop"),
            Map.entry("FINISH_REASON_UNSPECIFIED", "stop"),
            Map.entry("MAX_TOKENS", "length"),
            Map.entry("SAFETY", "content_filter"),
            Map.entry("RECITATION", "content_filter"),
            Map.entry("BLOCKLIST", "content_filter"),
            Map.entry("PROHIBITED_CONTENT", "content_filter"),
            Map.entry("SPII", "content_filter"),
            Map.entry("LANGUAGE", "content_filter"),
            Map.entry("IMAGE_SAFETY", "content_filter"),
            Map.entry("IMAGE_PROHIBITED_CONTENT", "content_filter"),
            Map.entry("IMAGE_RECITATION", "content_filter"),
            Map.entry("IMAGE_OTHER", "content_filter"),
            Map.entry("NO_IMAGE", "content_filter"),
            Map.entry("MODEL_ARMOR", "content_filter"),
            Map.entry("OTHER", "content_filter"),
            Map.entry("MALFORMED_FUNCTION_CALL", "stop"),
            Map.entry("UNEXPECTED_TOOL_CALL", "stop"),
            Map.entry("TOO_MANY_TOOL_CALLS", "stop"),
            Map.entry("MISSING_THOUGHT_SIGNATURE", "stop"),
            Map.entry("MALFORMED_RESPONSE", "stop"));

    /** What a prompt blocked by {@code promptFeedback.blockReason} finishes with. */
    static final String BLOCKED = "content_filter";

    private GeminiFinish() {
    }

    /**
     * The OpenAI finish reason.
     *
     * @param geminiReason   Gemini's value (empty when absent)
     * @param calledFunction whether the candidate produced functionCall parts
     * @return the OpenAI value
     */
    static String of(String geminiReason, boolean calledFunction) {
        String mapped = REASONS.getOrDefault(geminiReason, "stop");
        return calledFunction && mapped.equals("stop") ? "tool_calls" : mapped;
    }
}
