package dev.ogem.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@link ClientAccess}: the {@code keys} section, or the YAML file {@code keys_file} names (its own
 * top-level {@code keys} section; a relative path is resolved like {@code CONFIG_SOURCE}'s), the
 * {@code cors.allowed_origins} list ({@code CORS_ALLOWED_ORIGINS}, comma-separated, wins) and
 * {@code ACCESS_LOG} ({@code true} by default).
 *
 * <p>Each key: a name (letters, digits, {@code . _ -}, at most 64, not {@value ClientKey#GATEWAY_KEY_NAME})
 * mapping to {@code sha256} (required: 64 hex digits), {@code rpm}, {@code tpm} and {@code models} (a list of
 * names or patterns with {@code *}). Two keys with the same hash are an error, since a caller's key could
 * then not be told apart. Every problem names the path; a hash is never quoted.
 */
final class ClientAccessReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{64}");
    private static final Set<String> KEY_FIELDS = Set.of("sha256", "rpm", "tpm", "models");

    private ClientAccessReader() {
    }

    static ClientAccess read(Environment environment, ConfigTree tree, Path workingDir) {
        Optional<Path> keysFile = keysFile(tree, workingDir);
        List<ClientKey> keys = keysFile.isPresent() ? keys(keysFile.get()) : keyList(tree.get("keys"));
        return new ClientAccess(keys, origins(environment, tree), environment.flag("ACCESS_LOG", true), keysFile);
    }

    private static Optional<Path> keysFile(ConfigTree tree, Path workingDir) {
        ConfigTree file = tree.get("keys_file");
        if (file.isAbsent()) {
            return Optional.empty();
        }
        if (!tree.get("keys").isAbsent()) {
            throw new ConfigException("keys_file", "use either keys or keys_file, not both");
        }
        try {
            return Optional.of(workingDir.resolve(file.text()).toAbsolutePath());
        } catch (InvalidPathException e) {
            throw new ConfigException("keys_file", "is not a valid path");
        }
    }

    private static List<ClientKey> keys(Path path) {
        if (!Files.exists(path)) {
            throw new ConfigException("keys_file", "file " + path.toAbsolutePath() + " does not exist");
        }
        ConfigTree keysFile = ConfigTree.root(YamlParser.parse(ConfigSourceReader.readFile(path, "keys_file")));
        SecretScan.check(keysFile);
        keysFile.allowOnly(Set.of("keys"));
        return keyList(keysFile.get("keys"));
    }

    private static List<ClientKey> keyList(ConfigTree section) {
        List<ClientKey> keys = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        for (Map.Entry<String, ConfigTree> entry : section.mapping().entrySet()) {
            ConfigTree node = entry.getValue();
            String name = entry.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(node.path(), "a key name has 1 to 64 letters, digits, '.', '_' or '-'");
            }
            if (name.equals(ClientKey.GATEWAY_KEY_NAME)) {
                throw new ConfigException(node.path(), "the name '" + ClientKey.GATEWAY_KEY_NAME
                        + "' is the key of OPEN_GEMINI_API_KEY; choose another");
            }
            node.allowOnly(KEY_FIELDS);
            String hash = node.get("sha256").text();
            if (!HEX.matcher(hash).matches()) {
                throw new ConfigException(node.get("sha256").path(), "must be the SHA-256 of the key as 64 hex"
                        + " digits (ogem --hash-key prints it), never the key itself");
            }
            hash = hash.toLowerCase(Locale.ROOT);
            if (!hashes.add(hash)) {
                throw new ConfigException(node.get("sha256").path(), "another key has the same hash");
            }
            List<String> models = node.get("models").sequence().stream().map(ConfigTree::text).toList();
            keys.add(new ClientKey(name, hash, node.get("rpm").count(), node.get("tpm").count(), models));
        }
        return keys;
    }

    private static List<String> origins(Environment environment, ConfigTree tree) {
        List<String> fromEnv = environment.names("CORS_ALLOWED_ORIGINS");
        ConfigTree cors = tree.get("cors");
        cors.allowOnly(Set.of("allowed_origins"));
        String path = fromEnv.isEmpty() ? "cors.allowed_origins" : "CORS_ALLOWED_ORIGINS";
        List<String> origins = fromEnv.isEmpty()
                ? cors.get("allowed_origins").sequence().stream().map(ConfigTree::text).toList() : fromEnv;
        return origins.stream().map(origin -> origin(path, origin)).distinct().toList();
    }

    private static String origin(String path, String origin) {
        if (origin.equals("*")) {
            return origin;
        }
        try {
            URI uri = new URI(origin);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
                return origin.toLowerCase(Locale.ROOT);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(path, "'" + origin + "' is not an origin such as https://app.example.com"
                + " (scheme, host and port only) or *");
    }
}
