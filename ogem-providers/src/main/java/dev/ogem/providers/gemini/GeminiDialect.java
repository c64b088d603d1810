package dev.ogem.providers.gemini;

/** The two hosts of the generateContent protocol; they differ in auth, URLs and image URLs. */
enum GeminiDialect {
    /** Gemini API (AI Studio): an API key, and images must travel inline. */
    STUDIO,
    /** Gemini on Vertex AI: OAuth2, and {@code https}/{@code gs} images of a known type go as fileData. */
    VERTEX
}
