package dev.ogem.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML text into plain maps (in document order), lists and strings. Untagged scalars stay text
 * (no YAML 1.1 booleans, octals or dates: a model named {@code no} or {@code 0123} keeps its name), so
 * numbers are interpreted by {@link ConfigTree}. Only safe standard types are constructed, duplicate keys
 * are an error, and error messages carry the line and column but never a snippet of the document.
 */
final class YamlDocument {

    private static final int MAX_DEPTH = 64;

    private YamlDocument() {
    }

    /**
     * Parses a document whose root must be a mapping; an empty document is an empty mapping.
     *
     * @param content the YAML text
     * @param source  where it came from, for messages
     * @return the root mapping with string keys
     */
    static Map<String, Object> parse(String content, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new TextResolver());
        Object root;
        try {
            root = yaml.load(content);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? ""
                    : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new ConfigException(source, "malformed YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(source, "malformed YAML: " + e.getClass().getSimpleName());
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new ConfigException(source,
                    "the top level of the config must be a mapping (keys such as providers:)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) normalize(root, "", 0);
        return tree;
    }

    /** Copies maps and lists with string keys, guarding against recursive aliases. */
    private static Object normalize(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(path.isEmpty() ? "(root)" : path, "nested too deeply (recursive alias?)");
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object rawKey = entry.getKey();
                if (rawKey == null || rawKey instanceof Map<?, ?> || rawKey instanceof List<?>) {
                    throw new ConfigException(path.isEmpty() ? "(root)" : path, "mapping keys must be plain names");
                }
                String key = entry.getKey().toString();
                copy.put(key, normalize(entry.getValue(), ConfigTree.child(path, key), depth + 1));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(normalize(list.get(i), ConfigTree.index(path, i), depth + 1));
            }
            return copy;
        }
        return value;
    }

    /** Resolves untagged scalars to strings, except null and merge keys. */
    private static final class TextResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
