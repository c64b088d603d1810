package dev.ogem.server.metrics;

/**
 * How a completion ended, the {@code outcome} label of {@code ogem_completion_duration_seconds}.
 */
public enum CompletionOutcome {
    /** Answered in full: a JSON answer, or a stream that reached its end. */
    OK("ok"),
    /** Answered with an error: an error body, or a stream that ended in an error event. */
    ERROR("error"),
    /** The client closed the connection before the stream ended; nobody was there to answer. */
    CLIENT_CLOSED("client_closed");

    private final String label;

    CompletionOutcome(String label) {
        this.label = label;
    }

    /**
     * The label value.
     *
     * @return such as {@code ok}
     */
    public String label() {
        return label;
    }
}
