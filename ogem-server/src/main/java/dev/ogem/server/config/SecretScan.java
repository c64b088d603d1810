package dev.ogem.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rejects secrets written into the config file: keys never come from YAML, only from environment
 * variables named by {@code api_key_env} (or the built-in variables). Two checks run over the whole tree:
 * <ul>
 *   <li>a mapping key that names a secret ({@code api_key}, {@code apiKey}, {@code key}, {@code secret},
 *       {@code token}, {@code password}, anything ending in {@code key}, {@code secret}, {@code token} or
 *       {@code password}, such as the original's {@code openaiapikey}); {@code api_key_env} and
 *       {@code rate_key} are schema keys and fine. Provider, region and client key names are user-chosen and not checked.</li>
 *   <li>a text value that looks like a real credential ({@code sk-…}, {@code sk-ant-…}, {@code AIza…},
 *       and a few other well-known token shapes).</li>
 * </ul>
 * The error names the path only, never the value.
 */
final class SecretScan {

    private static final Set<String> SCHEMA_KEYS = Set.of("apikeyenv", "ratekey");
    private static final List<String> SECRET_SUFFIXES = List.of("key", "secret", "token", "password", "passwd");
    private static final List<Pattern> SECRET_VALUES = List.of(
            Pattern.compile("(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{10,}"),
            Pattern.compile("(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}"),
            Pattern.compile("AIza[0-9A-Za-z_-]{30,}"),
            Pattern.compile("(?<![A-Za-z0-9])(?:gsk_|xai-|ghp_|github_pat_|glpat-)[A-Za-z0-9_-]{20,}"),
            Pattern.compile("(?<![A-Za-z0-9])AKIA[0-9A-Z]{16}(?![A-Za-z0-9])"),
            Pattern.compile("(?<![A-Za-z0-9])ya29\\.[0-9A-Za-z_-]{20,}"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

    private SecretScan() {
    }

    /**
     * Scans the parsed config.
     *
     * @param tree the root mapping
     * @throws ConfigException at the first key or value that looks like a secret
     */
    static void check(ConfigTree tree) {
        walk(tree);
    }

    private static void walk(ConfigTree node) {
        String path = node.path();
        if (node.isMapping()) {
            boolean namesAreUserChosen = path.equals("providers") || path.endsWith(".regions") || path.equals("keys");
            for (Map.Entry<String, ConfigTree> entry : node.mapping().entrySet()) {
                if (!namesAreUserChosen && namesSecret(entry.getKey())) {
                    throw new ConfigException(entry.getValue().path(), "secrets are not allowed in the config file;"
                            + " set the key in an environment variable and name that variable in api_key_env (or use"
                            + " the provider's built-in variable)");
                }
                walk(entry.getValue());
            }
        } else if (node.isList()) {
            node.sequence().forEach(SecretScan::walk);
        } else if (node.scalar().filter(SecretScan::looksLikeCredential).isPresent()) {
            throw new ConfigException(ConfigTree.display(path), "this value looks like an API key or token;"
                    + " secrets are not allowed in the config file: put it in an environment variable and name that"
                    + " variable in api_key_env");
        }
    }

    /**
     * Whether a mapping key names a secret.
     *
     * @param key the key as written
     * @return true for names such as {@code api_key}, {@code apiKey} or {@code client_secret}
     */
    static boolean namesSecret(String key) {
        String normalized = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (SCHEMA_KEYS.contains(normalized)) {
            return false;
        }
        return SECRET_SUFFIXES.stream().anyMatch(normalized::endsWith);
    }

    /**
     * Whether a text looks like a real credential.
     *
     * @param text a config value
     * @return true when a well-known key or token shape occurs in it
     */
    static boolean looksLikeCredential(String text) {
        return SECRET_VALUES.stream().anyMatch(p -> p.matcher(text).find());
    }
}
