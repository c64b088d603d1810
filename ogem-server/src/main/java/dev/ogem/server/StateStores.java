package dev.ogem.server;

import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeySettings;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the {@link StateStore}: Valkey when {@code VALKEY_ENDPOINT} (or YAML {@code valkey_endpoint}) names one,
 * with {@code VALKEY_USER}, {@code VALKEY_PASSWORD}, {@code VALKEY_TLS} ({@code true}/{@code 1}) and
 * {@code VALKEY_DB}; otherwise in memory, its response cache bounded by {@code CACHE_MAX_BYTES} (default 64 MiB).
 */
final class StateStores {

    private StateStores() {
    }

    static StateStore open(Optional<String> valkeyEndpoint, Map<String, String> environment) {
        if (valkeyEndpoint.isEmpty()) {
            long maxBytes = variable(environment, "CACHE_MAX_BYTES").map(v -> number(v, "CACHE_MAX_BYTES"))
                    .orElse(StateStore.DEFAULT_CACHE_BYTES);
            return StateStore.inMemory(InstantSource.system(), maxBytes);
        }
        ValkeySettings settings = ValkeySettings.of(valkeyEndpoint.get());
        Optional<String> user = variable(environment, "VALKEY_USER");
        Optional<String> password = variable(environment, "VALKEY_PASSWORD");
        if (user.isPresent()) {
            settings = settings.withUser(user.get(), password.orElse(""));
        } else if (password.isPresent()) {
            settings = settings.withPassword(password.get());
        }
        if (variable(environment, "VALKEY_TLS").filter(v -> v.equalsIgnoreCase("true") || v.equals("1")).isPresent()) {
            settings = settings.withTls(true);
        }
        Optional<Integer> db = variable(environment, "VALKEY_DB").map(v -> (int) number(v, "VALKEY_DB"));
        if (db.isPresent()) {
            settings = settings.withDatabase(db.get());
        }
        return StateStore.valkey(settings, InstantSource.system());
    }

    private static long number(String value, String name) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0 || parsed > Integer.MAX_VALUE && name.equals("VALKEY_DB")) {
                throw new NumberFormatException("out of range");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a valid non-negative number", e);
        }
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
