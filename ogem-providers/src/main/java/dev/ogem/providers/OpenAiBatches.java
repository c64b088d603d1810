package dev.ogem.providers;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.openai.OpenAiClients;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Files and Batches API of one OpenAI-protocol endpoint ({@code openai} or a custom provider), for
 * batch jobs of chat completions: upload a JSONL input file, create a batch over it, poll the batch, read
 * its result lines; list batches to find one whose creation answer was lost. It calls the endpoint with
 * the same base URL, key and HTTP client as its chat client;
 * the key never leaves it. Every failure is a {@link ProviderException} classified by status and error
 * code; messages never carry the key. Thread-safe; calls block.
 */
public interface OpenAiBatches {

    /** The endpoint of every line and batch: chat completions. */
    String CHAT_COMPLETIONS = "/v1/chat/completions";

    /**
     * The Batch API of an endpoint outside any catalog, on an HTTP client of its own with the default
     * timeouts of {@link ProviderSettings}.
     *
     * @param baseUrl the API base, such as {@code https://api.openai.com/v1}; {@code files} and {@code batches}
     *                are appended to it once, never a second {@code /v1}
     * @param apiKey  the bearer key; empty for a server that needs none
     * @return the API
     */
    static OpenAiBatches create(URI baseUrl, Optional<String> apiKey) {
        ProviderSettings defaults = ProviderSettings.builder().build();
        return OpenAiClients.batches(UpstreamHttp.create(defaults.connectTimeout(), defaults.readTimeout()),
                baseUrl, apiKey);
    }

    /**
     * Where the API is; it tells endpoints apart (job records name it, never the key).
     *
     * @return the base URL, as configured
     */
    URI baseUrl();

    /**
     * Uploads a JSONL input file ({@code POST {base}/files}, {@code purpose=batch}), streaming the lines
     * as they are.
     *
     * @param fileName the file name, such as {@code ogem-batch.jsonl}
     * @param lines    the lines, each without its newline
     * @return the file id
     */
    String upload(String fileName, List<byte[]> lines);

    /**
     * Creates a batch of chat completions over an uploaded file ({@code POST {base}/batches}, endpoint
     * {@value #CHAT_COMPLETIONS}, completion window 24 h), without metadata.
     *
     * @param inputFileId the uploaded file
     * @return the new batch
     */
    default Job createBatch(String inputFileId) {
        return createBatch(inputFileId, Map.of());
    }

    /**
     * Creates a batch of chat completions over an uploaded file ({@code POST {base}/batches}, endpoint
     * {@value #CHAT_COMPLETIONS}, completion window 24 h) carrying {@code metadata}, which the upstream
     * keeps and shows in every answer about the batch, lists included: a way to find a batch whose
     * creation answer was lost.
     *
     * @param inputFileId the uploaded file
     * @param metadata    at most 16 pairs, keys of at most 64 characters, values of at most 512; empty
     *                    sends none
     * @return the new batch
     * @throws IllegalArgumentException when the metadata breaks those bounds
     */
    Job createBatch(String inputFileId, Map<String, String> metadata);

    /**
     * Lists the organisation's batches, newest first ({@code GET {base}/batches?limit=…&after=…}).
     *
     * @param after the id of the last batch of the previous page; empty for the first page
     * @param limit batches per page, 1 to 100
     * @return one page
     * @throws IllegalArgumentException when the limit is out of range
     */
    Page batches(Optional<String> after, int limit);

    /**
     * Retrieves a batch ({@code GET {base}/batches/{id}}).
     *
     * @param batchId the batch
     * @return the batch as it is now
     */
    Job batch(String batchId);

    /**
     * Reads an output or error file ({@code GET {base}/files/{id}/content}) and hands over each result
     * line as it arrives.
     *
     * @param fileId the file
     * @param each   receives every line that names its {@code custom_id}
     * @return how many lines could not be read or named no {@code custom_id}
     */
    int results(String fileId, Consumer<Result> each);

    /**
     * What a batch is now.
     *
     * @param id           the batch id
     * @param state        its status
     * @param outputFileId the file of successful lines, once it ended (a batch that expired or was
     *                     cancelled may have one with the lines done before)
     * @param errorFileId  the file of failed lines, if any failed
     * @param errors       the first of {@code errors.data[]} as {@code code: message}, empty when none
     * @param inputFileId  the file it runs over, empty when the answer did not say
     * @param metadata     the metadata it was created with
     * @param createdAt    when it was created, {@link Instant#EPOCH} when the answer did not say
     */
    record Job(String id, State state, Optional<String> outputFileId, Optional<String> errorFileId, String errors,
               String inputFileId, Map<String, String> metadata, Instant createdAt) {
        /** Checks for nulls and copies the metadata. */
        public Job {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(outputFileId, "outputFileId");
            Objects.requireNonNull(errorFileId, "errorFileId");
            Objects.requireNonNull(errors, "errors");
            Objects.requireNonNull(inputFileId, "inputFileId");
            metadata = Map.copyOf(metadata);
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /**
     * One page of a batch list.
     *
     * @param data    its batches, newest first
     * @param hasMore whether older batches follow
     */
    record Page(List<Job> data, boolean hasMore) {
        /** Copies the list. */
        public Page {
            data = List.copyOf(data);
        }

        /**
         * The cursor of the next page.
         *
         * @return the id of this page's last batch, empty when the page is empty
         */
        public Optional<String> lastId() {
            return data.isEmpty() ? Optional.empty() : Optional.of(data.getLast().id());
        }
    }

    /** The {@code status} of a batch. */
    enum State {
        /** Input file being validated. */
        VALIDATING("validating"),
        /** Running. */
        IN_PROGRESS("in_progress"),
        /** Results being written. */
        FINALIZING("finalizing"),
        /** Done; output and error files are ready. */
        COMPLETED("completed"),
        /** Rejected, such as an invalid input file. */
        FAILED("failed"),
        /** Not done within the completion window. */
        EXPIRED("expired"),
        /** Being cancelled. */
        CANCELLING("cancelling"),
        /** Cancelled. */
        CANCELLED("cancelled"),
        /** A status this client does not know: to be polled on, as if still running. */
        UNKNOWN("unknown");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        /**
         * The state of a wire status.
         *
         * @param status such as {@code in_progress}
         * @return the state, {@link #UNKNOWN} for anything else
         */
        public static State of(String status) {
            return Arrays.stream(values()).filter(s -> s.wire.equals(status)).findFirst().orElse(UNKNOWN);
        }

        /**
         * The wire name.
         *
         * @return such as {@code in_progress}
         */
        public String wire() {
            return wire;
        }

        /**
         * Whether the batch has ended.
         *
         * @return {@code true} for completed, failed, expired and cancelled
         */
        public boolean terminal() {
            return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
        }
    }

    /**
     * One line of an output or error file: the answer of the request named {@code customId}, or its error.
     *
     * @param customId the request's {@code custom_id}
     * @param answer   its chat completion, when it succeeded
     * @param error    its error, when it failed (a non-200 answer or a line {@code error})
     */
    record Result(String customId, Optional<ChatResponse> answer, Optional<ProviderException> error) {
        /** Checks that exactly one of answer and error is there. */
        public Result {
            Objects.requireNonNull(customId, "customId");
            if (answer.isPresent() == error.isPresent()) {
                throw new IllegalArgumentException("a result has an answer or an error");
            }
        }
    }
}
