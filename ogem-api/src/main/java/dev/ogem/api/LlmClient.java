package dev.ogem.api;

/**
 * Anything that answers OpenAI Chat Completions (and, where the upstream has them, embeddings) requests:
 * one upstream endpoint, or the router in front of all of them. Calls block; run them on virtual threads.
 */
public interface LlmClient {

    /**
     * Answers a request in one piece.
     *
     * @param request the request, its model already the name the callee expects
     * @return the completion
     * @throws OgemException on any failure, classified by whose fault it is
     */
    ChatResponse complete(ChatRequest request);

    /**
     * Answers a request in one piece, as the bytes the upstream sent when it speaks OpenAI's protocol (so
     * that a relay passes them on without parsing and writing them again), else as the record
     * {@link #complete} builds. A client that translates keeps this default.
     *
     * @param request the request, its model already the name the callee expects
     * @return the completion, its usage known
     * @throws OgemException on any failure, classified by whose fault it is
     */
    default ChatAnswer answer(ChatRequest request) {
        return ChatAnswer.of(complete(request));
    }

    /**
     * Answers a request as a stream of chunks. Closing the stream aborts the upstream call.
     *
     * @param request the request, its model already the name the callee expects
     * @return the open stream
     * @throws OgemException when the stream cannot be opened
     */
    ChunkStream stream(ChatRequest request);

    /**
     * Embeds the input. A client whose upstream has no embeddings API keeps this default, which refuses.
     *
     * @param request the request, its model already the name the callee expects
     * @return the embeddings, one per input item
     * @throws OgemException on any failure; by default a {@link CallerException} (400)
     */
    default EmbeddingResponse embed(EmbeddingRequest request) {
        throw CallerException.invalid("The model '" + request.model() + "' is served by an upstream that has no"
                + " embeddings API.", "model");
    }
}
