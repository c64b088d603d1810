package dev.ogem.bench.hop;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;

/**
 * The floor: a bare Helidon SE hop with ogem's server and client settings (TCP_NODELAY on both
 * sides, keep-alive, the same timeouts) that forwards the request body to the upstream and the
 * response bytes back untouched. No parsing, no routing, no auth. A stream is copied read by
 * read, each read flushed, so events pass as they arrive.
 *
 * <p>Usage: {@code Hop <listen port> <upstream base, e.g. http://127.0.0.1:9000>}
 */
public final class Hop {

    private Hop() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1] + "/v1/chat/completions");
        Duration connect = Duration.ofSeconds(10);
        Duration read = Duration.ofSeconds(600);
        // the same builder calls as ogem's UpstreamHttp.create: HTTP/1.1 client, no system-proxy lookup
        Http1Client client = Http1Client.builder()
                .connectTimeout(connect)
                .readTimeout(read)
                .followRedirects(false)
                .keepAlive(true)
                .socketOptions(options -> options.tcpNoDelay(true).connectTimeout(connect).readTimeout(read))
                .proxy(Proxy.noProxy())
                .build();
        WebServer server = WebServer.builder()
                .port(port)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing -> routing.post("/v1/chat/completions",
                        (request, response) -> forward(client, upstream, request, response)))
                .build()
                .start();
        System.out.println("hop listening on " + server.port() + " -> " + upstream);
    }

    private static void forward(Http1Client client, URI upstream, ServerRequest request, ServerResponse response)
            throws IOException {
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readAllBytes();
        }
        try (HttpClientResponse answer = client.post().uri(upstream)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderValues.ACCEPT_JSON)
                .submit(body)) {
            response.status(Status.create(answer.status().code()));
            String type = answer.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json");
            response.header(HeaderNames.CONTENT_TYPE, type);
            if (type.startsWith("text/event-stream")) {
                byte[] buffer = new byte[8192];
                try (InputStream in = answer.inputStream(); OutputStream out = response.outputStream()) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } else {
                try (InputStream in = answer.inputStream()) {
                    response.send(in.readAllBytes());
                }
            }
        }
    }
}
