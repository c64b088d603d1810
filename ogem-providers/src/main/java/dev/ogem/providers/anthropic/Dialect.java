package dev.ogem.providers.anthropic;

/**
 * What differs between the two hosts of the Messages API, as data.
 *
 * @param modelInBody       whether the body names the model (Vertex puts it in the URL)
 * @param bodyVersion       the {@code anthropic_version} body field, empty when a header carries it
 * @param nativeJsonSchema  whether {@code output_config.format} is accepted (Vertex rejects it)
 * @param urlImages         whether image {@code url} sources are accepted (Vertex needs inline data)
 */
record Dialect(boolean modelInBody, String bodyVersion, boolean nativeJsonSchema, boolean urlImages) {

    /** The Anthropic API itself. */
    static final Dialect DIRECT = new Dialect(true, "", true, true);

    /** Claude on Vertex AI ({@code rawPredict}). */
    static final Dialect VERTEX = new Dialect(false, AnthropicWire.VERTEX_VERSION, false, false);
}
