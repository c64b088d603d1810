package dev.ogem.quota;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the {@link Records} of every {@link StateStore} must do; part of {@link StateStoreContract}, so it
 * runs against memory and a real Valkey.
 */
public abstract class RecordsContract {

    /**
     * The store under test.
     *
     * @return the open store
     */
    protected abstract StateStore storeUnderTest();

    /**
     * Lets time pass for the records' time to live.
     *
     * @param duration how much
     */
    protected abstract void letTimePass(Duration duration);

    private Records records() {
        return storeUnderTest().records();
    }

    private static String fresh() {
        return "id-" + UUID.randomUUID();
    }

    @Test
    public void aRecordRoundTripsIsReplacedAndRemoved() {
        String id = fresh();
        assertEquals(Optional.empty(), records().get("jobs", id));
        byte[] value = {1, 2, 3};
        records().put("jobs", id, value, Duration.ofHours(1));
        value[0] = 9; // the store keeps its own copy
        assertArrayEquals(new byte[] {1, 2, 3}, records().get("jobs", id).orElseThrow());
        records().put("jobs", id, new byte[] {4}, Duration.ofHours(1));
        assertArrayEquals(new byte[] {4}, records().get("jobs", id).orElseThrow());
        records().remove("jobs", id);
        assertEquals(Optional.empty(), records().get("jobs", id));
        records().remove("jobs", id); // removing nothing is fine
    }

    @Test
    public void namespacesAreSeparate() {
        String id = fresh();
        records().put("jobs", id, new byte[] {1}, Duration.ofHours(1));
        records().put("requests", id, new byte[] {2}, Duration.ofHours(1));
        assertArrayEquals(new byte[] {1}, records().get("jobs", id).orElseThrow());
        assertArrayEquals(new byte[] {2}, records().get("requests", id).orElseThrow());
        assertEquals(Optional.empty(), records().get("claims", id));
    }

    @Test
    public void putAllWritesEveryRecord() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (int i = 0; i < 2_500; i++) { // more than one pipeline of the Valkey store
            values.put(fresh(), new byte[] {(byte) i});
        }
        records().putAll("requests", values, Duration.ofHours(1));
        values.forEach((id, value) -> assertArrayEquals(value, records().get("requests", id).orElseThrow()));
    }

    @Test
    public void putIfAbsentClaimsOnceUntilRemovedOrExpired() {
        String id = fresh();
        assertTrue(records().putIfAbsent("claims", id, new byte[] {1}, Duration.ofMillis(300)));
        assertFalse(records().putIfAbsent("claims", id, new byte[] {2}, Duration.ofHours(1)));
        assertArrayEquals(new byte[] {1}, records().get("claims", id).orElseThrow());
        letTimePass(Duration.ofMillis(600));
        assertEquals(Optional.empty(), records().get("claims", id), "expired with its own ttl");
        assertTrue(records().putIfAbsent("claims", id, new byte[] {3}, Duration.ofHours(1)));
        records().remove("claims", id);
        assertTrue(records().putIfAbsent("claims", id, new byte[] {4}, Duration.ofHours(1)));
    }

    @Test
    public void recordsExpireWithTheirOwnTtlOnly() {
        String shortLived = fresh();
        String longLived = fresh();
        records().put("jobs", shortLived, new byte[] {1}, Duration.ofMillis(300));
        records().put("jobs", longLived, new byte[] {2}, Duration.ofHours(1));
        letTimePass(Duration.ofMillis(600));
        assertEquals(Optional.empty(), records().get("jobs", shortLived));
        assertArrayEquals(new byte[] {2}, records().get("jobs", longLived).orElseThrow());
    }

    @Test
    public void recordsAreNeverEvictedToMakeRoomForTheCache() {
        List<String> ids = List.of(fresh(), fresh(), fresh(), fresh());
        ids.forEach(id -> records().put("jobs", id, new byte[200], Duration.ofHours(1)));
        for (int i = 0; i < 20; i++) { // far past the memory store's cache bound in these tests
            storeUnderTest().cache("filler-" + fresh(), new byte[200], Duration.ofHours(1));
        }
        ids.forEach(id -> assertEquals(200, records().get("jobs", id).orElseThrow().length));
    }

    @Test
    public void aSetAddsAndRemovesMembersAtomically() throws Exception {
        String set = "inflight-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(Set.of(), records().members(set));
        records().addMember(set, "a");
        records().addMember(set, "a");
        records().addMember(set, "b");
        records().removeMember(set, "a");
        records().removeMember(set, "missing");
        assertEquals(Set.of("b"), records().members(set));
        Set<String> expected = new HashSet<>(Set.of("b"));
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                List<String> mine = IntStream.range(0, 50).mapToObj(i -> fresh()).toList();
                expected.addAll(mine);
                done.add(writers.submit(() -> mine.forEach(m -> records().addMember(set, m))));
            }
            for (Future<?> each : done) {
                each.get();
            }
        }
        assertEquals(expected, records().members(set), "no concurrent add is lost");
        assertEquals(Set.of(), records().members("another-" + set.substring(9)));
    }

    @Test
    public void badNamesAndArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> records().put("Jobs", "x", new byte[1], Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> records().put("a:b", "x", new byte[1], Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> records().get("jobs", ""));
        assertThrows(IllegalArgumentException.class, () -> records().put("jobs", "x", new byte[1], Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> records().addMember("{batch}", "x"));
        assertThrows(NullPointerException.class, () -> records().get("jobs", null));
    }
}
