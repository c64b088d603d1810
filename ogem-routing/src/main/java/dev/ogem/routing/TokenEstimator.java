package dev.ogem.routing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ContentPart;
import dev.ogem.api.EmbeddingInput;
import dev.ogem.api.Message;
import dev.ogem.api.MessageContent;
import dev.ogem.api.OpenAiJson;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Estimates the tokens a request will use, for admission against tpm.
 *
 * <p>Prompt: the text of every message (role, name, content text, tool calls as JSON) plus the tool
 * definitions as JSON, plus {@value #PER_MESSAGE} tokens per message and {@value #REPLY_PRIMING} for the
 * reply (OpenAI's own accounting), plus {@value #PER_IMAGE} per image part (a high-detail 512 px tile).
 * OpenAI models are counted with their real tokenizer: {@code o200k_base} for gpt-4o, gpt-4.1, gpt-4.5,
 * gpt-5, chatgpt-4o and the o-series; {@code cl100k_base} for gpt-4 and gpt-3.5. Every other model is
 * estimated as one token per four characters, rounded up. Output: {@code max_completion_tokens}, else
 * {@code max_tokens}, else the router's default budget.
 *
 * <p>Embeddings have no output: each text is counted as above (OpenAI's {@code text-embedding-3} and
 * {@code ada-002} models with {@code cl100k_base}), each token array by its length.
 */
final class TokenEstimator {

    static final int PER_MESSAGE = 4;
    static final int REPLY_PRIMING = 3;
    static final int PER_IMAGE = 765;

    private static final Pattern O200K = Pattern.compile("^(gpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|chatgpt-4o|o[1-9])");
    private static final Pattern CL100K = Pattern.compile("^(gpt-4|gpt-3\\.5|text-embedding-3|text-embedding-ada)");
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final int defaultOutputTokens;

    TokenEstimator(int defaultOutputTokens) {
        this.defaultOutputTokens = defaultOutputTokens;
    }

    /**
     * Tokens to reserve: the prompt estimate plus the output budget.
     *
     * @param request the request
     * @param model   the canonical model name it goes to
     * @return the tokens
     */
    long reservation(ChatRequest request, String model) {
        return prompt(request, model) + request.outputLimit().map(Integer::longValue).orElse((long) defaultOutputTokens);
    }

    /**
     * The prompt estimate.
     *
     * @param request the request
     * @param model   the canonical model name
     * @return the tokens
     */
    long prompt(ChatRequest request, String model) {
        Optional<Encoding> encoding = encodingFor(model);
        long tokens = REPLY_PRIMING;
        StringBuilder text = new StringBuilder();
        for (Message message : request.messages()) {
            tokens += PER_MESSAGE + images(message) * (long) PER_IMAGE;
            text.append(message.role()).append('\n');
            message.name().ifPresent(n -> text.append(n).append('\n'));
            text.append(message.text()).append('\n');
            if (!message.toolCalls().isEmpty()) {
                text.append(OpenAiJson.writeString(message.toolCalls())).append('\n');
            }
        }
        if (!request.tools().isEmpty()) {
            text.append(OpenAiJson.writeString(request.tools()));
        }
        return tokens + count(encoding, text.toString());
    }

    /**
     * The input tokens of an embeddings request.
     *
     * @param input the input
     * @param model the canonical model name
     * @return the tokens
     */
    long embedding(EmbeddingInput input, String model) {
        return switch (input) {
            case EmbeddingInput.Texts texts -> {
                Optional<Encoding> encoding = encodingFor(model);
                yield texts.texts().stream().mapToLong(text -> count(encoding, text)).sum();
            }
            case EmbeddingInput.Tokens tokens -> tokens.tokens().stream().mapToLong(List::size).sum();
        };
    }

    static Optional<Encoding> encodingFor(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        if (O200K.matcher(name).find()) {
            return Optional.of(REGISTRY.getEncoding(EncodingType.O200K_BASE));
        }
        if (CL100K.matcher(name).find()) {
            return Optional.of(REGISTRY.getEncoding(EncodingType.CL100K_BASE));
        }
        return Optional.empty();
    }

    private static long count(Optional<Encoding> encoding, String text) {
        return encoding.map(e -> (long) e.countTokensOrdinary(text)).orElse((text.length() + 3L) / 4);
    }

    private static long images(Message message) {
        return message.content()
                .filter(MessageContent.Parts.class::isInstance)
                .map(c -> c.parts().stream().map(ContentPart::type).filter("image_url"::equals).count())
                .orElse(0L);
    }
}
