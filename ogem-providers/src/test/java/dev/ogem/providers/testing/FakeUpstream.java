package dev.ogem.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.ogem.providers.openai.OpenAiRequestSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A real HTTP server on loopback playing an upstream provider: it records every request and
 * answers with scripted {@link Reply replies}, including server-sent events sent one at a time.
 * Every OpenAI-protocol request ({@code POST .../chat/completions} and {@code .../embeddings}) is checked
 * against OpenAI's published schema ({@link OpenAiRequestSchema}): one that breaks it is answered with a
 * 400 as OpenAI answers it, is kept in {@link #violations()}, and makes {@link #close()} fail the test.
 */
public class FakeUpstream extends LoopbackServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Recorded> received = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile Set<String> extensions = Set.of();
    private final AtomicBoolean sawClientClose = new AtomicBoolean();
    private volatile Function<Recorded, Reply> script = r -> Reply.json(200, "{}");

    /** Starts a server on a free loopback port, answering {@code {}} until told otherwise. */
    protected FakeUpstream() {
        OpenAiRequestSchema.load();
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @return the running server
     */
    public static FakeUpstream start() {
        return new FakeUpstream();
    }

    /**
     * Sets how every following request is answered.
     *
     * @param script a reply per request
     * @return this server
     */
    public FakeUpstream answer(Function<Recorded, Reply> script) {
        this.script = script;
        return this;
    }

    /**
     * Makes this fake a custom OpenAI-protocol server that takes some top-level fields of its own beyond
     * OpenAI's schema; they are left out of the schema check, every other field is checked.
     *
     * @param fields the server's own top-level fields
     * @return this server
     */
    public FakeUpstream extensions(String... fields) {
        this.extensions = Set.of(fields);
        return this;
    }

    /**
     * Every request received so far.
     *
     * @return the requests, oldest first
     */
    public List<Recorded> received() {
        return List.copyOf(received);
    }

    /**
     * The last request received.
     *
     * @return the request
     */
    public Recorded last() {
        return received.getLast();
    }

    /**
     * What the OpenAI-protocol requests received so far broke of OpenAI's schema.
     *
     * @return one line per request that broke it, naming its path and what it broke; empty when none did
     */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * Stops the server.
     *
     * @throws AssertionError when an OpenAI-protocol request broke OpenAI's schema
     */
    @Override
    public void close() {
        super.close();
        if (!violations.isEmpty()) {
            throw new AssertionError("Requests sent to the fake upstream broke OpenAI's schema: " + violations);
        }
    }

    /**
     * Whether a streamed reply found its client gone before it had finished.
     *
     * @return true once a write failed
     */
    public boolean sawClientClose() {
        return sawClientClose.get();
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                new String(body, StandardCharsets.UTF_8), exchange.getRemoteAddress().getPort());
        received.add(recorded);
        List<String> broken = openAiViolations(recorded);
        Reply reply;
        if (broken.isEmpty()) {
            reply = script.apply(recorded);
        } else {
            violations.add(recorded.path() + ": " + broken);
            reply = schemaError(broken);
        }
        try {
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (reply.events().isEmpty()) {
                if (reply.delay().isPositive()) {
                    sleep(reply.delay());
                }
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(reply.status(), 0);
            OutputStream out = exchange.getResponseBody();
            for (Event event : reply.events()) {
                event.before().await(10, TimeUnit.SECONDS);
                sleep(event.delay());
                out.write(event.raw().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            sawClientClose.set(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> openAiViolations(Recorded request) {
        boolean chat = request.path().endsWith("/chat/completions");
        if (!request.method().equals("POST") || !chat && !request.path().endsWith("/embeddings")) {
            return List.of();
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return List.of("the body is not JSON");
        }
        if (body instanceof ObjectNode object) {
            object.remove(extensions);
        }
        return chat ? OpenAiRequestSchema.chatViolations(body) : OpenAiRequestSchema.embeddingsViolations(body);
    }

    private static Reply schemaError(List<String> broken) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", "The request breaks the API's schema: " + broken)
                .put("type", "invalid_request_error").putNull("param").put("code", "invalid_request_body");
        return Reply.json(400, error.toString());
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A request as received.
     *
     * @param method  the HTTP method
     * @param path    the path
     * @param query   the raw query, or null
     * @param headers the headers
     * @param body       the body text
     * @param clientPort the client's port: the same on two requests when the connection was reused
     */
    public record Recorded(String method, String path, String query, Headers headers, String body, int clientPort) {
        /**
         * The body as JSON.
         *
         * @return the tree
         */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * One header.
         *
         * @param name the header name
         * @return its first value, or null
         */
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /**
     * One server-sent event, sent when its latch opens and its delay has passed.
     *
     * @param raw    the bytes to send, such as {@code data: {...}\n\n}
     * @param before a latch to wait for (10 s at most) before sending
     * @param delay  a pause before sending
     */
    public record Event(String raw, CountDownLatch before, Duration delay) {
        /**
         * A {@code data:} event sent at once.
         *
         * @param data the data
         * @return the event
         */
        public static Event data(String data) {
            return new Event("data: " + data + "\n\n", new CountDownLatch(0), Duration.ZERO);
        }

        /**
         * This event, sent only once the latch opens.
         *
         * @param latch the latch
         * @return the event
         */
        public Event after(CountDownLatch latch) {
            return new Event(raw, latch, delay);
        }

        /**
         * This event, sent after a pause.
         *
         * @param pause the pause
         * @return the event
         */
        public Event delayed(Duration pause) {
            return new Event(raw, before, pause);
        }
    }

    /**
     * A scripted answer: a JSON body, or a list of events.
     *
     * @param status  the status
     * @param headers extra headers
     * @param body    a JSON body (when there are no events)
     * @param events  events to stream
     * @param delay   a pause before a JSON body
     */
    public record Reply(int status, Map<String, String> headers, String body, List<Event> events, Duration delay) {
        /**
         * A JSON answer.
         *
         * @param status the status
         * @param body   the body
         * @return the reply
         */
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of(), body, List.of(), Duration.ZERO);
        }

        /**
         * A stream of events.
         *
         * @param events the events
         * @return the reply
         */
        public static Reply sse(List<Event> events) {
            return new Reply(200, Map.of(), "", List.copyOf(events), Duration.ZERO);
        }

        /**
         * This reply with one more header.
         *
         * @param name  the name
         * @param value the value
         * @return the reply
         */
        public Reply withHeader(String name, String value) {
            Map<String, String> all = new HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, Map.copyOf(all), body, events, delay);
        }

        /**
         * This reply after a pause.
         *
         * @param pause the pause
         * @return the reply
         */
        public Reply delayed(Duration pause) {
            return new Reply(status, headers, body, events, pause);
        }
    }
}
