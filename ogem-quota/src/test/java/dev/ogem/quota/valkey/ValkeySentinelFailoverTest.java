package dev.ogem.quota.valkey;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.ogem.quota.ValkeySentinels;
import dev.ogem.quota.ValkeySettings;

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
        return ValkeySettings.sentinel(sentinels.sentinelEndpoint(), ValkeySentinels.MASTER);
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
