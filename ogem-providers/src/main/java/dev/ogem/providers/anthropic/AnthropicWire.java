package dev.ogem.providers.anthropic;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * The constants and rename tables of the Anthropic Messages wire: versions, the finish-reason,
 * tool-choice, error and reasoning-effort tables, and the per-model output limits.
 *
 * <p>Every plain rename or clamp of the translation is a row of a table here, not an {@code if}.
 */
final class AnthropicWire {

    /** The {@code anthropic-version} header of the direct API. */
    static final String API_VERSION = "2023-06-01";

    /** The {@code anthropic_version} body field Claude on Vertex AI requires. */
    static final String VERTEX_VERSION = "vertex-2023-10-16";

    /** The synthetic tool that carries JSON-mode answers (the name LiteLLM uses too). */
    static final String JSON_TOOL = "json_tool_call";

    /** The output limit used when neither the request nor {@link #MAX_OUTPUT} gives one. */
    static final int FALLBACK_MAX_TOKENS = 4096;

    /** The smallest thinking budget Anthropic accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    /** Anthropic {@code stop_reason} → OpenAI {@code finish_reason}; unknown values become {@code stop}. */
    static final Map<String, String> FINISH_REASONS = Map.of(
            "end_turn", "stop",
            "stop_sequence", "stop",
            "max_tokens", "length",
            "tool_use", "tool_calls",
            "pause_turn", "stop",
            "refusal", "content_filter",
            "compaction", "length",
            "model_context_window_exceeded", "length");

    /** OpenAI {@code tool_choice} mode → Anthropic {@code tool_choice.type}. */
    static final Map<String, String> TOOL_CHOICES = Map.of(
            "auto", "auto",
            "none", "none",
            "required", "any",
            "function", "tool");

    /** OpenAI message role → the Anthropic side it belongs to ({@code system} goes to the top level). */
    static final Map<String, String> SIDES = Map.of(
            "system", "system",
            "developer", "system",
            "user", "user",
            "tool", "user",
            "function", "user",
            "assistant", "assistant");

    /**
     * OpenAI {@code reasoning_effort} → thinking {@code budget_tokens} (LiteLLM's budgets); {@code none}
     * (0) sends no {@code thinking}. The budget is lowered to fit below {@code max_tokens}.
     */
    static final Map<String, Integer> THINKING_BUDGETS = Map.of(
            "none", 0,
            "minimal", 1024,
            "low", 1024,
            "medium", 2048,
            "high", 4096,
            "xhigh", 8192);

    /** The image media types Anthropic accepts in a base64 source. */
    static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    /** The document media type a {@code file} part may carry. */
    static final String PDF = "application/pdf";

    /**
     * Largest output per model family, matched by the longest prefix of the model id (so Vertex's
     * {@code claude-3-5-haiku@20241022} matches too); the default {@code max_tokens} when the caller sets none.
     */
    static final Map<String, Integer> MAX_OUTPUT = Map.ofEntries(
            Map.entry("claude-3-haiku", 4096),
            Map.entry("claude-3-opus", 4096),
            Map.entry("claude-3-5-haiku", 8192),
            Map.entry("claude-3-5-sonnet", 8192),
            Map.entry("claude-3-7-sonnet", 64000),
            Map.entry("claude-sonnet-4", 64000),
            Map.entry("claude-haiku-4", 64000),
            Map.entry("claude-opus-4", 32000),
            Map.entry("claude-opus-4-5", 64000),
            Map.entry("claude-opus-4-6", 64000));

    /**
     * Anthropic error {@code type} → the OpenAI error {@code code} ogem reports.
     */
    static final Map<String, String> ERROR_CODES = Map.of(
            "overloaded_error", "overloaded",
            "rate_limit_error", "rate_limit_exceeded",
            "request_too_large", "request_too_large",
            "timeout_error", "upstream_timeout");

    private AnthropicWire() {
    }

    /**
     * The default output limit of a model: its family's maximum, else {@link #FALLBACK_MAX_TOKENS}.
     *
     * @param model the model id
     * @return the limit
     */
    static int defaultMaxTokens(String model) {
        return MAX_OUTPUT.entrySet().stream()
                .filter(e -> model.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(FALLBACK_MAX_TOKENS);
    }

    /**
     * The OpenAI finish reason of an Anthropic stop reason.
     *
     * @param stopReason the stop reason, possibly empty
     * @return the finish reason
     */
    static String finishReason(String stopReason) {
        return FINISH_REASONS.getOrDefault(stopReason, "stop");
    }
}
