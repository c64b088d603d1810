package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.OgemException;
import dev.ogem.api.ProviderException;
import dev.ogem.api.QuotaException;
import dev.ogem.quota.Admission;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a request found no endpoint so far, collected over every attempt, and the one error that
 * explains it best when nothing is left: quota first (the caller learns when to retry), then the
 * last upstream failure, then endpoints left out for refusing the gateway's credentials or model id (a
 * 502 naming the provider), then open circuits, then a request too large for any tpm, then the deadline.
 */
final class Misses {

    private final String model;
    private Optional<Duration> quotaWait = Optional.empty();
    private Optional<Duration> roundWait = Optional.empty();
    private Optional<Duration> circuitWait = Optional.empty();
    private Optional<ProviderException> lastFailure = Optional.empty();
    private Optional<ProviderException> refusal = Optional.empty();
    private Optional<Admission.TooLarge> tooLarge = Optional.empty();
    private boolean deadlinePassed;
    private boolean contextWindow;

    Misses(String model) {
        this.model = model;
    }

    /** Starts a new round over an entry's candidates. */
    void newRound() {
        roundWait = Optional.empty();
    }

    /** A candidate is throttled (ogem's own quota, or an upstream limit) for {@code wait}. */
    void throttled(Duration wait) {
        quotaWait = shorter(quotaWait, wait);
        roundWait = shorter(roundWait, wait);
    }

    void circuitOpen(Duration wait) {
        circuitWait = shorter(circuitWait, wait);
    }

    /**
     * A candidate left out because its endpoint recently refused the gateway's credentials or model id.
     *
     * @param why the error that says so, naming the provider
     */
    void refused(ProviderException why) {
        refusal = Optional.of(why);
    }

    void failed(ProviderException e) {
        lastFailure = Optional.of(e);
        contextWindow = e.kind() == ProviderException.Kind.CONTEXT_WINDOW_EXCEEDED;
    }

    /** Whether the last failure said the prompt does not fit the model: the chain's next entry may fit it. */
    boolean contextWindow() {
        return contextWindow;
    }

    void tooLarge(Admission.TooLarge refusal) {
        if (tooLarge.isEmpty() || tooLarge.get().tpm() < refusal.tpm()) {
            tooLarge = Optional.of(refusal);
        }
    }

    void deadlinePassed() {
        deadlinePassed = true;
    }

    /** The shortest throttle wait of the current round, if any candidate was throttled in it. */
    Optional<Duration> roundWait() {
        return roundWait;
    }

    OgemException failure() {
        if (quotaWait.isPresent()) {
            return QuotaException.exhausted("Every endpoint that serves '" + model + "' is at its rate limit; retry after "
                    + seconds(quotaWait.get()) + " s.", quotaWait.get());
        }
        if (lastFailure.isPresent()) {
            return lastFailure.get();
        }
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (circuitWait.isPresent()) {
            return ProviderException.builder(ProviderException.Kind.SERVER_ERROR, "Every endpoint that serves '"
                    + model + "' is failing; they are left alone for " + seconds(circuitWait.get()) + " s.")
                    .status(503).retryAfter(circuitWait.get()).build();
        }
        if (tooLarge.isPresent()) {
            return CallerException.invalid("The request needs about " + tooLarge.get().tokens()
                    + " tokens (prompt estimate plus max_completion_tokens or the default output budget), more than"
                    + " the tokens-per-minute limit of every endpoint that serves '" + model + "' (at most "
                    + tooLarge.get().tpm() + "). Shorten the prompt or lower max_completion_tokens.", null);
        }
        if (deadlinePassed) {
            return ProviderException.of(ProviderException.Kind.TIMEOUT,
                    "The request's deadline passed before an endpoint answered.");
        }
        return ProviderException.of(ProviderException.Kind.UNREACHABLE,
                "No endpoint that serves '" + model + "' could be tried.");
    }

    private static Optional<Duration> shorter(Optional<Duration> current, Duration candidate) {
        return current.filter(c -> c.compareTo(candidate) <= 0).or(() -> Optional.of(candidate));
    }

    static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
