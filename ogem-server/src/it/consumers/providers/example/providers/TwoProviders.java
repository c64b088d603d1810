package example.providers;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.Providers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Asks Claude and Gemini the same OpenAI-shaped question. */
public final class TwoProviders {

    private TwoProviders() {
    }

    /**
     * Prints each endpoint's OpenAI-shaped answer as JSON, one line each.
     *
     * @param args none; keys come from {@code CLAUDE_API_KEY} and {@code GENAI_STUDIO_API_KEY}
     * @throws Exception when JSON cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        // README:begin
        Catalog catalog = new Catalog(List.of(
                provider("claude", ProviderKind.CLAUDE, "claude-sonnet-4-5"),
                provider("studio", ProviderKind.STUDIO, "gemini-2.5-flash")), Duration.ZERO, Duration.ZERO);
        Providers providers = Providers.create(catalog, ProviderSettings.builder()
                .apiKey("claude", System.getenv("CLAUDE_API_KEY"))
                .apiKey("studio", System.getenv("GENAI_STUDIO_API_KEY")).build());
        ChatRequest question = OpenAiJson.read("""
                {"model": "", "max_tokens": 100, "messages": [
                  {"role": "system", "content": "Answer in one word."},
                  {"role": "user", "content": "What is the capital of France?"}]}""", ChatRequest.class);
        for (Endpoint endpoint : catalog.endpoints().toList()) {
            String model = endpoint.region().models().getFirst().name();
            ChatResponse answer = providers.client(endpoint).complete(question.withModel(model));
            System.out.println(endpoint.label() + " " + OpenAiJson.writeString(answer));
        }
        // README:end
    }

    // README:begin
    /** One provider, one region named after it, one model; CLAUDE_BASE_URL etc. replace the public API. */
    static ProviderSpec provider(String name, ProviderKind kind, String model) {
        Optional<URI> baseUrl = Optional.ofNullable(System.getenv(name.toUpperCase() + "_BASE_URL")).map(URI::create);
        return new ProviderSpec(name, kind, baseUrl, Optional.empty(),
                List.of(new RegionSpec(name, List.of(new ModelSpec(model, List.of(), model, 0, 0)))));
    }
    // README:end
}
