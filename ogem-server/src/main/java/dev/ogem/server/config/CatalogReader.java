package dev.ogem.server.config;

import dev.ogem.api.ModelKind;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code providers} mapping into provider specs and checks the provider-level rules:
 * <ul>
 *   <li>the kind comes from the name ({@link ProviderKind#ofName}); any other name is a custom endpoint that
 *       needs {@code base_url} and {@code protocol: openai}, and may name its key variable in {@code api_key_env}
 *       (omitted for a local server that needs no key);</li>
 *   <li>{@code protocol}, when given, must be {@code openai}, and only custom providers and {@code openai} may
 *       give it; {@code api_key_env} is for custom providers only (built-ins use their fixed variable);</li>
 *   <li>{@code base_url} must be an absolute http(s) URL without user info;</li>
 *   <li>the variable a provider needs must be set and non-empty;</li>
 *   <li>at least one real region ({@code default} alone does not count); custom, {@code openai}, {@code studio}
 *       and {@code claude} have exactly one region, named like the provider; {@code vertex} and
 *       {@code vclaude} regions are locations with any name.</li>
 * </ul>
 */
final class CatalogReader {

    private static final Set<String> KEYS = Set.of("base_url", "protocol", "api_key_env", "regions");
    private static final Set<ProviderKind> MULTI_REGION = Set.of(ProviderKind.VERTEX, ProviderKind.VCLAUDE);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private CatalogReader() {
    }

    /**
     * Reads every provider.
     *
     * @param providers   the {@code providers} value
     * @param environment the variables keys are read from
     * @return the providers in config order
     */
    static List<ProviderSpec> read(ConfigTree providers, Map<String, String> environment) {
        Map<String, ConfigTree> byName = providers.mapping();
        if (byName.isEmpty()) {
            throw new ConfigException("providers", "no provider is configured; add at least one (see the README)");
        }
        List<ProviderSpec> result = new ArrayList<>();
        for (Map.Entry<String, ConfigTree> provider : byName.entrySet()) {
            result.add(provider(provider.getKey(), provider.getValue(), environment));
        }
        return result;
    }

    private static ProviderSpec provider(String name, ConfigTree fields, Map<String, String> environment) {
        String path = fields.path();
        checkName(name, path, "provider");
        if (fields.isAbsent()) {
            throw new ConfigException(path, "is empty: a provider needs regions with models");
        }
        fields.allowOnly(KEYS);
        ProviderKind kind = ProviderKind.ofName(name);
        checkProtocol(kind, name, fields.get("protocol"));
        Optional<URI> baseUrl = baseUrl(fields.get("base_url"));
        if (kind == ProviderKind.CUSTOM && baseUrl.isEmpty()) {
            throw new ConfigException(ConfigTree.child(path, "base_url"), "is required: \"" + name
                    + "\" is not a built-in provider (openai, studio, vertex, claude, vclaude), so it is a custom"
                    + " OpenAI-protocol endpoint");
        }
        Optional<String> apiKeyEnv = apiKeyEnv(kind, fields.get("api_key_env"), environment);
        ProviderVariables.of(kind).ifPresent(variable -> requireSet(variable, environment, path,
                "the " + name + " provider needs it"));
        ConfigTree regionsNode = fields.get("regions");
        String regionsPath = regionsNode.path();
        List<RegionSpec> regions = RegionReader.read(regionsNode);
        if (regions.isEmpty()) {
            throw new ConfigException(regionsPath, "no real region: `default` is only a template copied into the"
                    + " other regions; add a region" + (MULTI_REGION.contains(kind) ? " such as us-central1"
                    : " named \"" + name + "\""));
        }
        checkEmbeddings(kind, name, regions, regionsPath);
        if (!MULTI_REGION.contains(kind)) {
            for (RegionSpec region : regions) {
                if (!region.name().equals(name)) {
                    throw new ConfigException(ConfigTree.child(regionsPath, region.name()), (kind == ProviderKind.CUSTOM
                            ? "a custom provider" : "the " + name + " provider") + " has exactly one region, named \""
                            + name + "\" like the provider");
                }
            }
        }
        return new ProviderSpec(name, kind, baseUrl, apiKeyEnv, regions);
    }

    private static void checkEmbeddings(ProviderKind kind, String name, List<RegionSpec> regions, String regionsPath) {
        if (kind.servesEmbeddings()) {
            return;
        }
        for (RegionSpec region : regions) {
            region.models().stream().filter(m -> m.kind() == ModelKind.EMBEDDING).findFirst().ifPresent(m -> {
                throw new ConfigException(ConfigTree.child(regionsPath, region.name()), "the " + name + " provider has"
                        + " no embeddings API, but its model \"" + m.name() + "\" is an embedding model (by its name or"
                        + " kind: embedding); give it kind: chat if it is a chat model");
            });
        }
    }

    static void checkName(String name, String path, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(path, "a " + what + " name may contain only letters, digits, '.', '_' and '-'"
                    + " (callers write provider/region/model)");
        }
    }

    private static void checkProtocol(ProviderKind kind, String name, ConfigTree value) {
        String path = value.path();
        if (value.isAbsent()) {
            if (kind == ProviderKind.CUSTOM) {
                throw new ConfigException(path, "is required for a custom provider; the only protocol is openai");
            }
            return;
        }
        String protocol = value.text();
        if (!protocol.equals("openai")) {
            throw new ConfigException(path, "unknown protocol \"" + protocol
                    + "\"; the only supported protocol is openai");
        }
        if (kind != ProviderKind.CUSTOM && kind != ProviderKind.OPENAI) {
            throw new ConfigException(path, "the built-in " + name + " provider speaks its own protocol; remove this"
                    + " key (protocol is for custom providers)");
        }
    }

    private static Optional<URI> baseUrl(ConfigTree value) {
        String path = value.path();
        if (value.isAbsent()) {
            return Optional.empty();
        }
        String text = value.text();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(path, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ConfigException(path, "must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(path, "must not contain user info (credentials); use api_key_env");
        }
        return Optional.of(uri);
    }

    private static Optional<String> apiKeyEnv(ProviderKind kind, ConfigTree value, Map<String, String> environment) {
        String path = value.path();
        if (value.isAbsent()) {
            return Optional.empty();
        }
        if (kind != ProviderKind.CUSTOM) {
            throw new ConfigException(path, "is for custom providers only; this built-in provider reads "
                    + ProviderVariables.of(kind).orElse("its own variable"));
        }
        String variable = value.text();
        if (!VARIABLE.matcher(variable).matches()) {
            throw new ConfigException(path, "must be the NAME of an environment variable (letters, digits, '_')");
        }
        requireSet(variable, environment, path, "named here");
        return Optional.of(variable);
    }

    /** A key variable may instead name a file ({@link SecretFiles}); the Google project may not. */
    private static void requireSet(String variable, Map<String, String> environment, String path, String why) {
        boolean secret = !variable.equals(ProviderVariables.GOOGLE_CLOUD_PROJECT);
        String value = environment.get(variable);
        boolean set = secret ? SecretFiles.read(environment, variable).isPresent() : value != null && !value.isBlank();
        if (!set) {
            throw new ConfigException(path, "environment variable " + variable + " is unset or empty (" + why
                    + (secret ? "; or name a file holding it in " + variable + SecretFiles.SUFFIX : "") + ")");
        }
    }
}
