package dev.ogem.server;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load on one gateway: a few clients, each sending plain and streamed completions one after
 * the other until stopped. Anything but a complete 200 is kept as a failure: another status, an error
 * or a missing {@code [DONE]} in a stream, or no answer within {@link #ANSWER_LIMIT}.
 */
final class OutageLoad {

    /** Far above an answer's normal time even on a loaded machine; a request past it hung. */
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(10);

    private final TestGateway gateway;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();

    private OutageLoad(TestGateway gateway) {
        this.gateway = gateway;
    }

    static OutageLoad start(TestGateway gateway, int clients) {
        OutageLoad load = new OutageLoad(gateway);
        for (int c = 0; c < clients; c++) {
            int client = c;
            load.clients.add(Thread.ofPlatform().name("outage-load-" + c).daemon().start(() -> load.run(client)));
        }
        return load;
    }

    private void run(int client) {
        for (long i = 0; running.get(); i++) {
            boolean stream = (i + client) % 2 == 0;
            String body = """
                    {"model":"m","stream":%b,"messages":[{"role":"user","content":"load %d %d"}]}"""
                    .formatted(stream, client, i);
            HttpRequest request = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                    .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
                    .timeout(ANSWER_LIMIT).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = gateway.http().send(request, HttpResponse.BodyHandlers.ofString());
                String answer = response.body();
                boolean complete = stream ? answer.contains("data: [DONE]") && !answer.contains("\"error\"")
                        : answer.contains("\"chat.completion\"");
                if (response.statusCode() == 200 && complete) {
                    ok.incrementAndGet();
                } else {
                    failures.add((stream ? "stream " : "plain ") + response.statusCode() + ": " + answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.add((stream ? "stream " : "plain ") + e);
            }
        }
    }

    /** Requests answered so far, in full or not. */
    long completed() {
        return ok.get() + failures.size();
    }

    long ok() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Lets every client finish the request it is in and waits for it (each is bounded by the answer limit). */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(ANSWER_LIMIT.plusSeconds(5).toMillis());
        }
    }
}
