package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.QuotaException;
import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.Router;
import dev.ogem.routing.RouterSettings;
import dev.ogem.server.messages.Ingress;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A client key's own rpm/tpm, counted across the fleet in the same {@link StateStore} as the upstream limits,
 * in one bucket per key name ({@code @keys/all/<name>}, which no provider can be called). A request of any route
 * (chat completions, embeddings, the Messages API) is admitted against its key's bucket before routing, with
 * the router's token estimate, settled to the tokens the answer used and released when it failed; a refused one
 * is a 429 with {@code Retry-After} in the route's error shape, so one team's burst never spends another's
 * budget.
 */
final class KeyQuota {

    private static final String PROVIDER = "@keys";
    private static final String REGION = "all";

    private final StateStore store;
    private final Supplier<RouterSettings> settings;

    KeyQuota(StateStore store, Supplier<RouterSettings> settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * The bucket of a key.
     *
     * @param name the key's name
     * @return its bucket
     */
    static Bucket bucket(String name) {
        return new Bucket(PROVIDER, REGION, name);
    }

    /**
     * Admits a chat request against its key's limits.
     *
     * @param caller  the key, if the request authenticated with one
     * @param request the request
     * @return the reservation to settle, or empty when the key has no limits
     * @throws QuotaException  when the key's window is full
     * @throws CallerException when the request alone needs more tokens than the key's tpm
     */
    Optional<Reservation> admit(Optional<Caller> caller, ChatRequest request) {
        return admit(caller, () -> Router.estimatedTokens(request, settings.get()), "messages");
    }

    /**
     * Admits a request of any route against the key it authenticated with.
     *
     * @param request the HTTP request, with its caller (if any) in its context
     * @param chat    the chat request (or a Messages request's translation)
     * @return the admission to settle or release
     * @throws QuotaException when the key's window is full
     */
    Spend spend(ServerRequest request, ChatRequest chat) {
        return new Spend(this, admit(request.context().get(Caller.class), chat));
    }

    /**
     * Admits an embeddings request against the key it authenticated with, with its input's estimate.
     *
     * @param request   the HTTP request, with its caller (if any) in its context
     * @param embedding the embeddings request
     * @return the admission to settle or release
     * @throws QuotaException when the key's window is full
     */
    Spend spend(ServerRequest request, EmbeddingRequest embedding) {
        return new Spend(this, admit(request.context().get(Caller.class),
                () -> Router.estimatedTokens(embedding, settings.get()), "input"));
    }

    private Optional<Reservation> admit(Optional<Caller> caller, LongSupplier estimate, String param) {
        if (caller.isEmpty() || caller.get().limits().unlimited()) {
            return Optional.empty();
        }
        Limits limits = caller.get().limits();
        Admission admission = store.reserve(bucket(caller.get().name()), limits, estimate.getAsLong());
        return switch (admission) {
            case Admission.Admitted admitted -> Optional.of(admitted.reservation());
            case Admission.Refused refused -> throw QuotaException.exhausted("The key '" + caller.get().name()
                    + "' has used its limit of " + describe(limits) + "; retry after "
                    + Math.max(1, refused.retryAfter().toSeconds()) + "s.", refused.retryAfter());
            case Admission.TooLarge tooLarge -> throw CallerException.invalid("The request needs about "
                    + tooLarge.tokens() + " tokens, more than the key's limit of " + tooLarge.tpm()
                    + " tokens per minute.", param);
            case Admission.CoolingDown cooling -> throw QuotaException.exhausted("The key '" + caller.get().name()
                    + "' is cooling down.", cooling.remaining());
        };
    }

    /**
     * Settles a reservation to the tokens used (the estimate when the upstream did not say).
     *
     * @param reservation the reservation, if there was one
     * @param tokens      the tokens used, if known
     */
    void settle(Optional<Reservation> reservation, Optional<Long> tokens) {
        reservation.ifPresent(r -> store.settle(r, tokens.orElse(r.tokens())));
    }

    /**
     * Releases a reservation whose request failed: its request still counts against rpm, its tokens do not.
     *
     * @param reservation the reservation, if there was one
     */
    void release(Optional<Reservation> reservation) {
        reservation.ifPresent(store::release);
    }

    private static String describe(Limits limits) {
        String rpm = limits.rpm() > 0 ? limits.rpm() + " requests" : "";
        String tpm = limits.tpm() > 0 ? limits.tpm() + " tokens" : "";
        return (rpm.isEmpty() ? tpm : tpm.isEmpty() ? rpm : rpm + " and " + tpm) + " per minute";
    }
    /**
     * One request's admission against its key, settled or released once its answer is known.
     *
     * @param quota       the key quota
     * @param reservation the reservation, empty when the key has no limits
     */
    record Spend(KeyQuota quota, Optional<Reservation> reservation) implements Ingress.Spend {

        @Override
        public void settle(Optional<Long> tokens) {
            quota.settle(reservation, tokens);
        }

        @Override
        public void release() {
            quota.release(reservation);
        }
    }
}
