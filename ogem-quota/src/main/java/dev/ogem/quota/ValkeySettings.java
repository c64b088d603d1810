package dev.ogem.quota;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where and how to reach Valkey (or Redis): one server ({@link #of(String)}), a Valkey Cluster
 * ({@link #cluster(String)}) or a primary watched by Sentinel ({@link #sentinel(String, String)}), then the
 * {@code with…} methods; {@link #toString()} never shows the password.
 *
 * @param nodes          the server ({@link Mode#STANDALONE}), some cluster nodes to learn the topology from
 *                       ({@link Mode#CLUSTER}) or the sentinels ({@link Mode#SENTINEL}); unresolved addresses
 * @param mode           how the nodes are used
 * @param sentinelMaster the master name the sentinels monitor; present in {@link Mode#SENTINEL} only
 * @param user           ACL user name, if any
 * @param password       password, if any (of the data nodes; sentinels are reached without one)
 * @param tls            whether to connect with TLS
 * @param database       database number; 0 on a cluster, which has no other
 * @param timeout        command and connect timeout; short, so an outage never hangs a request
 */
public record ValkeySettings(List<InetSocketAddress> nodes,
                             Mode mode,
                             Optional<String> sentinelMaster,
                             Optional<String> user,
                             Optional<String> password,
                             boolean tls,
                             int database,
                             Duration timeout) {
    /** Default command timeout: 250 ms. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

    /** How the nodes of a {@link ValkeySettings} are used. */
    public enum Mode {
        /** One server. */
        STANDALONE,
        /** A Valkey Cluster: the nodes are seeds; the topology is learnt from them and followed. */
        CLUSTER,
        /** The nodes are sentinels that name the current primary of {@link #sentinelMaster()}. */
        SENTINEL
    }

    /**
     * Checks the components.
     */
    public ValkeySettings {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sentinelMaster, "sentinelMaster");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node is needed");
        }
        if (mode == Mode.STANDALONE && nodes.size() > 1) {
            throw new IllegalArgumentException("standalone mode takes one host:port, got " + nodes.size()
                    + "; a list needs cluster or sentinel mode");
        }
        if ((mode == Mode.SENTINEL) != sentinelMaster.isPresent()) {
            throw new IllegalArgumentException("a sentinel master name goes with sentinel mode, and only with it");
        }
        if (sentinelMaster.isPresent() && sentinelMaster.get().isBlank()) {
            throw new IllegalArgumentException("the sentinel master name must not be blank");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative: " + database);
        }
        if (mode == Mode.CLUSTER && database != 0) {
            throw new IllegalArgumentException("a Valkey Cluster has only database 0, got " + database);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Settings for one server written as {@code host:port} (the form of {@code VALKEY_ENDPOINT}),
     * without authentication or TLS, database 0, timeout {@link #DEFAULT_TIMEOUT}.
     *
     * @param endpoint {@code host:port}, e.g. {@code 127.0.0.1:6379} or {@code [::1]:6379}
     * @return the settings
     * @throws IllegalArgumentException if the endpoint is not {@code host:port}
     */
    public static ValkeySettings of(String endpoint) {
        return create(endpoint, Mode.STANDALONE, Optional.empty());
    }

    /**
     * Settings for a Valkey Cluster, otherwise as {@link #of(String)}.
     *
     * @param endpoints comma-separated {@code host:port} of some nodes (one suffices; more survive its loss)
     * @return the settings
     * @throws IllegalArgumentException if an endpoint is not {@code host:port}
     */
    public static ValkeySettings cluster(String endpoints) {
        return create(endpoints, Mode.CLUSTER, Optional.empty());
    }

    /**
     * Settings for a primary (and its replicas) watched by Sentinel, otherwise as {@link #of(String)}.
     *
     * @param endpoints comma-separated {@code host:port} of the sentinels
     * @param master    the name the sentinels monitor the primary by, such as {@code mymaster}
     * @return the settings
     * @throws IllegalArgumentException if an endpoint is not {@code host:port} or the name is blank
     */
    public static ValkeySettings sentinel(String endpoints, String master) {
        return create(endpoints, Mode.SENTINEL, Optional.of(Objects.requireNonNull(master, "master")));
    }

    private static ValkeySettings create(String endpoints, Mode mode, Optional<String> master) {
        Objects.requireNonNull(endpoints, "endpoints");
        List<InetSocketAddress> nodes = new ArrayList<>();
        for (String endpoint : endpoints.split(",", -1)) {
            nodes.add(node(endpoint.trim()));
        }
        return new ValkeySettings(nodes, mode, master, Optional.empty(), Optional.empty(), false, 0, DEFAULT_TIMEOUT);
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

    /**
     * A copy with user and password (ACL authentication).
     *
     * @param user     the user name
     * @param password the password
     * @return the new settings
     */
    public ValkeySettings withUser(String user, String password) {
        return new ValkeySettings(nodes, mode, sentinelMaster, Optional.of(user), Optional.of(password), tls, database,
                timeout);
    }

    /**
     * A copy with a password (the {@code default} user).
     *
     * @param password the password
     * @return the new settings
     */
    public ValkeySettings withPassword(String password) {
        return new ValkeySettings(nodes, mode, sentinelMaster, user, Optional.of(password), tls, database, timeout);
    }

    /**
     * A copy with TLS on or off.
     *
     * @param tls whether to use TLS
     * @return the new settings
     */
    public ValkeySettings withTls(boolean tls) {
        return new ValkeySettings(nodes, mode, sentinelMaster, user, password, tls, database, timeout);
    }

    /**
     * A copy with another database number.
     *
     * @param database the database number
     * @return the new settings
     * @throws IllegalArgumentException for a database other than 0 on a cluster
     */
    public ValkeySettings withDatabase(int database) {
        return new ValkeySettings(nodes, mode, sentinelMaster, user, password, tls, database, timeout);
    }

    /**
     * A copy with another command timeout.
     *
     * @param timeout the timeout
     * @return the new settings
     */
    public ValkeySettings withTimeout(Duration timeout) {
        return new ValkeySettings(nodes, mode, sentinelMaster, user, password, tls, database, timeout);
    }

    /**
     * The nodes as {@code VALKEY_ENDPOINT} takes them, safe to log.
     *
     * @return {@code host:port}, comma-separated when there are several
     */
    public String endpoint() {
        return nodes.stream().map(ValkeySettings::endpoint).collect(Collectors.joining(","));
    }

    private static String endpoint(InetSocketAddress node) {
        String host = node.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + node.getPort();
    }

    @Override
    public String toString() {
        return "ValkeySettings[" + mode.name().toLowerCase(java.util.Locale.ROOT) + " " + endpoint()
                + sentinelMaster.map(master -> ", master=" + master).orElse("")
                + ", user=" + user.orElse("-")
                + ", password=" + (password.isPresent() ? "***" : "-")
                + ", tls=" + tls + ", database=" + database + ", timeout=" + timeout + "]";
    }
}
