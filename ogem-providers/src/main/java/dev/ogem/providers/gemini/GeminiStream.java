package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.ToolCall;
import dev.ogem.api.Usage;
import dev.ogem.providers.http.SseEvent;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Gemini {@code streamGenerateContent?alt=sse} frames → OpenAI chunks, translated one frame at a
 * time as it arrives. Per candidate: a first chunk with the role, then text
 * ({@code content}), thoughts ({@code reasoning_content}) and complete tool calls (one delta each,
 * numbered across the stream), then the finish chunk ({@code tool_calls} when a function was called,
 * whatever Gemini says). The usage chunk ({@code choices: []}, the last {@code usageMetadata}, which is
 * cumulative) ends the stream when the caller asked for it. An {@code error} frame is thrown. Frames that
 * yield no chunk count against the stream's idle limit. A body that ends before every candidate it began
 * had its {@code finishReason} was cut off: that is an error, never a made-up {@code stop}.
 */
final class GeminiStream implements ChunkStream {

    private final UpstreamEvents events;
    private final UpstreamCall call;
    private final String requestedModel;
    private final boolean includeUsage;
    private final long created;
    private final ArrayDeque<ChatChunk> ready = new ArrayDeque<>();
    private final Map<Integer, CandidateState> candidates = new TreeMap<>();
    private String id;
    private String model;
    private Optional<Usage> usage = Optional.empty();
    private boolean ended;

    /**
     * A stream over an SSE body.
     *
     * @param events         the upstream's events
     * @param call           the provider, and the model asked for (reported when the frames name none)
     * @param includeUsage   whether to end with a usage chunk
     * @param created        the chunks' creation time in Unix seconds
     */
    GeminiStream(UpstreamEvents events, UpstreamCall call, boolean includeUsage, long created) {
        this.events = events;
        this.call = call;
        this.requestedModel = call.model();
        this.includeUsage = includeUsage;
        this.created = created;
    }

    @Override
    public Optional<StreamChunk> next() {
        try {
            while (ready.isEmpty() && !ended) {
                Optional<SseEvent> event = events.next();
                if (event.isEmpty()) {
                    end();
                } else {
                    translate(OpenAiJson.readTree(event.get().bytes()));
                }
            }
        } catch (ProviderException e) {
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            close();
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The Gemini stream sent an unreadable event.", e);
        }
        if (ready.isEmpty()) {
            close();
            return Optional.empty();
        }
        events.delivered();
        return Optional.of(StreamChunk.of(ready.poll()));
    }

    private void translate(JsonNode frame) {
        if (!frame.isObject()) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The Gemini stream sent a frame that is not a JSON object.");
        }
        if (frame.has("error")) {
            throw GeminiErrors.classify(200, frame.get("error"), Optional.empty(), call);
        }
        if (id == null) {
            id = GeminiResponses.id(frame);
            model = GeminiResponses.model(frame, requestedModel);
        }
        if (frame.has("usageMetadata")) {
            usage = GeminiUsage.from(frame.get("usageMetadata"));
        }
        for (JsonNode candidate : frame.path("candidates")) {
            CandidateState state = started(candidate.path("index").asInt(0));
            for (JsonNode part : candidate.path("content").path("parts")) {
                part(state, part);
            }
            if (candidate.hasNonNull("finishReason") && !state.finished) {
                finish(state, GeminiFinish.of(candidate.get("finishReason").asText(), state.toolCalls > 0));
            }
        }
        if (frame.path("candidates").isEmpty() && frame.path("promptFeedback").has("blockReason")) {
            finish(started(0), GeminiFinish.BLOCKED);
        }
    }

    private void part(CandidateState state, JsonNode part) {
        if (part.has("functionCall")) {
            ToolCall delta = GeminiResponses.toolCall(part).atIndex(state.toolCalls++);
            emit(ChatChunk.Choice.of(state.index, ChatChunk.Delta.toolCall(delta)));
            return;
        }
        String text = part.path("text").asText("");
        if (text.isEmpty()) {
            return;
        }
        if (part.path("thought").asBoolean(false)) {
            emit(ChatChunk.Choice.of(state.index, ChatChunk.Delta.extra("reasoning_content", TextNode.valueOf(text))));
        } else {
            emit(ChatChunk.Choice.of(state.index, ChatChunk.Delta.content(text)));
        }
    }

    private CandidateState started(int index) {
        CandidateState state = candidates.get(index);
        if (state == null) {
            state = new CandidateState(index);
            candidates.put(index, state);
            emit(ChatChunk.Choice.of(index, ChatChunk.Delta.start()));
        }
        return state;
    }

    private void finish(CandidateState state, String reason) {
        state.finished = true;
        emit(ChatChunk.Choice.finish(state.index, reason));
    }

    /** The body ended: a whole answer has a finish reason for every candidate; anything less was cut off. */
    private void end() {
        ended = true;
        if (candidates.isEmpty() || candidates.values().stream().anyMatch(s -> !s.finished)) {
            throw UpstreamEvents.cutOff("Gemini", "every candidate had its finishReason");
        }
        if (includeUsage && usage.isPresent()) {
            ready.add(ChatChunk.ofUsage(id(), created, model(), usage.get()));
        }
    }

    private void emit(ChatChunk.Choice choice) {
        ready.add(ChatChunk.of(id(), created, model(), List.of(choice)));
    }

    private String id() {
        if (id == null) {
            id = GeminiResponses.id(MissingNode.getInstance());
        }
        return id;
    }

    private String model() {
        return model == null ? requestedModel : model;
    }

    @Override
    public void close() {
        events.close();
    }

    /** What has been sent for one candidate. */
    private static final class CandidateState {
        private final int index;
        private int toolCalls;
        private boolean finished;

        CandidateState(int index) {
            this.index = index;
        }
    }
}
