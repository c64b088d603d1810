package dev.ogem.server.config;

import dev.ogem.api.ModelKind;
import dev.ogem.api.ModelSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one entry of a {@code models} list: either a plain name ({@code models: [model-a, model-b]}) or a
 * mapping with {@code name}, {@code other_names}, {@code rate_key}, {@code rpm}, {@code tpm} and {@code kind}
 * ({@code chat} or {@code embedding}; without it, a name containing {@code embed} is an embedding model). Other keys
 * are errors (a typo must not silently drop a limit). Names may not contain a comma, which separates the
 * models of a fallback chain in requests.
 */
final class ModelReader {

    private static final Set<String> KEYS = Set.of("name", "other_names", "rate_key", "rpm", "tpm", "kind");

    private ModelReader() {
    }

    static ModelSpec read(ConfigTree entry) {
        if (!entry.isMapping()) {
            if (entry.isList()) {
                throw new ConfigException(entry.path(), "a model must be a name or a mapping with name:, not a list");
            }
            return ModelSpec.named(name(entry));
        }
        entry.allowOnly(KEYS);
        String name = name(entry.get("name"));
        List<String> otherNames = new ArrayList<>();
        for (ConfigTree alias : entry.get("other_names").sequence()) {
            otherNames.add(name(alias));
        }
        ConfigTree rateKey = entry.get("rate_key");
        return new ModelSpec(name, otherNames, rateKey.isAbsent() ? name : rateKey.text(), entry.get("rpm").count(),
                entry.get("tpm").count(), kind(entry.get("kind")));
    }

    private static ModelKind kind(ConfigTree value) {
        if (value.isAbsent()) {
            return null;
        }
        return ModelKind.ofConfigName(value.text()).orElseThrow(() -> new ConfigException(value.path(),
                "must be chat or embedding, not \"" + value.text() + "\""));
    }

    private static String name(ConfigTree value) {
        String name = value.text();
        if (name.contains(",")) {
            throw new ConfigException(value.path(), "a model name must not contain ',' (it separates fallback models)");
        }
        return name;
    }
}
