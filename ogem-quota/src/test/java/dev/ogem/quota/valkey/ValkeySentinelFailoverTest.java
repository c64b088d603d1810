package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeySentinels;
import dev.ogem.quota.ValkeySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The primary killed under load and its replica promoted by Sentinel. */
class ValkeySentinelFailoverTest extends FailoverContract {
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
    protected ValkeySettings settings() {
        return ValkeySettings.builder().sentinel(sentinels.sentinelEndpoint(), ValkeySentinels.MASTER).build();
    }

    @Override
    protected void killPrimaryOf(String key) {
        sentinels.killPrimary();
    }

    @Override
    protected void awaitFailover() {
        sentinels.awaitFailover();
    }
}
