package dev.ogem.server.config;

import java.util.Objects;

/**
 * A validated config together with the version of the document it was read from.
 *
 * @param config  the config
 * @param version the document's digest and validators, to skip it when it comes again unchanged
 */
public record LoadedConfig(GatewayConfig config, ConfigVersion version) {

    /** Checks for nulls. */
    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(version, "version");
    }
}
