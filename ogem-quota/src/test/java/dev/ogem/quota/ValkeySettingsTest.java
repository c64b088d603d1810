package dev.ogem.quota;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValkeySettingsTest {

    @Test
    void parsesHostAndPort() {
        ValkeySettings settings = ValkeySettings.of("valkey.internal:6380");
        assertEquals("valkey.internal", settings.host());
        assertEquals(6380, settings.port());
        assertEquals(Optional.empty(), settings.password());
        assertEquals(Duration.ofMillis(250), settings.timeout());
        assertEquals("::1", ValkeySettings.of("[::1]:6379").host());
        assertEquals("[::1]:6379", ValkeySettings.of("[::1]:6379").endpoint());
    }

    @Test
    void rejectsWhatIsNotHostPort() {
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey"));
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey:"));
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey:http"));
        assertThrows(IllegalArgumentException.class, () -> ValkeySettings.of("valkey:70000"));
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
