package dev.ogem.quota.valkey;

import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.testing.FakeClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The contract against a real Valkey, the scripts deciding on the test's fake clock. */
class ValkeyContractTest extends ValkeyStoreContract {
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


    @Override
    protected String mode() {
        return "valkey";
    }
}
