package dev.ogem.quota;

import dev.ogem.quota.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link StateStore} must do, on a fake clock, its {@link RecordsContract records} included.
 * Subclasses open the store under test.
 */
public abstract class StateStoreContract extends RecordsContract {
    /** The fake clock the store decides on. */
    protected FakeClock clock;
    /** The store under test. */
    protected StateStore store;

    /**
     * Opens the store under test.
     *
     * @param clock the clock every decision must come from
     * @return a fresh store
     */
    protected abstract StateStore open(FakeClock clock);

    /**
     * The mode {@link StateStore#status()} must report.
     *
     * @return {@code memory} or {@code valkey}
     */
    protected abstract String mode();

    /** Opens a store on a fresh fake clock. */
    @BeforeEach
    public void openStore() {
        clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
        store = open(clock);
    }

    /** Closes the store, which must have answered every call itself (no Valkey call fell back). */
    @AfterEach
    public void closeStore() {
        StoreStatus status = store.status();
        store.close();
        assertEquals(0, status.fallbacks(), () -> "calls fell back to local memory: " + status.reason());
    }

    @Override
    protected StateStore storeUnderTest() {
        return store;
    }

    /** Advances the fake clock; a store whose records expire on another clock overrides this. */
    @Override
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    /** A bucket no other test (nor an earlier run on the same server) uses. */
    protected static Bucket freshBucket() {
        return new Bucket("openai", "openai", "gpt-4o-" + UUID.randomUUID());
    }

    private Reservation admitted(Bucket bucket, Limits limits, long tokens) {
        Admission admission = store.reserve(bucket, limits, tokens);
        return assertInstanceOf(Admission.Admitted.class, admission, "expected admission").reservation();
    }

    private void admitEach(Bucket bucket, Limits limits, int requests, long tokens) {
        for (int i = 0; i < requests; i++) {
            admitted(bucket, limits, tokens);
        }
    }

    private Duration refused(Bucket bucket, Limits limits, long tokens) {
        Admission admission = store.reserve(bucket, limits, tokens);
        return assertInstanceOf(Admission.Refused.class, admission, "expected refusal").retryAfter();
    }

