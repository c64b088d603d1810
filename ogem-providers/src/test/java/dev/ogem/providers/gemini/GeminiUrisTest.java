package dev.ogem.providers.gemini;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every Vertex AI location form and the AI Studio model forms. */
class GeminiUrisTest {

    @Test
    void vertexHostsByLocation() {
        assertEquals("https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/"
                + "gemini-2.5-flash:generateContent",
                GeminiUris.vertex(Optional.empty(), "p", "us-central1", "gemini-2.5-flash").generate().toString());
        assertEquals("https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/m:"
                + "streamGenerateContent?alt=sse", GeminiUris.vertex(Optional.empty(), "p", "global", "m").stream().toString());
        assertEquals("https://aiplatform.eu.rep.googleapis.com/v1/projects/p/locations/eu/publishers/google/models/m:generateContent",
                GeminiUris.vertex(Optional.empty(), "p", "eu", "m").generate().toString());
        assertEquals("https://aiplatform.us.rep.googleapis.com", GeminiUris.vertexHost("us"));
    }

    @Test
    void fineTunedEndpointsUseTheirOwnNameAndLocation() {
        assertEquals("https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/endpoints/123:generateContent",
                GeminiUris.vertex(Optional.empty(), "other", "us-central1", "projects/p/locations/europe-west4/endpoints/123")
                        .generate().toString());
        assertEquals("http://proxy:8080/v1/projects/p/locations/global/endpoints/9:streamGenerateContent?alt=sse",
                GeminiUris.vertex(Optional.of(URI.create("http://proxy:8080/")), "p", "global",
                        "projects/p/locations/global/endpoints/9").stream().toString());
    }

    @Test
    void studioAcceptsBothModelForms() {
        URI base = GeminiUris.STUDIO_BASE;
        assertEquals("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
                GeminiUris.studio(base, "gemini-2.5-flash").generate().toString());
        assertEquals("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
                GeminiUris.studio(base, "models/gemini-2.5-flash").stream().toString());
    }
}
