package example.quota;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.WindowUsage;

import java.time.InstantSource;

/** Asks three times under a limit of two requests a minute; with a Valkey endpoint the limit is the fleet's. */
public final class RateLimiter {

    private RateLimiter() {
    }

    /**
     * Prints each admission and the window's use.
     *
     * @param args empty for an in-memory store, or a Valkey {@code host:port}
     */
    public static void main(String[] args) {
        // README:begin
        try (StateStore store = args.length == 0
                ? StateStore.inMemory(InstantSource.system())
                : StateStore.valkey(ValkeySettings.of(args[0]), InstantSource.system())) {
            Bucket bucket = new Bucket("openai", "openai", "gpt-4o");
            Limits limits = new Limits(2, 100_000); // 2 requests and 100k tokens in any 60 s
            for (int call = 1; call <= 3; call++) {
                String outcome = switch (store.reserve(bucket, limits, 1_000)) {
                    case Admission.Admitted admitted -> {
                        store.settle(admitted.reservation(), 850); // the call's real usage
                        yield "admitted";
                    }
                    case Admission.Refused refused -> "refused, retry in " + refused.retryAfter().toSeconds() + "s";
                    case Admission.CoolingDown cooling -> "cooling down";
                    case Admission.TooLarge tooLarge -> "larger than the tpm";
                };
                System.out.println("call " + call + ": " + outcome);
            }
            WindowUsage used = store.used(bucket);
            System.out.println("window: " + used.requests() + " requests, " + used.tokens() + " tokens; "
                    + store.status());
        }
        // README:end
    }
}
