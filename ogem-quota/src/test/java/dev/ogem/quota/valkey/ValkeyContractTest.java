package dev.ogem.quota.valkey;

import dev.ogem.quota.StateStore;
import dev.ogem.quota.StateStoreContract;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.testing.FakeClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The contract against a real Valkey, the scripts deciding on the test's fake clock. */
class ValkeyContractTest extends StateStoreContract {
    private static ValkeyServerProcess server;

    @BeforeAll
    static void startServer() {
        server = ValkeyServerProcess.startOrSkip();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected StateStore open(FakeClock clock) {
        // a generous timeout: these tests check behaviour, not speed, and must not flake on a busy machine
        ValkeySettings settings = ValkeySettings.builder().endpoint(server.endpoint()).timeout(Duration.ofSeconds(5))
                .build();
        return ValkeyStateStore.openWithCallerClock(settings, clock);
    }

    /** Records expire on the server's clock, not on the scripts' fake one. */
    @Override
    protected void letTimePass(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String mode() {
        return "valkey";
    }
}
