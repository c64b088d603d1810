package dev.ogem.quota;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds {@link ValkeySettings}. The nodes are required, given once as one server ({@link #endpoint}), a
 * cluster ({@link #cluster}) or sentinels ({@link #sentinel}); the rest defaults to no user or password, no
 * TLS, database 0 and a timeout of {@link ValkeySettings#DEFAULT_TIMEOUT}.
 */
public final class ValkeySettingsBuilder {
    private List<InetSocketAddress> nodes = List.of();
    private ValkeySettings.Mode mode = ValkeySettings.Mode.STANDALONE;
    private Optional<String> sentinelMaster = Optional.empty();
    private Optional<String> user = Optional.empty();
    private Optional<String> password = Optional.empty();
    private boolean tls;
    private int database;
    private Duration timeout = ValkeySettings.DEFAULT_TIMEOUT;

    ValkeySettingsBuilder() {
    }

    ValkeySettingsBuilder(ValkeySettings settings) {
        this.nodes = settings.nodes();
        this.mode = settings.mode();
        this.sentinelMaster = settings.sentinelMaster();
        this.user = settings.user();
        this.password = settings.password();
        this.tls = settings.tls();
        this.database = settings.database();
        this.timeout = settings.timeout();
    }

    /**
     * One server, written as {@code host:port} (the form of {@code VALKEY_ENDPOINT}).
     *
     * @param endpoint e.g. {@code 127.0.0.1:6379} or {@code [::1]:6379}
     * @return this builder
     * @throws IllegalArgumentException if the endpoint is not {@code host:port}
     */
    public ValkeySettingsBuilder endpoint(String endpoint) {
        return nodes(endpoint, ValkeySettings.Mode.STANDALONE, Optional.empty());
    }

    /**
     * A Valkey Cluster, learnt from some of its nodes (one suffices; more survive its loss).
     *
     * @param endpoints comma-separated {@code host:port}
     * @return this builder
     * @throws IllegalArgumentException if an endpoint is not {@code host:port}
     */
    public ValkeySettingsBuilder cluster(String endpoints) {
        return nodes(endpoints, ValkeySettings.Mode.CLUSTER, Optional.empty());
    }

    /**
     * A primary (and its replicas) watched by Sentinel.
     *
     * @param endpoints comma-separated {@code host:port} of the sentinels
     * @param master    the name the sentinels monitor the primary by, such as {@code mymaster}
     * @return this builder
     * @throws IllegalArgumentException if an endpoint is not {@code host:port}
     */
    public ValkeySettingsBuilder sentinel(String endpoints, String master) {
        return nodes(endpoints, ValkeySettings.Mode.SENTINEL, Optional.of(Objects.requireNonNull(master, "master")));
    }

    /**
     * The ACL user name; without one, a password authenticates the {@code default} user.
     *
     * @param value the user name
     * @return this builder
     */
    public ValkeySettingsBuilder user(String value) {
        this.user = Optional.of(value);
        return this;
    }

    /**
     * The password of the data nodes (sentinels are reached without one).
     *
     * @param value the password
     * @return this builder
     */
    public ValkeySettingsBuilder password(String value) {
        this.password = Optional.of(value);
        return this;
    }

    /**
     * Whether to connect with TLS; default no.
     *
     * @param value whether to use TLS
     * @return this builder
     */
    public ValkeySettingsBuilder tls(boolean value) {
        this.tls = value;
        return this;
    }

    /**
     * The database number; default 0, the only one a cluster has.
     *
     * @param value the database number
     * @return this builder
     */
    public ValkeySettingsBuilder database(int value) {
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
    public ValkeySettingsBuilder timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    /**
     * The settings.
     *
     * @return the settings
     * @throws IllegalArgumentException when no node was given or a value is out of range
     */
    public ValkeySettings build() {
        return new ValkeySettings(nodes, mode, sentinelMaster, user, password, tls, database, timeout);
    }

    private ValkeySettingsBuilder nodes(String endpoints, ValkeySettings.Mode newMode, Optional<String> master) {
        Objects.requireNonNull(endpoints, "endpoints");
        List<InetSocketAddress> parsed = new ArrayList<>();
        for (String endpoint : endpoints.split(",", -1)) {
            parsed.add(node(endpoint.trim()));
        }
        this.nodes = List.copyOf(parsed);
        this.mode = newMode;
        this.sentinelMaster = master;
        return this;
    }

    private static InetSocketAddress node(String endpoint) {
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
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("Valkey endpoint must be host:port with a port 1-65535, got '"
                    + endpoint + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
