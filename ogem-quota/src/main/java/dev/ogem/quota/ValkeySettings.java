package dev.ogem.quota;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where and how to reach Valkey (or Redis): one server, a Valkey Cluster or a primary watched by Sentinel.
 * Build it with {@link #builder()} ({@link #of(String)} is the short form for one server); {@link #toBuilder()}
 * changes a copy; {@link #toString()} never shows the password.
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
        return builder().endpoint(endpoint).build();
    }

    /**
     * A builder holding the defaults: no nodes yet, no user or password, no TLS, database 0, timeout
     * {@link #DEFAULT_TIMEOUT}.
     *
     * @return a new builder
     */
    public static ValkeySettingsBuilder builder() {
        return new ValkeySettingsBuilder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public ValkeySettingsBuilder toBuilder() {
        return new ValkeySettingsBuilder(this);
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
        return "ValkeySettings[" + mode.name().toLowerCase(Locale.ROOT) + " " + endpoint()
                + sentinelMaster.map(master -> ", master=" + master).orElse("")
                + ", user=" + user.orElse("-")
                + ", password=" + (password.isPresent() ? "***" : "-")
                + ", tls=" + tls + ", database=" + database + ", timeout=" + timeout + "]";
    }
}
