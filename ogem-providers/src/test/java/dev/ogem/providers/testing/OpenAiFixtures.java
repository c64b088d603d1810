package dev.ogem.providers.testing;

/** Small OpenAI-protocol bodies for fake upstreams. */
public final class OpenAiFixtures {

    private OpenAiFixtures() {
    }

    /**
     * A completion answering with a text.
     *
     * @param model the model name to report
     * @param text  the answer
     * @return the JSON body
     */
    public static String completion(String model, String text) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
                """.formatted(model, text);
    }

    /**
     * A stream chunk carrying a piece of text.
     *
     * @param text the piece
     * @return the JSON chunk
     */
    public static String chunk(String text) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"content":"%s"},"finish_reason":null}]}"""
                .formatted(text);
    }

    /**
     * The last chunk of a choice.
     *
     * @param reason the finish reason
     * @return the JSON chunk
     */
    public static String finish(String reason) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"%s"}]}"""
                .formatted(reason);
    }

    /**
     * An OpenAI error body.
     *
     * @param message the message
     * @param type    the type
     * @param code    the code
     * @return the JSON body
     */
    public static String error(String message, String type, String code) {
        return """
                {"error":{"message":"%s","type":"%s","param":null,"code":"%s"}}""".formatted(message, type, code);
    }
}
