package dev.ogem.server.config;

/**
 * A configuration problem that stops startup. The message names the config path (for example
 * {@code providers.vertex.regions.us-central1.models[2].rpm}) or the environment variable, and the reason;
 * it never contains a secret value.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A problem at a config path.
     *
     * @param path   where the problem is: a config path, an environment variable name or a source
     * @param reason what is wrong, without any secret value
     */
    public ConfigException(String path, String reason) {
        super(path + ": " + reason);
    }

    /**
     * A problem at a config path caused by another exception.
     *
     * @param path   where the problem is
     * @param reason what is wrong, without any secret value
     * @param cause  the underlying failure; its message must not carry secrets either
     */
    public ConfigException(String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
    }
}
