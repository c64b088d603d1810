package example.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.Providers;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Asks for Claude, falling back to Gemini, under per-model rpm and tpm limits. */
public final class Fallback {

    private Fallback() {
    }

    /**
     * Prints which endpoint answered and what it said.
     *
     * @param args none; keys come from {@code CLAUDE_API_KEY} and {@code GENAI_STUDIO_API_KEY}
     * @throws Exception when JSON cannot be read
     */
    public static void main(String[] args) throws Exception {
        // README:begin
        Catalog catalog = new Catalog(List.of(
                provider("claude", ProviderKind.CLAUDE, "claude-sonnet-4-5"),
                provider("studio", ProviderKind.STUDIO, "gemini-2.5-flash")),
                Duration.ofSeconds(5), Duration.ZERO); // wait up to 5 s for quota; no latency pings
        Providers providers = Providers.create(catalog, ProviderSettings.builder()
                .apiKey("claude", System.getenv("CLAUDE_API_KEY"))
                .apiKey("studio", System.getenv("GENAI_STUDIO_API_KEY")).build());
        try (Router router = Router.create(catalog, providers::client)) { // in-memory quota and cache
            ChatRequest question = OpenAiJson.read("""
                    {"model": "claude-sonnet-4-5,gemini-2.5-flash", "max_tokens": 100,
                     "messages": [{"role": "user", "content": "What is the capital of France?"}]}""",
                    ChatRequest.class);
            Routed<ChatResponse> answer = router.complete(question, RouteOptions.DEFAULT);
            System.out.println(answer.route() + " " + answer.value().choices().getFirst().message().text());
        }
        // README:end
    }

    // README:begin
    /** One provider, one region named after it, one model at 60 rpm and 100k tpm. */
    static ProviderSpec provider(String name, ProviderKind kind, String model) {
        Optional<URI> baseUrl = Optional.ofNullable(System.getenv(name.toUpperCase() + "_BASE_URL")).map(URI::create);
        return new ProviderSpec(name, kind, baseUrl, Optional.empty(),
                List.of(new RegionSpec(name, List.of(new ModelSpec(model, List.of(), model, 60, 100_000)))));
    }
    // README:end
}
