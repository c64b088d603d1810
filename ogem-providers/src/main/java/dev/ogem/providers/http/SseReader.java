package dev.ogem.providers.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events one at a time from a blocking stream, as they arrive.
 */
public final class SseReader {

    private final BufferedReader reader;

    /**
     * Reads events from a response body.
     *
     * @param body the body, UTF-8
     */
    public SseReader(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 8192);
    }

    /**
     * Blocks for the next event that carries data.
     *
     * @return the event, or empty at the end of the stream
     * @throws IOException when the connection fails
     */
    public Optional<SseEvent> next() throws IOException {
        String event = "";
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new SseEvent(event, data.toString()));
                }
                event = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                event = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return data == null ? Optional.empty() : Optional.of(new SseEvent(event, data.toString()));
    }

    /**
     * One event.
     *
     * @param event the event name, empty when none was sent
     * @param data  the data lines joined with newlines
     */
    public record SseEvent(String event, String data) {
    }
}
