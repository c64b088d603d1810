package dev.ogem.providers.specs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code $ref} graph of a map of named schemas: which schemas a set of roots needs, and which
 * references point at no schema. Two reference styles exist: OpenAPI's
 * {@code "#/components/schemas/Name"} (also in {@code discriminator.mapping}) and the Google
 * discovery documents' bare {@code "Name"}.
 */
public enum SchemaClosure {

    /** OpenAPI: {@code #/components/schemas/Name}; any other reference counts as unresolved. */
    OPENAPI("#/components/schemas/"),
    /** Google API discovery documents: the schema name itself. */
    DISCOVERY("");

    private final String prefix;

    SchemaClosure(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The roots and every schema they reach through references, in the order of {@code schemas}.
     *
     * @param schemas the named schemas (for OpenAPI, {@code components.schemas})
     * @param roots   the schemas to start from
     * @return the names of the closure
     * @throws IllegalStateException when a root is missing or a reached reference resolves to nothing
     */
    public List<String> closure(JsonNode schemas, List<String> roots) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!schemas.has(name)) {
                throw new IllegalStateException("No schema " + name);
            }
            if (reached.add(name)) {
                for (String ref : references(schemas.get(name))) {
                    todo.push(name(ref).orElseThrow(() -> new IllegalStateException(
                            "Unsupported $ref " + ref + " in schema " + name)));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(n -> {
            if (reached.contains(n)) {
                ordered.add(n);
            }
        });
        return ordered;
    }

    /**
     * Every reference inside {@code node} that names no schema of {@code schemas}.
     *
     * @param schemas the named schemas
     * @param node    where to look (a schema, or the whole schema map)
     * @return the unresolved references, empty when all resolve
     */
    public List<String> unresolved(JsonNode schemas, JsonNode node) {
        return references(node).stream().filter(ref -> name(ref).filter(schemas::has).isEmpty()).toList();
    }

    private Optional<String> name(String ref) {
        if (!ref.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = ref.substring(prefix.length());
        return name.isEmpty() || name.contains("/") ? Optional.empty() : Optional.of(name);
    }

    private static Set<String> references(JsonNode node) {
        Set<String> refs = new LinkedHashSet<>();
        collect(node, refs);
        return refs;
    }

    private static void collect(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                refs.add(ref.asText());
            }
            node.path("discriminator").path("mapping").forEach(target -> refs.add(target.asText()));
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, refs));
        }
    }
}
