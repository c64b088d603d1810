package dev.ogem.quota.valkey;

import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeySentinels;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.testing.FakeClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The contract on a real primary found through Sentinel, the scripts deciding on the test's fake clock. */
class ValkeySentinelContractTest extends ValkeyStoreContract {
    private static ValkeySentinels sentinels;

    @BeforeAll
    static void startSentinels() {
        sentinels = ValkeySentinels.startOrSkip();
    }

    @AfterAll
    static void stopSentinels() {
        if (sentinels != null) {
            sentinels.close();
        }
    }

    @Override
    protected StateStore open(FakeClock clock) {
        ValkeySettings settings = ValkeySettings.builder().sentinel(sentinels.sentinelEndpoint(), ValkeySentinels.MASTER).timeout(Duration.ofSeconds(5)).build();
        return ValkeyStateStore.openWithCallerClock(settings, clock);
    }

    @Override
    protected String mode() {
        return "valkey";
    }
}