    @Test
    public void rpmHoldsOverAnySixtySecondWindow() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(10, 0);
        for (int i = 0; i < 10; i++) {
            admitted(bucket, limits, 1);
        }
        assertEquals(Duration.ofSeconds(60), refused(bucket, limits, 1));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), refused(bucket, limits, 1));
        clock.advance(Duration.ofMillis(29_999));
        assertEquals(Duration.ofMillis(1), refused(bucket, limits, 1));
        clock.advance(Duration.ofMillis(2));
        for (int i = 0; i < 10; i++) {
            admitted(bucket, limits, 1);
        }
        assertEquals(Duration.ofSeconds(60), refused(bucket, limits, 1));
    }

    @Test
    public void windowSlidesEntryByEntry() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(10, 0);
        for (int i = 0; i < 5; i++) {
            admitted(bucket, limits, 1);
        }
        clock.advance(Duration.ofSeconds(20));
        for (int i = 0; i < 5; i++) {
            admitted(bucket, limits, 1);
        }
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(20), refused(bucket, limits, 1));
        clock.advance(Duration.ofSeconds(20));
        // t = 60 s: the five from t = 0 have left, the five from t = 20 s still count
        for (int i = 0; i < 5; i++) {
            admitted(bucket, limits, 1);
        }
        assertEquals(Duration.ofSeconds(20), refused(bucket, limits, 1));
    }

    /**
     * Thousands of entries leave the window at once (a lull behind heavy traffic): more than one Valkey call
     * drops, so for a while they stay behind, and every decision, wait and reading must still be exact.
     */
    @Test
    public void aLongBacklogPastTheWindowLeavesEveryDecisionExact() {
        Bucket bucket = freshBucket();
        Limits bulk = new Limits(1_000_000, 0);
        admitEach(bucket, bulk, 4_500, 1);
        clock.advance(Duration.ofSeconds(30));
        admitEach(bucket, bulk, 3, 10);
        clock.advance(Duration.ofSeconds(31)); // the 4,500 have left; the three from t = 30 s count
        assertEquals(Duration.ofSeconds(29), refused(bucket, new Limits(3, 0), 1));
        admitted(bucket, new Limits(0, 40), 10); // 30 + 10 tokens fit exactly
        assertEquals(Duration.ofSeconds(29), refused(bucket, new Limits(0, 40), 1));
        assertEquals(Duration.ofSeconds(29), refused(bucket, new Limits(4, 0), 1));
        assertEquals(new WindowUsage(4, 40), store.used(bucket));
    }

    @Test
    public void burstUpToTheBudgetPassesAtOnce() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(100, 100_000);
        for (int i = 0; i < 100; i++) {
            admitted(bucket, limits, 1_000);
        }
        refused(bucket, limits, 1);
    }

    @Test
    public void tpmCountsReservedThenSettledTokens() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(0, 1_000);
        Reservation first = admitted(bucket, limits, 600);
        assertEquals(Duration.ofSeconds(60), refused(bucket, limits, 600));
        store.settle(first, 300); // refund 300
        Reservation second = admitted(bucket, limits, 600);
        refused(bucket, limits, 200);
        admitted(bucket, limits, 100); // 300 + 600 + 100 = 1000
        store.settle(second, 700); // charge 100 more: 1100 in the window
        refused(bucket, limits, 1);
        store.release(second); // 300 + 0 + 100
        admitted(bucket, limits, 600);
        refused(bucket, limits, 1);
    }

    @Test
    public void tpmWaitIsUntilEnoughTokensLeave() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(0, 1_000);
        admitted(bucket, limits, 400);
        clock.advance(Duration.ofSeconds(10));
        admitted(bucket, limits, 400);
        clock.advance(Duration.ofSeconds(10));
        // needs 200 freed: the first entry (t = 0) leaves at t = 60 s
        assertEquals(Duration.ofSeconds(40), refused(bucket, limits, 400));
        // needs 600 freed: both must leave, the second at t = 70 s
        assertEquals(Duration.ofSeconds(50), refused(bucket, limits, 800));
    }

    @Test
    public void releaseRefundsTokensButTheRequestStillCounts() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(2, 1_000);
        Reservation failed = admitted(bucket, limits, 1_000);
        store.release(failed);
        admitted(bucket, limits, 1_000);
        refused(bucket, limits, 0);
    }

    @Test
    public void requestLargerThanTpmIsTooLargeAndNotCounted() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(1, 100);
        Admission admission = store.reserve(bucket, limits, 101);
        assertEquals(new Admission.TooLarge(101, 100), admission);
        admitted(bucket, limits, 100);
    }

    @Test
    public void settleAfterTheWindowDoesNothing() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(0, 1_000);
        Reservation old = admitted(bucket, limits, 500);
        clock.advance(Duration.ofSeconds(60));
        admitted(bucket, limits, 1_000);
        store.settle(old, 0);
        refused(bucket, limits, 1);
    }

    @Test
    public void bucketsAreIndependentAndUnlimitedAlwaysPasses() {
        Bucket a = freshBucket();
        Bucket b = freshBucket();
        Limits one = new Limits(1, 0);
        admitted(a, one, 1);
        refused(a, one, 1);
        admitted(b, one, 1);
        for (int i = 0; i < 1_000; i++) {
            admitted(a, Limits.UNLIMITED, 1_000_000);
        }
    }

    @Test
    public void reservationCarriesBucketTokensAndTime() {
        Bucket bucket = freshBucket();
        Reservation r = admitted(bucket, new Limits(5, 50), 42);
        assertEquals(bucket, r.bucket());
        assertEquals(42, r.tokens());
        assertEquals(clock.instant(), r.time());
        assertFalse(r.id().isBlank());
        assertTrue(!r.id().equals(admitted(bucket, new Limits(5, 50), 1).id()));
    }

    @Test
    public void usedCountsAdmittedRequestsAndTheirSettledTokens() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(3, 1_000);
        assertEquals(WindowUsage.NONE, store.used(bucket));
        Reservation first = admitted(bucket, limits, 400);
        clock.advance(Duration.ofSeconds(10));
        Reservation second = admitted(bucket, limits, 500);
        assertEquals(new WindowUsage(2, 900), store.used(bucket));
        store.settle(first, 100);
        store.release(second);
        refused(bucket, new Limits(2, 0), 1); // refusals do not count
        assertEquals(new WindowUsage(2, 100), store.used(bucket));
        assertEquals(new WindowUsage(2, 100), store.used(bucket), "a read changes nothing");
    }

    @Test
    public void usedForgetsEntriesThatLeftTheWindow() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(10, 10_000);
        admitted(bucket, limits, 300);
        clock.advance(Duration.ofSeconds(30));
        admitted(bucket, limits, 200);
        clock.advance(Duration.ofSeconds(30));
        // t = 60 s: the first entry has left, without any write to the bucket since
        assertEquals(new WindowUsage(1, 200), store.used(bucket));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(WindowUsage.NONE, store.used(bucket));
    }

    @Test
    public void remainingQuotaFollowsTheLimits() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(5, 1_000);
        admitted(bucket, limits, 250);
        admitted(bucket, limits, 250);
        WindowUsage used = store.used(bucket);
        assertEquals(OptionalLong.of(3), used.remainingRequests(limits));
        assertEquals(OptionalLong.of(500), used.remainingTokens(limits));
        assertEquals(OptionalLong.empty(), used.remainingRequests(new Limits(0, 1_000)));
        assertEquals(OptionalLong.of(0), new WindowUsage(9, 2_000).remainingTokens(limits));
        assertEquals(WindowUsage.NONE, store.used(freshBucket()));
    }

    @Test
    public void admissionChecksTheNamedCooldownsFirstAndCountsNothingWhileOneCools() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(10, 1_000);
        String limitKey = "openai/openai/" + UUID.randomUUID();
        String circuitKey = "openai/" + UUID.randomUUID();
        List<String> keys = List.of(limitKey, circuitKey);
        store.coolDown(circuitKey, Duration.ofSeconds(5));
        Admission.CoolingDown cooling = assertInstanceOf(Admission.CoolingDown.class,
                store.reserve(bucket, limits, 100, keys));
        assertEquals(circuitKey, cooling.key());
        assertEquals(Duration.ofSeconds(5), cooling.remaining());
        store.coolDown(limitKey, Duration.ofSeconds(2));
        assertEquals(new Admission.CoolingDown(limitKey, Duration.ofSeconds(2)), store.reserve(bucket, limits, 100, keys),
                "the first named key that cools down is the answer");
        assertEquals(WindowUsage.NONE, store.used(bucket), "nothing counted");
        assertInstanceOf(Admission.CoolingDown.class, store.reserve(bucket, Limits.UNLIMITED, 1, keys),
                "an unlimited bucket still honours cooldowns");
        clock.advance(Duration.ofSeconds(5));
        assertInstanceOf(Admission.Admitted.class, store.reserve(bucket, limits, 100, keys));
        assertInstanceOf(Admission.Admitted.class, store.reserve(bucket, Limits.UNLIMITED, 1, keys));
        assertEquals(new WindowUsage(1, 100), store.used(bucket));
    }

    @Test
    public void cooldownKeepsTheLaterDeadline() {
        String key = "openai/openai/" + UUID.randomUUID();
        assertEquals(Optional.empty(), store.cooldownRemaining(key));
        store.coolDown(key, Duration.ofSeconds(10));
        store.coolDown(key, Duration.ofSeconds(5));
        assertEquals(Optional.of(Duration.ofSeconds(10)), store.cooldownRemaining(key));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(Optional.of(Duration.ofSeconds(4)), store.cooldownRemaining(key));
        store.coolDown(key, Duration.ofSeconds(20));
        assertEquals(Optional.of(Duration.ofSeconds(20)), store.cooldownRemaining(key));
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Optional.empty(), store.cooldownRemaining(key));
    }

    @Test
    public void cacheRoundTripsBytes() {
        String key = "chat:" + UUID.randomUUID();
        assertEquals(Optional.empty(), store.cached(key));
        byte[] value = "{\"id\":\"chatcmpl-1\"}".getBytes(StandardCharsets.UTF_8);
        store.cache(key, value, Duration.ofHours(1));
        value[0] = 'X'; // the store keeps its own copy
        assertArrayEquals("{\"id\":\"chatcmpl-1\"}".getBytes(StandardCharsets.UTF_8), store.cached(key).orElseThrow());
        store.cache(key, new byte[] {1, 2, 3}, Duration.ofHours(1));
        assertArrayEquals(new byte[] {1, 2, 3}, store.cached(key).orElseThrow());
    }

    @Test
    public void badArgumentsAreRejected() {
        Bucket bucket = freshBucket();
        assertThrows(IllegalArgumentException.class, () -> store.reserve(bucket, new Limits(1, 1), -1));
        assertThrows(IllegalArgumentException.class, () -> new Limits(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> store.cache("k", new byte[0], Duration.ZERO));
        assertThrows(NullPointerException.class, () -> store.cached(null));
    }

    @Test
    public void healthyStatus() {
        store.reserve(freshBucket(), new Limits(1, 1), 1);
        StoreStatus status = store.status();
        assertEquals(mode(), status.mode());
        assertFalse(status.degraded(), status.reason());
        assertEquals("", status.reason());
        assertEquals(0, status.fallbacks());
    }
}
