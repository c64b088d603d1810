package dev.ogem.quota.valkey;

import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening a Valkey store retries a connection whose handshake timed out (a cold JVM's first connection
 * can outlast the short request timeout), so a store does not start degraded, counting locally, for
 * want of a second; a server that never answers still leaves it degraded after the last attempt.
 */
class ValkeyOpeningTest {

    @Test
    void aHandshakeThatTimedOutAtOpeningIsTriedAgain() {
        try (ValkeyServerProcess server = ValkeyServerProcess.startOrSkip();
             SilentFront front = SilentFront.start(2, server.port());
             StateStore store = StateStore.valkey(ValkeySettings.builder().endpoint(front.endpoint())
                     .timeout(Duration.ofSeconds(1)).build(), InstantSource.system())) {
            assertFalse(store.status().degraded(), store.status().reason());
            assertEquals(3, front.connections(), "two silent connections, then the one through to Valkey");
        }
    }

    @Test
    void aServerThatNeverAnswersLeavesTheStoreDegradedAfterTheLastAttempt() {
        try (SilentFront front = SilentFront.start(Integer.MAX_VALUE, 0);
             StateStore store = StateStore.valkey(ValkeySettings.builder().endpoint(front.endpoint())
                     .timeout(Duration.ofMillis(100)).build(), InstantSource.system())) {
            assertTrue(store.status().degraded());
            assertEquals(10, front.connections());
        }
    }

    /**
     * A loopback server in front of Valkey that accepts its first connections and never answers them,
     * then relays the following ones to Valkey byte for byte.
     */
    private static final class SilentFront implements AutoCloseable {
        private final ServerSocket listener;
        private final int silent;
        private final int valkeyPort;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        private SilentFront(ServerSocket listener, int silent, int valkeyPort) {
            this.listener = listener;
            this.silent = silent;
            this.valkeyPort = valkeyPort;
        }

        static SilentFront start(int silent, int valkeyPort) {
            try {
                SilentFront front = new SilentFront(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), silent,
                        valkeyPort);
                Thread.ofVirtual().start(front::accept);
                return front;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String endpoint() {
            return "127.0.0.1:" + listener.getLocalPort();
        }

        int connections() {
            return accepted.get();
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    sockets.add(client);
                    if (accepted.incrementAndGet() > silent) {
                        Socket valkey = new Socket(InetAddress.getLoopbackAddress(), valkeyPort);
                        sockets.add(valkey);
                        Thread.ofVirtual().start(() -> relay(client, valkey));
                        Thread.ofVirtual().start(() -> relay(valkey, client));
                    }
                }
            } catch (IOException closed) {
                // the listener was closed
            }
        }

        private static void relay(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // either side closed
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
                for (Socket socket : sockets) {
                    socket.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
