package dev.ogem.server.config;

import dev.ogem.api.Catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Loads and validates the gateway configuration: at startup, and again at each reload ({@link #reload}).
 *
 * <p>Order: read the document ({@link ConfigSourceReader}: {@code CONFIG_SOURCE} file or URL, else
 * {@code ./config.yaml}, else the bundled sample), parse it into a Helidon {@code Config} tree
 * ({@link YamlParser}), reject secrets written in it, then read the
 * top-level settings with their environment overrides and the providers. Environment variables win over
 * YAML; a blank variable counts as unset.
 *
 * <p>Top-level keys: {@code providers}, {@code retry_interval} ({@code RETRY_INTERVAL}, default 1m),
 * {@code ping_interval} ({@code PING_INTERVAL}, default 1h), {@code port} ({@code PORT}, default 8080),
 * {@code valkey_endpoint} ({@code VALKEY_ENDPOINT}), {@code google_cloud_project} (used as
 * {@code GOOGLE_CLOUD_PROJECT} when the environment lacks it), and {@code keys}, {@code keys_file} and
 * {@code cors} ({@link ClientAccessReader}). Any other top-level key (such as the
 * original's {@code routing}) is ignored with a log line, for forward compatibility; below {@code providers}
 * the schema is strict and an unknown key is an error, so typos cannot silently drop a limit.
 *
 * <p>Models of a provider's {@code default} region are a template placed first in every real region; a
 * region's own model reusing a template model's name (or alias) is a duplicate-name error, not an override
 * (see {@link RegionReader}). The provider rules are listed on {@link CatalogReader}, the secret rules on
 * {@link SecretScan}. Messages never contain secret values, and {@link GatewayConfig#toString()} hides them.
 */
public final class ConfigLoader {

    private static final Logger LOG = Logger.getLogger(ConfigLoader.class.getName());
    private static final Set<String> TOP_LEVEL = Set.of("providers", "retry_interval", "ping_interval", "port",
            "valkey_endpoint", "google_cloud_project", "keys", "keys_file", "cors");
    private static final int DEFAULT_PORT = 8080;
    private static final String GOOGLE_CLOUD_PROJECT = ProviderVariables.GOOGLE_CLOUD_PROJECT;

    private ConfigLoader() {
    }

    /**
     * Loads the configuration, resolving relative paths against the process working directory.
     *
     * @param env the environment (Main passes {@link System#getenv()}; tests pass their own map)
     * @return the validated configuration
     * @throws ConfigException when anything is missing or invalid; the message names the path and reason
     */
    public static GatewayConfig load(Map<String, String> env) {
        return load(env, Path.of(""));
    }

    /**
     * Loads the configuration, resolving {@code config.yaml} and relative {@code CONFIG_SOURCE} paths against
     * a directory.
     *
     * @param env        the environment
     * @param workingDir the directory relative paths are resolved against
     * @return the validated configuration
     * @throws ConfigException when anything is missing or invalid
     */
    public static GatewayConfig load(Map<String, String> env, Path workingDir) {
        return build(ConfigSourceReader.read(env, workingDir), env, workingDir);
    }

    /**
     * Loads the configuration with the version of its document, for a gateway that reloads it later.
     *
     * @param env        the environment
     * @param workingDir the directory relative paths are resolved against
     * @return the validated configuration and its version
     * @throws ConfigException when anything is missing or invalid
     */
    public static LoadedConfig loadVersioned(Map<String, String> env, Path workingDir) {
        ConfigText text = ConfigSourceReader.read(env, workingDir);
        return new LoadedConfig(build(text, env, workingDir), text.version());
    }

    /**
     * Reads the configuration again, unless its document is the one seen last: a URL's server answered
     * {@code 304 Not Modified} to the validators of {@code seen}, or the text has the digest of {@code seen}.
     * Secret files ({@code *_FILE} variables) are read again with it.
     *
     * @param env        the environment
     * @param workingDir the directory relative paths are resolved against
     * @param seen       the version of the document seen last ({@link ConfigVersion#NONE} to read it whatever it holds)
     * @return the validated configuration; empty when the document did not change
     * @throws ConfigReloadException when the new document is invalid or cannot be read; it carries the document's
     *                               version (so the same broken document is not reported twice) and the reason
     */
    public static Optional<LoadedConfig> reload(Map<String, String> env, Path workingDir, ConfigVersion seen) {
        ConfigText text;
        try {
            Optional<ConfigText> read = ConfigSourceReader.read(env, workingDir, seen);
            if (read.isEmpty() || read.get().version().sameText(seen)) {
                return Optional.empty();
            }
            text = read.get();
        } catch (ConfigException e) {
            throw new ConfigReloadException(e, seen);
        }
        try {
            return Optional.of(new LoadedConfig(build(text, env, workingDir), text.version()));
        } catch (ConfigException e) {
            throw new ConfigReloadException(e, text.version());
        }
    }

    /**
     * Where the configuration is read from, to watch or poll it.
     *
     * @param env        the environment
     * @param workingDir the directory relative paths are resolved against
     * @return a file, a URL or the bundled sample
     * @throws ConfigException when {@code CONFIG_SOURCE} is not a valid URL
     */
    public static ConfigLocation locate(Map<String, String> env, Path workingDir) {
        return ConfigSourceReader.locate(env, workingDir);
    }

    /**
     * The settings of the process itself, read from the environment once: they do not change with a reload.
     *
     * @param env the environment
     * @return how often a config URL is polled, how long a shutdown may drain
     * @throws ConfigException when a variable is invalid
     */
    public static ProcessSettings processSettings(Map<String, String> env) {
        return ModuleSettings.process(new Environment(env));
    }

    private static GatewayConfig build(ConfigText text, Map<String, String> env, Path workingDir) {
        ConfigTree tree = ConfigTree.root(YamlParser.parse(text));
        SecretScan.check(tree);
        tree.mapping().keySet().stream().filter(key -> !TOP_LEVEL.contains(key)).forEach(key ->
                LOG.info(() -> "Ignoring unknown top-level config key '" + key + "' in " + text.description()));
        Environment environment = new Environment(env);
        Duration retry = interval(environment, tree, "RETRY_INTERVAL", "retry_interval", Duration.ofMinutes(1));
        Duration ping = interval(environment, tree, "PING_INTERVAL", "ping_interval", Duration.ofHours(1));
        int port = port(environment, tree);
        Optional<String> project = environment.text(GOOGLE_CLOUD_PROJECT)
                .or(() -> tree.get("google_cloud_project").optionalText());
        Map<String, String> variables = new HashMap<>(env);
        project.ifPresent(value -> variables.put(GOOGLE_CLOUD_PROJECT, value));
        Catalog catalog = new Catalog(CatalogReader.read(tree.get("providers"), variables), retry, ping);
        Secrets secrets = Secrets.read(catalog, env);
        HeapDefaults heap = HeapDefaults.ofThisJvm();
        ClientLimits clients = ClientLimits.read(environment, heap);
        return new GatewayConfig(catalog, text.description(), port, secrets.gatewayKey(), clients,
                ModuleSettings.providers(environment, project, secrets, clients), ModuleSettings.router(environment),
                ModuleSettings.store(environment, tree, heap), ModuleSettings.batch(environment),
                ClientAccessReader.read(environment, tree, workingDir));
    }

    private static Duration interval(Environment environment, ConfigTree tree, String variable, String key,
                                     Duration fallback) {
        Optional<String> fromEnv = environment.text(variable);
        String path = fromEnv.isPresent() ? variable : key;
        Optional<String> text = fromEnv.or(() -> tree.get(key).optionalText());
        if (text.isEmpty()) {
            return fallback;
        }
        Duration duration;
        try {
            duration = GoDuration.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, e.getMessage());
        }
        if (duration.isNegative()) {
            throw new ConfigException(path, "must not be negative (0 disables it)");
        }
        return duration;
    }

    private static int port(Environment environment, ConfigTree tree) {
        Optional<String> fromEnv = environment.text("PORT");
        String path = fromEnv.isPresent() ? "PORT" : "port";
        ConfigTree fromYaml = tree.get("port");
        if (fromEnv.isEmpty() && fromYaml.isAbsent()) {
            return DEFAULT_PORT;
        }
        String value = fromEnv.or(fromYaml::scalar).orElse("").trim();
        if (!value.matches("[0-9]{1,5}")) {
            throw new ConfigException(path, "must be a port number from 0 to 65535");
        }
        int port = Integer.parseInt(value);
        if (port > 65_535) {
            throw new ConfigException(path, "must be a port number from 0 to 65535");
        }
        return port;
    }
}
