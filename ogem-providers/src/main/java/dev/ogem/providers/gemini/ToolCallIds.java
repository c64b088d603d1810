package dev.ogem.providers.gemini;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OpenAI tool-call ids for Gemini function calls, carrying the part's {@code thoughtSignature}.
 *
 * <p>OpenAI clients (the official SDKs included) keep a tool call's {@code id} verbatim and send it
 * back in the assistant turn and in the tool result, but drop fields they do not know. So the
 * signature rides inside the id: {@code <core>__thought__<signature as base64url>}, where
 * {@code core} is Gemini's {@code functionCall.id} when it sent one, else {@code call_} and 24 random
 * hex digits. The whole id stays within {@code [A-Za-z0-9_-]}, so other providers accept it too.
 */
final class ToolCallIds {

    private static final String MARK = "__thought__";
    private static final Pattern GENERATED = Pattern.compile("call_[0-9a-f]{24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ToolCallIds() {
    }

    /**
     * The OpenAI id for a function call part.
     *
     * @param upstreamId the part's {@code functionCall.id}, if any
     * @param signature  the part's {@code thoughtSignature} (standard base64), if any
     * @return the id
     */
    static String encode(Optional<String> upstreamId, Optional<String> signature) {
        String core = upstreamId.filter(id -> !id.isEmpty()).orElseGet(ToolCallIds::generate);
        return signature.filter(s -> !s.isEmpty())
                .map(s -> core + MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getDecoder().decode(s)))
                .orElse(core);
    }

    /**
     * A new id of the generated form.
     *
     * @return {@code call_} and 24 random hex digits
     */
    static String generate() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder("call_");
        for (byte b : bytes) {
            id.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return id.toString();
    }

    /**
     * The id Gemini gave the call, to echo in {@code functionCall.id} and {@code functionResponse.id}.
     *
     * @param openAiId the OpenAI tool-call id
     * @return Gemini's id, empty when ogem generated it (or another provider did)
     */
    static Optional<String> upstreamId(String openAiId) {
        String core = core(openAiId);
        return GENERATED.matcher(core).matches() || core.isEmpty() ? Optional.empty() : Optional.of(core);
    }

    /**
     * The signature carried by an id, in the standard base64 the API expects.
     *
     * @param openAiId the OpenAI tool-call id
     * @return the signature, if the id carries one
     */
    static Optional<String> signature(String openAiId) {
        int at = openAiId.indexOf(MARK);
        if (at < 0) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(openAiId.substring(at + MARK.length()));
            return Optional.of(Base64.getEncoder().encodeToString(raw));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    private static String core(String openAiId) {
        int at = openAiId.indexOf(MARK);
        return at < 0 ? openAiId : openAiId.substring(0, at);
    }
}
