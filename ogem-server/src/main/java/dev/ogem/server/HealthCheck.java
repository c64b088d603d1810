package dev.ogem.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code ogem --health-check}: asks the gateway on this host ({@code http://127.0.0.1:$PORT/observe/health},
 * {@code PORT} defaulting to 8080) whether it is healthy; for container health checks, where no curl may exist.
 */
final class HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HealthCheck() {
    }

    /**
     * Sends the request.
     *
     * @param environment the variables ({@code PORT})
     * @param out         where the healthy line goes
     * @param err         where the reason goes
     * @return 0 when the gateway answered 200, else 1
     */
    static int run(Map<String, String> environment, PrintStream out, PrintStream err) {
        String port = environment.getOrDefault("PORT", "").trim();
        port = port.isEmpty() ? "8080" : port;
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535 || Integer.parseInt(port) == 0) {
            err.println("ogem: health check: PORT must be a port number from 1 to 65535");
            return OgemCommand.FAILED;
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/observe/health");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                out.println("ogem: healthy (" + uri + " answered 200)");
                return OgemCommand.OK;
            }
            err.println("ogem: unhealthy: " + uri + " answered " + response.statusCode() + ": " + response.body());
            return OgemCommand.FAILED;
        } catch (IOException e) {
            err.println("ogem: unhealthy: " + uri + " did not answer (" + e.getClass().getSimpleName() + ")");
            return OgemCommand.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OgemCommand.FAILED;
        }
    }
}
