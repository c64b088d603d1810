package dev.ogem.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.WindowUsage;
import dev.ogem.server.config.ClientKey;

import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code keys} object of {@code /v1/status}: per named client key (never the key or its hash) its
 * {@code rpm}, {@code tpm} and {@code models}, and for a key with limits what it used in the 60-second window
 * ending now across the fleet ({@code used_requests}, {@code used_tokens}) and what is left
 * ({@code remaining_rpm}, {@code remaining_tpm}; {@code null} for an unlimited dimension).
 */
final class KeyStatusJson {

    private KeyStatusJson() {
    }

    static void write(ObjectNode keys, List<ClientKey> configured, StateStore store) {
        for (ClientKey key : configured) {
            ObjectNode node = keys.putObject(key.name()).put("rpm", key.rpm()).put("tpm", key.tpm());
            key.models().forEach(node.putArray("models")::add);
            Limits limits = new Limits(key.rpm(), key.tpm());
            if (limits.unlimited()) {
                continue;
            }
            WindowUsage used = store.used(KeyQuota.bucket(key.name()));
            node.put("used_requests", used.requests()).put("used_tokens", used.tokens());
            count(node, "remaining_rpm", used.remainingRequests(limits));
            count(node, "remaining_tpm", used.remainingTokens(limits));
        }
    }

    private static void count(ObjectNode node, String field, OptionalLong value) {
        value.ifPresentOrElse(v -> node.put(field, v), () -> node.putNull(field));
    }
}
