package dev.ogem.server;

import dev.ogem.quota.testing.ValkeyForTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ogem-quota used alone, as the example in the README uses it ({@code src/it/consumers/quota}): the
 * in-memory store with nothing but the ogem-quota jar on the module path (and on the class path), a clear
 * error when Valkey is asked for without Lettuce (absent, or present but not resolved), and with Lettuce
 * resolved, one limit for every process that shares a real Valkey server.
 */
class QuotaConsumerIT {

    private static final String MAIN = "example.quota.RateLimiter";
    private static final List<String> RESOLVE_LETTUCE =
            List.of("--add-modules", "lettuce.core,io.netty.resolver.dns,org.slf4j");

    @TempDir
    Path workDir;

    @Test
    void theInMemoryStoreNeedsNothingButTheQuotaJar() throws Exception {
        List<Path> modulePath = List.of(LibraryModulePath.jar("ogem-quota"));
        ConsumerModule consumer = ConsumerModule.compile("quota", modulePath, workDir);

        List<String> lines = consumer.run(MAIN, List.of(), Map.of()).succeeded();

        assertAdmittedTwiceThenRefused(lines);
        assertTrue(lines.get(3).startsWith(window("memory")), lines.toString());

        ConsumerModule.Run valkey = consumer.run(MAIN, List.of(), Map.of(), "127.0.0.1:" + freePort());
        assertNotEquals(0, valkey.exitCode(), valkey.lines().toString());
        assertTrue(valkey.errors().contains("java.lang.IllegalStateException: A Valkey StateStore needs Lettuce, an "
                + "optional dependency of ogem-quota: add io.lettuce:lettuce-core and its dependencies to the module "
                + "path and run with --add-modules lettuce.core,io.netty.resolver.dns,org.slf4j"), valkey.errors());

        // The same jar on the class path, as a team without modules runs it.
        List<String> onClassPath = consumer.runOnClassPath(MAIN, Map.of()).succeeded();
        assertAdmittedTwiceThenRefused(onClassPath);
        assertTrue(onClassPath.get(3).startsWith(window("memory")), onClassPath.toString());
        ConsumerModule.Run valkeyOnClassPath = consumer.runOnClassPath(MAIN, Map.of(), "127.0.0.1:" + freePort());
        assertNotEquals(0, valkeyOnClassPath.exitCode(), valkeyOnClassPath.lines().toString());
        assertTrue(valkeyOnClassPath.errors().contains("java.lang.IllegalStateException: A Valkey StateStore needs "
                + "Lettuce, an optional dependency of ogem-quota: add io.lettuce:lettuce-core and its dependencies to "
                + "the class path."), valkeyOnClassPath.errors());
    }

    @Test
    void onValkeyTheLimitHoldsForEveryProcess() {
        try (ValkeyForTests valkey = ValkeyForTests.startOrSkip()) {
            // ogem-quota and what Maven resolves for it, its optional Lettuce included.
            List<Path> modulePath = LibraryModulePath.of("ogem-quota");
            ConsumerModule consumer = ConsumerModule.compile("quota", modulePath, workDir);

            ConsumerModule.Run unresolved = consumer.run(MAIN, List.of(), Map.of(), valkey.endpoint());
            assertNotEquals(0, unresolved.exitCode(), unresolved.lines().toString());
            assertTrue(unresolved.errors().contains("A Valkey StateStore needs the modules lettuce.core, "
                    + "io.netty.resolver.dns, org.slf4j, which ogem-quota requires only statically"), unresolved.errors());

            List<String> first = consumer.run(MAIN, RESOLVE_LETTUCE, Map.of(), valkey.endpoint()).succeeded();
            assertAdmittedTwiceThenRefused(first);
            assertTrue(first.get(3).startsWith(window("valkey")), first.toString());

            // Another process, the same Valkey: the first one's two requests fill this one's window too.
            List<String> second = consumer.run(MAIN, RESOLVE_LETTUCE, Map.of(), valkey.endpoint()).succeeded();
            for (int call = 1; call <= 3; call++) {
                assertTrue(second.get(call - 1).startsWith("call " + call + ": refused, retry in "), second.toString());
            }
            assertTrue(second.get(3).startsWith(window("valkey")), second.toString());
        }
    }

    /** Two calls settled at 850 tokens each, on a healthy store. */
    private static String window(String mode) {
        return "window: 2 requests, 1700 tokens; StoreStatus[mode=" + mode + ", degraded=false";
    }

    private static void assertAdmittedTwiceThenRefused(List<String> lines) {
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(List.of("call 1: admitted", "call 2: admitted"), lines.subList(0, 2));
        assertTrue(lines.get(2).startsWith("call 3: refused, retry in "), lines.toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
