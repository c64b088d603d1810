package dev.ogem.routing;

import dev.ogem.api.ProviderException;

import java.util.Locale;

/**
 * Told what became of each endpoint the router tried (for metrics). An outcome is {@value #SUCCESS}
 * (a plain answer, or a stream's first chunk), {@value #QUOTA_REFUSED} (its bucket's rpm/tpm or cooldown
 * kept the call from being made), {@value #ERROR} (an unexpected failure), or a
 * {@link ProviderException.Kind} in lower case ({@code server_error}, {@code timeout}, {@code rate_limited} …).
 * {@code @batch} calls and cache hits are not attempts. Called on the request's thread: it must be quick
 * and must not throw.
 */
@FunctionalInterface
public interface AttemptListener {

    /** The endpoint answered. */
    String SUCCESS = "success";
    /** The bucket's limits or cooldown refused the call before it was made. */
    String QUOTA_REFUSED = "quota_refused";
    /** The call failed with something other than a {@link ProviderException}. */
    String ERROR = "error";

    /** A listener that ignores everything. */
    AttemptListener NONE = (route, outcome) -> { };

    /**
     * One attempt ended.
     *
     * @param route   the endpoint and configured model tried
     * @param outcome what became of it (see the type's description)
     */
    void attempted(Route route, String outcome);

    /**
     * The outcome name of a provider failure.
     *
     * @param kind the failure's kind
     * @return the kind in lower case
     */
    static String outcome(ProviderException.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
