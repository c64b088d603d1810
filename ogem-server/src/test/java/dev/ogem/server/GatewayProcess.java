package dev.ogem.server;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged server started as a process on the module path, as users start it, on a free port. */
final class GatewayProcess {

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the server; its output goes to the log file.
     *
     * @param environment variables besides {@code PORT} (which is chosen here)
     * @param log         where its standard output and error go
     * @return the running process
     */
    static GatewayProcess start(Map<String, String> environment, Path log) throws IOException {
        return startUnder(List.of(), environment, log);
    }

    /**
     * Starts the server through a launcher command, such as {@code nohup}; its output goes to the log file.
     *
     * @param launcher    the command and arguments that run java (empty: none)
     * @param environment variables besides {@code PORT} (which is chosen here)
     * @param log         where its standard output and error go
     * @return the running process (the launcher's, which execs java)
     */
    static GatewayProcess startUnder(List<String> launcher, Map<String, String> environment, Path log)
            throws IOException {
        int port = freePort();
        String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-p", modulePath, "-m", "dev.ogem.server/dev.ogem.server.Main"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("OPEN_GEMINI_API_KEY");
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        return new GatewayProcess(builder.start(), port);
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The status of a GET, or -1 when the server did not answer. */
    int status(String path, String key) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5));
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sends a signal, such as {@code HUP}, with the system's {@code kill}. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
