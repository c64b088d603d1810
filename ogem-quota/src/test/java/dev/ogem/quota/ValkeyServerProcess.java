package dev.ogem.quota;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real {@code valkey-server} (or {@code redis-server}) started by a test on a free loopback port,
 * without persistence, and stopped by its pid. Shipped in this module's test-jar for other modules.
 *
 * <p>When no server binary is installed, {@link #startOrSkip()} skips the calling test loudly, or
 * fails it when the environment sets {@code OGEM_REQUIRE_VALKEY=1} (CI).
 */
public final class ValkeyServerProcess implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(ValkeyServerProcess.class.getName());
    private static final List<String> NAMES = List.of("valkey-server", "redis-server");
    private static final List<String> DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final int port;
    private final List<String> config;
    private final boolean sentinel;
    private final Path dir;
    private final Process process;

    private ValkeyServerProcess(Path binary, int port, List<String> config, boolean sentinel, Path dir, Process process) {
        this.binary = binary;
        this.port = port;
        this.config = List.copyOf(config);
        this.sentinel = sentinel;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts a server on a free port, or skips (fails under {@code OGEM_REQUIRE_VALKEY=1}) when none is installed.
     *
     * @return the running server, answering PING
     */
    public static ValkeyServerProcess startOrSkip() {
        return start(binaryOrSkip(), freePort());
    }

    /**
     * The server binary, or skips the calling test (fails it under {@code OGEM_REQUIRE_VALKEY=1}) when none
     * is installed.
     *
     * @return the binary
     */
    public static Path binaryOrSkip() {
        Optional<Path> binary = findBinary();
        if (binary.isEmpty()) {
            String message = "No valkey-server or redis-server on PATH or in " + DIRS
                    + ": Valkey tests NOT RUN. Install one (see .ci/run).";
            if ("1".equals(System.getenv("OGEM_REQUIRE_VALKEY"))) {
                throw new AssertionError(message + " OGEM_REQUIRE_VALKEY=1 makes this a failure.");
            }
            LOGGER.warning("!!!!! " + message);
            Assumptions.abort(message);
        }
        return binary.get();
    }

    /**
     * The server binary: {@code valkey-server} preferred, then {@code redis-server}, on PATH or in the usual dirs.
     *
     * @return its path, if installed
     */
    public static Optional<Path> findBinary() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        List<String> dirs = Stream.concat(Stream.of(path.split(File.pathSeparator)), DIRS.stream())
                .filter(d -> !d.isBlank())
                .toList();
        for (String name : NAMES) {
            for (String dir : dirs) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts a server and waits until it answers PING.
     *
     * @param binary server binary
     * @param port   loopback port
     * @return the running server
     */
    public static ValkeyServerProcess start(Path binary, int port) {
        return start(binary, port, List.of(), false);
    }

    /**
     * Starts a server (or a sentinel) from a config file of its own and waits until it answers PING.
     *
     * @param binary   server binary
     * @param port     loopback port
     * @param config   config lines beyond port, loopback bind, no persistence and its own directory
     * @param sentinel whether to run it as a sentinel ({@code --sentinel})
     * @return the running server
     */
    public static ValkeyServerProcess start(Path binary, int port, List<String> config, boolean sentinel) {
        try {
            Path dir = Files.createTempDirectory("ogem-valkey-");
            Path file = dir.resolve("valkey.conf");
            List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "save \"\"",
                    "appendonly no", "dir " + dir));
            lines.addAll(config);
            Files.write(file, lines);
            List<String> command = new ArrayList<>(List.of(binary.toString(), file.toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile())
                    .start();
            ValkeyServerProcess server = new ValkeyServerProcess(binary, port, config, sentinel, dir, process);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    /**
     * Kills the server by its pid (SIGKILL, as a crash would) and waits until it is gone.
     */
    public void stop() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("server pid " + process.pid() + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the server", e);
        }
    }

    /**
     * Starts a fresh, empty server on the same port (after {@link #stop()}).
     *
     * @return the new server
     */
    public ValkeyServerProcess restart() {
        return start(binary, port, config, sentinel);
    }

    /**
     * The server binary this process runs.
     *
     * @return its path
     */
    public Path binary() {
        return binary;
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The server's pid.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The endpoint as {@code VALKEY_ENDPOINT} takes it.
     *
     * @return {@code 127.0.0.1:port}
     */
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    /**
     * Whether the server answers PING now.
     *
     * @return {@code true} if it does
     */
    public boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server if it runs, and deletes its directory (config, log, cluster state). */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            LOGGER.fine(() -> "could not delete " + dir + ": " + e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary + " exited with " + process.exitValue() + " on port " + port);
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(binary + " did not answer PING on port " + port + " within " + READY_TIMEOUT);
    }

    /**
     * A loopback port nobody listens on right now.
     *
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
