package dev.ogem.batch.wire;

import java.util.Arrays;

/** The {@code status} of an OpenAI Batch object, and what it means for the callers waiting on it. */
public enum BatchState {
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
    /** A status this gateway does not know: kept polling, as if still running. */
    UNKNOWN("unknown");

    private final String wire;

    BatchState(String wire) {
        this.wire = wire;
    }

    /**
     * The state of a wire status.
     *
     * @param status such as {@code in_progress}
     * @return the state, {@link #UNKNOWN} for anything else
     */
    public static BatchState of(String status) {
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
     * Whether polling ends here.
     *
     * @return {@code true} for completed, failed, expired and cancelled
     */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }
}
