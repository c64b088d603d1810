package dev.ogem.server.config;

import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigNode.ListNode;
import io.helidon.config.spi.ConfigNode.ObjectNode;
import io.helidon.config.spi.ConfigParser;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The YAML parser of ogem's Helidon {@link Config}: it turns the document into Helidon config nodes the way the
 * original ogem schema needs, which Helidon's own {@code YamlConfigParser} (SnakeYAML with YAML 1.1 types) does not:
 * <ul>
 *   <li>untagged scalars stay text: a model named {@code no}, {@code on}, {@code 0123} or {@code 2024-01-01} keeps
 *       its name (numbers such as {@code 10_000} are read by {@link ConfigTree});</li>
 *   <li>a duplicate key is an error, and an error names the line and column but never a snippet of the document;</li>
 *   <li>keys are escaped ({@link Config.Key#escapeName}), so a provider or region name with a dot stays one key;</li>
 *   <li>document order survives: Helidon keeps an object's members unordered, so each mapping also carries its keys
 *       in order as the object's own value (escaped names joined by {@code .}; a YAML mapping has no value of its
 *       own, so nothing is lost); {@link ConfigTree} reads it back;</li>
 *   <li>an empty YAML value ({@code europe-west4:} or {@code ~}) is an object with neither members nor value, told
 *       apart from {@code {}} (which has the empty order) and from {@code ""} (a value).</li>
 * </ul>
 */
final class YamlParser implements ConfigParser {

    private static final int MAX_DEPTH = 64;

    private final String source;

    private YamlParser(String source) {
        this.source = source;
    }

    /**
     * Parses a config document into a Helidon {@link Config} whose root is a mapping (empty for an empty document).
     * Nothing else is merged in: no environment, no system properties, no {@code ${…}} resolution.
     *
     * @param text the document and where it came from
     * @return the config tree
     * @throws ConfigException naming the source when the YAML is malformed or its root is not a mapping
     */
    static Config parse(ConfigText text) {
        return Config.builder()
                .sources(ConfigSources.create(text.content(), MediaTypes.APPLICATION_YAML))
                .disableParserServices()
                .addParser(new YamlParser(text.description()))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .disableKeyResolving()
                .disableValueResolving()
                .disableFilterServices()
                .disableMapperServices()
                .disableCaching()
                .build();
    }

    @Override
    public Set<MediaType> supportedMediaTypes() {
        return Set.of(MediaTypes.APPLICATION_YAML, MediaTypes.APPLICATION_X_YAML);
    }

    @Override
    public List<String> supportedSuffixes() {
        return List.of("yaml", "yml");
    }

    @Override
    public ObjectNode parse(Content content, Function<String, Optional<InputStream>> relativeResolver) {
        try (Reader reader = new InputStreamReader(content.data(), content.charset())) {
            return root(load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public ObjectNode parse(Content content) {
        return parse(content, name -> Optional.empty());
    }

    private Object load(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new TextResolver());
        try {
            return yaml.load(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? ""
                    : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new ConfigException(source, "malformed YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(source, "malformed YAML: " + e.getClass().getSimpleName());
        }
    }

    private ObjectNode root(Object document) {
        if (document == null) {
            return ObjectNode.builder().value("").build();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException(source, "the top level of the config must be a mapping (keys such as providers:)");
        }
        return object(map, "", 0);
    }

    private ObjectNode object(Map<?, ?> map, String path, int depth) {
        checkDepth(path, depth);
        ObjectNode.Builder builder = ObjectNode.builder();
        List<String> order = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object rawKey = entry.getKey();
            if (rawKey == null || rawKey instanceof Map<?, ?> || rawKey instanceof List<?> || rawKey.toString().isEmpty()) {
                throw new ConfigException(ConfigTree.display(path), "mapping keys must be plain names");
            }
            String key = rawKey.toString();
            String escaped = Config.Key.escapeName(key);
            order.add(escaped);
            String childPath = ConfigTree.child(path, key);
            Object value = entry.getValue();
            if (value instanceof List<?> list) {
                builder.addList(escaped, list(list, childPath, depth + 1));
            } else if (value instanceof Map<?, ?> || value == null) {
                builder.addObject(escaped, value == null ? empty() : object((Map<?, ?>) value, childPath, depth + 1));
            } else {
                builder.addValue(escaped, value.toString());
            }
        }
        return builder.value(String.join(".", order)).build();
    }

    private ListNode list(List<?> list, String path, int depth) {
        checkDepth(path, depth);
        ListNode.Builder builder = ListNode.builder();
        for (int i = 0; i < list.size(); i++) {
            Object value = list.get(i);
            String childPath = ConfigTree.index(path, i);
            if (value instanceof List<?> inner) {
                builder.addList(list(inner, childPath, depth + 1));
            } else if (value instanceof Map<?, ?> map) {
                builder.addObject(object(map, childPath, depth + 1));
            } else if (value == null) {
                builder.addObject(empty());
            } else {
                builder.addValue(value.toString());
            }
        }
        return builder.build();
    }

    private static void checkDepth(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(ConfigTree.display(path), "nested too deeply (recursive alias?)");
        }
    }

    /** An empty YAML value: an object with neither members nor a value. */
    private static ObjectNode empty() {
        return ObjectNode.builder().build();
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
