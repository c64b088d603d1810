package dev.ogem.server.config;

/**
 * A reloaded config that was refused: the message of the {@link ConfigException} saying where and why (never a
 * secret), and the version of the document it was found in, so that a watcher does not report the same broken
 * document twice.
 */
public final class ConfigReloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The refused document; not serializable, and not needed once the exception left the process. */
    private final transient ConfigVersion version;

    ConfigReloadException(ConfigException cause, ConfigVersion version) {
        super(cause.getMessage(), cause);
        this.version = version;
    }

    /**
     * The version of the refused document.
     *
     * @return its digest and validators; the version seen before when the document could not be read at all
     */
    public ConfigVersion version() {
        return version;
    }
}
