package dev.ogem.quota.valkey;

import dev.ogem.quota.StateStoreContract;

import java.time.Duration;

/**
 * The contract on a real Valkey deployment: the scripts decide on the test's fake clock, but records expire
 * on the server's own clock, so time passes for them by waiting.
 */
abstract class ValkeyStoreContract extends StateStoreContract {

    @Override
    protected void letTimePass(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
