package dev.ogem.quota.valkey;

import dev.ogem.quota.Records;
import dev.ogem.quota.StateUnavailableException;
import dev.ogem.quota.memory.RecordChecks;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link Records} in Valkey: a record is the string key {@code ogem:rec:<namespace>:<id>} with its own
 * time to live, a set the key {@code ogem:set:<name>} without one. Every command names one key, so no
 * command crosses hash slots on a cluster. There is no local fallback: while Valkey is out (as the
 * store's {@link Outage} knows it) each call throws {@link StateUnavailableException} at once, and a
 * call that fails marks the outage like any other store call.
 */
final class ValkeyRecords implements Records {
    /** Records of one {@link #putAll} sent before waiting for their answers. */
    static final int PIPELINE = 1_000;
    static final String RECORD_PREFIX = Keys.PREFIX + "rec:";
    static final String SET_PREFIX = Keys.PREFIX + "set:";

    private final ValkeyConnection connection;
    private final Outage outage;
    private final Consumer<RuntimeException> failed;
    private final String endpoint;
    private final Duration timeout;

    /**
     * @param failed what the store does with a failed call: drop a broken connection, start or extend the outage
     */
    ValkeyRecords(ValkeyConnection connection, Outage outage, Consumer<RuntimeException> failed, String endpoint,
                  Duration timeout) {
        this.connection = connection;
        this.outage = outage;
        this.failed = failed;
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    @Override
    public void put(String namespace, String id, byte[] value, Duration ttl) {
        RecordChecks.value(value, ttl);
        String key = record(namespace, id);
        call("writing a record",
                () -> connection.commands().set(key, value.clone(), SetArgs.Builder.px(ttl.toMillis())));
    }

    @Override
    public void putAll(String namespace, Map<String, byte[]> values, Duration ttl) {
        RecordChecks.name(namespace);
        values.forEach((id, value) -> {
            RecordChecks.id(id);
            RecordChecks.value(value, ttl);
        });
        List<Map.Entry<String, byte[]>> entries = List.copyOf(values.entrySet());
        for (int from = 0; from < entries.size(); from += PIPELINE) {
            List<Map.Entry<String, byte[]>> chunk = entries.subList(from, Math.min(entries.size(), from + PIPELINE));
            call("writing records", () -> {
                RedisClusterAsyncCommands<String, byte[]> async = connection.async();
                List<RedisFuture<String>> sent = new ArrayList<>(chunk.size());
                for (Map.Entry<String, byte[]> entry : chunk) {
                    sent.add(async.set(record(namespace, entry.getKey()), entry.getValue().clone(),
                            SetArgs.Builder.px(ttl.toMillis())));
                }
                for (RedisFuture<String> each : sent) {
                    await(each);
                }
                return "";
            });
        }
    }

    @Override
    public boolean putIfAbsent(String namespace, String id, byte[] value, Duration ttl) {
        RecordChecks.value(value, ttl);
        String key = record(namespace, id);
        return call("claiming a record", () -> "OK".equals(connection.commands().set(key, value.clone(),
                SetArgs.Builder.nx().px(ttl.toMillis()))));
    }

    @Override
    public Optional<byte[]> get(String namespace, String id) {
        String key = record(namespace, id);
        return call("reading a record", () -> Optional.ofNullable(connection.commands().get(key)));
    }

    @Override
    public void remove(String namespace, String id) {
        String key = record(namespace, id);
        call("removing a record", () -> connection.commands().del(key));
    }

    @Override
    public void addMember(String set, String member) {
        String key = set(set);
        byte[] bytes = RecordChecks.id(member).getBytes(StandardCharsets.UTF_8);
        call("adding to a set", () -> connection.commands().sadd(key, bytes));
    }

    @Override
    public void removeMember(String set, String member) {
        String key = set(set);
        byte[] bytes = RecordChecks.id(member).getBytes(StandardCharsets.UTF_8);
        call("removing from a set", () -> connection.commands().srem(key, bytes));
    }

    @Override
    public Set<String> members(String set) {
        String key = set(set);
        return call("reading a set", () -> {
            Set<String> members = new HashSet<>();
            connection.commands().smembers(key)
                    .forEach(m -> members.add(new String(m, StandardCharsets.UTF_8)));
            return Set.copyOf(members);
        });
    }

    static String record(String namespace, String id) {
        return RECORD_PREFIX + RecordChecks.name(namespace) + ":" + RecordChecks.id(id);
    }

    static String set(String name) {
        return SET_PREFIX + RecordChecks.name(name);
    }

    private <T> T call(String what, Supplier<T> command) {
        if (!outage.tryValkey()) {
            throw StateUnavailableException.of(what + " failed: Valkey at " + endpoint + " is out");
        }
        try {
            T result = command.get();
            outage.succeeded();
            return result;
        } catch (RedisException | ValkeyUnavailableException e) {
            failed.accept(e);
            throw StateUnavailableException.of(what + " failed: Valkey at " + endpoint + " did not answer", e);
        }
    }

    private void await(RedisFuture<String> future) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValkeyUnavailableException("interrupted while writing records", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redis ? redis
                    : new ValkeyUnavailableException("writing records", e.getCause());
        } catch (TimeoutException e) {
            throw new ValkeyUnavailableException("writing records timed out", e);
        }
    }
}
