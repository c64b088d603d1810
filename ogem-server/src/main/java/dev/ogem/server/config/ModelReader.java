package dev.ogem.server.config;

import dev.ogem.api.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one entry of a {@code models} list: either a plain name ({@code models: [model-a, model-b]}) or a
 * mapping with {@code name}, {@code other_names}, {@code rate_key}, {@code rpm} and {@code tpm}. Other keys
 * are errors (a typo must not silently drop a limit). Names may not contain a comma, which separates the
 * models of a fallback chain in requests.
 */
final class ModelReader {

    private static final Set<String> KEYS = Set.of("name", "other_names", "rate_key", "rpm", "tpm");

    private ModelReader() {
    }

    static ModelSpec read(Object entry, String path) {
        if (!(entry instanceof Map<?, ?>)) {
            if (entry instanceof List<?>) {
                throw new ConfigException(path, "a model must be a name or a mapping with name:, not a list");
            }
            return new ModelSpec(name(entry, path), List.of(), null, 0, 0);
        }
        Map<String, Object> model = ConfigTree.mapping(entry, path);
        ConfigTree.allowOnly(model, KEYS, path);
        String name = name(model.get("name"), ConfigTree.child(path, "name"));
        List<String> otherNames = new ArrayList<>();
        String aliasesPath = ConfigTree.child(path, "other_names");
        List<Object> aliases = ConfigTree.sequence(model.get("other_names"), aliasesPath);
        for (int i = 0; i < aliases.size(); i++) {
            otherNames.add(name(aliases.get(i), ConfigTree.index(aliasesPath, i)));
        }
        String rateKey = model.get("rate_key") == null ? name
                : ConfigTree.text(model.get("rate_key"), ConfigTree.child(path, "rate_key"));
        long rpm = ConfigTree.count(model.get("rpm"), ConfigTree.child(path, "rpm"));
        long tpm = ConfigTree.count(model.get("tpm"), ConfigTree.child(path, "tpm"));
        return new ModelSpec(name, otherNames, rateKey, rpm, tpm);
    }

    private static String name(Object value, String path) {
        String name = ConfigTree.text(value, path);
        if (name.contains(",")) {
            throw new ConfigException(path, "a model name must not contain ',' (it separates fallback models)");
        }
        return name;
    }
}
