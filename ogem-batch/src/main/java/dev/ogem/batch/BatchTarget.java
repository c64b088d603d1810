package dev.ogem.batch;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@code @batch} request goes: an OpenAI-protocol endpoint and the model to ask for there.
 * Requests for different targets never share a batch (a batch input file names one model).
 *
 * @param baseUrl the API base, such as {@code https://api.openai.com/v1}; {@code files} and
 *                {@code batches} are appended to it once, never a second {@code /v1}
 * @param apiKey  the bearer key, empty for a server that needs none; never logged or stored
 * @param model   the model name to send, without the {@code @batch} suffix
 */
public record BatchTarget(URI baseUrl, Optional<String> apiKey, String model) {
    /** The suffix that marks a batch model name. */
    public static final String SUFFIX = "@batch";

    /**
     * Checks the components.
     */
    public BatchTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        if (model.isBlank() || model.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("model must be a name without " + SUFFIX + ": '" + model + "'");
        }
        if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + baseUrl);
        }
    }

    /**
     * The model name without its {@code @batch} suffix.
     *
     * @param model a name such as {@code gpt-4o@batch}
     * @return {@code gpt-4o}, or the name itself when it has no suffix
     */
    public static String stripSuffix(String model) {
        return model.endsWith(SUFFIX) ? model.substring(0, model.length() - SUFFIX.length()) : model;
    }

    /**
     * Whether a model name asks for the batch path.
     *
     * @param model a requested model name
     * @return {@code true} when it ends with {@code @batch}
     */
    public static boolean isBatch(String model) {
        return model.endsWith(SUFFIX) && model.length() > SUFFIX.length();
    }

    @Override
    public String toString() {
        return "BatchTarget[" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey.isPresent() ? "***" : "-") + "]";
    }
}
