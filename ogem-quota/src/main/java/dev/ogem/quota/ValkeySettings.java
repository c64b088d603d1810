package dev.ogem.quota;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach Valkey (or Redis). Build it with {@link #builder()} (or {@link #of(String)} for an
 * endpoint with the defaults); {@link #toBuilder()} changes a copy; {@link #toString()} never shows the password.
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
     * A builder holding the defaults; it needs the endpoint.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings for an endpoint written as {@code host:port} (the form of {@code VALKEY_ENDPOINT}), with the
     * builder's defaults: no authentication, no TLS, database 0, timeout {@link #DEFAULT_TIMEOUT}.
     *
     * @param endpoint {@code host:port}, e.g. {@code 127.0.0.1:6379} or {@code [::1]:6379}
     * @return the settings
     * @throws IllegalArgumentException if the endpoint is not {@code host:port}
     */
    public static ValkeySettings of(String endpoint) {
        return builder().endpoint(endpoint).build();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder().host(host).port(port).tls(tls).database(database).timeout(timeout);
        user.ifPresent(builder::user);
        password.ifPresent(builder::password);
        return builder;
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

    /**
     * Builds {@link ValkeySettings}. The endpoint is required; the rest defaults to no user or password, no TLS,
     * database 0 and a command timeout of {@link ValkeySettings#DEFAULT_TIMEOUT}.
     */
    public static final class Builder {
        private String host;
        private int port;
        private Optional<String> user = Optional.empty();
        private Optional<String> password = Optional.empty();
        private boolean tls;
        private int database;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /**
         * Host and port written as {@code host:port}, the form of {@code VALKEY_ENDPOINT}.
         *
         * @param endpoint e.g. {@code 127.0.0.1:6379} or {@code [::1]:6379}
         * @return this builder
         * @throws IllegalArgumentException if the endpoint is not {@code host:port}
         */
        public Builder endpoint(String endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0 || colon == endpoint.length() - 1) {
                throw new IllegalArgumentException("Valkey endpoint must be host:port, got '" + endpoint + "'");
            }
            String name = endpoint.substring(0, colon);
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            try {
                port(Integer.parseInt(endpoint.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Valkey endpoint port is not a number: '" + endpoint + "'", e);
            }
            return host(name);
        }

        /**
         * The host name or address.
         *
         * @param value the host
         * @return this builder
         */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /**
         * The TCP port.
         *
         * @param value the port
         * @return this builder
         */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * The ACL user name; without one, a password authenticates the {@code default} user.
         *
         * @param value the user name
         * @return this builder
         */
        public Builder user(String value) {
            this.user = Optional.of(value);
            return this;
        }

        /**
         * The password.
         *
         * @param value the password
         * @return this builder
         */
        public Builder password(String value) {
            this.password = Optional.of(value);
            return this;
        }

        /**
         * Whether to connect with TLS; default no.
         *
         * @param value whether to use TLS
         * @return this builder
         */
        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        /**
         * The database number; default 0.
         *
         * @param value the database number
         * @return this builder
         */
        public Builder database(int value) {
            this.database = value;
            return this;
        }

        /**
         * The command and connect timeout; default {@link ValkeySettings#DEFAULT_TIMEOUT}, short so that an outage
         * never hangs a request.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * The settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when the endpoint is missing or a value is out of range
         */
        public ValkeySettings build() {
            if (host == null) {
                throw new IllegalArgumentException("a Valkey endpoint (host and port) is required");
            }
            return new ValkeySettings(host, port, user, password, tls, database, timeout);
        }
    }
}
