package dev.ogem.quota;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach Valkey (or Redis). Build it with {@link #of(String)} and the {@code with…}
 * methods; {@link #toString()} never shows the password.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param user     ACL user name, if any
 * @param password password, if any
 * @param tls      whether to connect with TLS
 * @param database database number
 * @param timeout  command and connect timeout; short, so an outage never hangs a request
 */
public record ValkeySettings(String host,
                             int port,
                             Optional<String> user,
                             Optional<String> password,
                             boolean tls,
                             int database,
                             Duration timeout) {
    /** Default command timeout: 250 ms. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

    /**
     * Checks the components.
     */
    public ValkeySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative: " + database);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Settings for an endpoint written as {@code host:port} (the form of {@code VALKEY_ENDPOINT}),
     * without authentication or TLS, database 0, timeout {@link #DEFAULT_TIMEOUT}.
     *
     * @param endpoint {@code host:port}, e.g. {@code 127.0.0.1:6379} or {@code [::1]:6379}
     * @return the settings
     * @throws IllegalArgumentException if the endpoint is not {@code host:port}
     */
    public static ValkeySettings of(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new IllegalArgumentException("Valkey endpoint must be host:port, got '" + endpoint + "'");
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Valkey endpoint port is not a number: '" + endpoint + "'", e);
        }
        return new ValkeySettings(host, port, Optional.empty(), Optional.empty(), false, 0, DEFAULT_TIMEOUT);
    }

    /**
     * A copy with user and password (ACL authentication).
     *
     * @param user     the user name
     * @param password the password
     * @return the new settings
     */
    public ValkeySettings withUser(String user, String password) {
        return new ValkeySettings(host, port, Optional.of(user), Optional.of(password), tls, database, timeout);
    }

    /**
     * A copy with a password (the {@code default} user).
     *
     * @param password the password
     * @return the new settings
     */
    public ValkeySettings withPassword(String password) {
        return new ValkeySettings(host, port, user, Optional.of(password), tls, database, timeout);
    }

    /**
     * A copy with TLS on or off.
     *
     * @param tls whether to use TLS
     * @return the new settings
     */
    public ValkeySettings withTls(boolean tls) {
        return new ValkeySettings(host, port, user, password, tls, database, timeout);
    }

    /**
     * A copy with another database number.
     *
     * @param database the database number
     * @return the new settings
     */
    public ValkeySettings withDatabase(int database) {
        return new ValkeySettings(host, port, user, password, tls, database, timeout);
    }

    /**
     * A copy with another command timeout.
     *
     * @param timeout the timeout
     * @return the new settings
     */
    public ValkeySettings withTimeout(Duration timeout) {
        return new ValkeySettings(host, port, user, password, tls, database, timeout);
    }

    /**
     * The endpoint as {@code host:port}, safe to log.
     *
     * @return {@code host:port}
     */
    public String endpoint() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "ValkeySettings[" + endpoint() + ", user=" + user.orElse("-")
                + ", password=" + (password.isPresent() ? "***" : "-")
                + ", tls=" + tls + ", database=" + database + ", timeout=" + timeout + "]";
    }
}
