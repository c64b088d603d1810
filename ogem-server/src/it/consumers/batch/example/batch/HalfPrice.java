package example.batch;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateStore;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends two questions as one OpenAI batch job and prints each caller's own answer. */
public final class HalfPrice {

    private HalfPrice() {
    }

    /**
     * Prints each question and its answer.
     *
     * @param args none; {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY} say where the Batch API is
     * @throws Exception when JSON cannot be read or a caller fails
     */
    public static void main(String[] args) throws Exception {
        // README:begin
        URI baseUrl = URI.create(System.getenv("OPENAI_BASE_URL")); // https://api.openai.com/v1
        OpenAiBatches openAi = OpenAiBatches.create(baseUrl, Optional.ofNullable(System.getenv("OPENAI_API_KEY")));
        BatchTarget target = new BatchTarget(openAi.baseUrl(), "gpt-4o-mini");
        BatchSettings settings = BatchSettings.builder().flushAfter(Duration.ofSeconds(1)).build(); // default 10 s
        try (StateStore store = StateStore.inMemory(InstantSource.system()); // job records (Valkey: resumable)
             BatchQueue queue = BatchQueue.create(store, List.of(openAi), settings);
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChatResponse>> answers = new ArrayList<>();
            for (String question : List.of("Name a colour.", "Name a fruit.")) {
                ChatRequest request = OpenAiJson.read("""
                        {"model": "", "messages": [{"role": "user", "content": "%s"}]}""".formatted(question),
                        ChatRequest.class);
                answers.add(callers.submit(() -> queue.submit(target, request, Duration.ofMinutes(10)))); // blocks
            }
            for (Future<ChatResponse> answer : answers) {
                System.out.println(answer.get().choices().getFirst().message().text());
            }
        }
        // README:end
    }
}
