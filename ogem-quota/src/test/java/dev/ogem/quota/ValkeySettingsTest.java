package dev.ogem.quota;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
class ValkeySettingsTest {

    @Test
    void parsesHostAndPort() {
        ValkeySettings settings = ValkeySettings.of("valkey.internal:6380");
        assertEquals(List.of(InetSocketAddress.createUnresolved("valkey.internal", 6380)), settings.nodes());
        assertEquals(ValkeySettings.Mode.STANDALONE, settings.mode());
        assertEquals(Optional.empty(), settings.password());
        assertEquals(Duration.ofMillis(250), settings.timeout());
        assertEquals("::1", ValkeySettings.of("[::1]:6379").nodes().getFirst().getHostString());
        assertEquals("[::1]:6379", ValkeySettings.of("[::1]:6379").endpoint());
    }

    @Test
    void rejectsWhatIsNotHostPort() {
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey"));
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey:"));
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey:http"));
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey:70000"));
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.builder().cluster("a:1,,b:2").build());
    }

    @Test
    void aClusterTakesAListOfSeedsAndOnlyDatabaseZero() {
        ValkeySettings cluster = ValkeySettings.builder().cluster("10.0.0.1:7000, 10.0.0.2:7000,[::1]:7001").build();
        assertEquals(ValkeySettings.Mode.CLUSTER, cluster.mode());
        assertEquals(3, cluster.nodes().size());
        assertEquals("10.0.0.1:7000,10.0.0.2:7000,[::1]:7001", cluster.endpoint());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cluster.toBuilder().database(2).build());
        assertTrue(e.getMessage().contains("only database 0"), e.getMessage());
    }

    @Test
    void sentinelNeedsAMasterNameAndStandaloneOneNode() {
        ValkeySettings sentinel = ValkeySettings.builder().sentinel("s1:26379,s2:26379", "ogem-primary").database(1).build();
        assertEquals(ValkeySettings.Mode.SENTINEL, sentinel.mode());
        assertEquals(Optional.of("ogem-primary"), sentinel.sentinelMaster());
        assertTrue(sentinel.toString().contains("sentinel s1:26379,s2:26379, master=ogem-primary"), sentinel.toString());
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.builder().sentinel("s1:26379", " ").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("a:1,b:2"));
        assertTrue(e.getMessage().contains("a list needs cluster or sentinel mode"), e.getMessage());
    }

    @Test
    void neverPrintsThePassword() {
        ValkeySettings settings = ValkeySettings.builder().endpoint("h:1").user("ogem").password("s3cr3t-pw").tls(true)
                .database(2).build();
        assertFalse(settings.toString().contains("s3cr3t-pw"), settings.toString());
        assertTrue(settings.toString().contains("***"));
        assertEquals(Optional.of("s3cr3t-pw"), settings.password());
    }
}
