import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The floor under a Valkey admission at c=1, for bench/rtt.sh: the round trip of one {@code EVALSHA} (a
 * one-line script) from this JVM, one call at a time, through Lettuce's async API awaited as ogem awaits it and
 * through a bare blocking socket (the JDK alone, no client library), each from a platform and a virtual thread.
 * Prints the median and p99 of the second half of N calls per way, in microseconds.
 *
 * <p>Run as a single-file program with ogem's libraries on the class path:
 * {@code java -cp 'ogem-server/target/libs/*' ValkeyRoundTrip.java PORT N}
 */
public final class ValkeyRoundTrip {

    private interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
             Socket socket = new Socket("127.0.0.1", port)) {
            String sha = connection.sync().scriptLoad("return redis.call('INCR', KEYS[1])");
            Call lettuce = () -> connection.async().evalsha(sha, ScriptOutputType.INTEGER, "rtt").toCompletableFuture().get();
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] command = ("*4\r\n$7\r\nEVALSHA\r\n$40\r\n" + sha + "\r\n$1\r\n1\r\n$3\r\nrtt\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] reply = new byte[64];
            Call bare = () -> {
                out.write(command);
                out.flush();
                int n = in.read(reply); // ":<n>\r\n" arrives in one segment on loopback
                if (n <= 0 || reply[0] != ':' || reply[n - 1] != '\n') {
                    throw new IllegalStateException("unexpected reply");
                }
            };
            for (int round = 0; round < 2; round++) {
                for (String way : List.of("lettuce", "socket")) {
                    Call call = way.equals("lettuce") ? lettuce : bare;
                    measure(way + " platform", calls, call, false);
                    measure(way + " virtual", calls, call, true);
                }
            }
        } finally {
            client.shutdown();
        }
    }

    private static void measure(String name, int calls, Call call, boolean virtual) throws InterruptedException {
        long[] micros = new long[calls];
        Runnable loop = () -> {
            try {
                for (int i = 0; i < calls; i++) {
                    long start = System.nanoTime();
                    call.run();
                    micros[i] = (System.nanoTime() - start) / 1000;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Thread thread = virtual ? Thread.ofVirtual().start(loop) : Thread.ofPlatform().start(loop);
        thread.join();
        long[] settled = Arrays.copyOfRange(micros, calls / 2, calls);
        Arrays.sort(settled);
        System.out.printf("RTT %s p50_us=%d p99_us=%d%n", name.replace(' ', '-'), settled[settled.length / 2],
                settled[settled.length * 99 / 100]);
    }
}
