package dev.ogem.providers.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One server-sent event, as {@link SseReader} read it.
 *
 * @param event the event name, empty when none was sent
 * @param bytes the data lines joined with newlines, as received (UTF-8)
 */
public record SseEvent(String event, byte[] bytes) {

    /**
     * An event with text data.
     *
     * @param event the event name
     * @param data  the data
     */
    public SseEvent(String event, String data) {
        this(event, data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The data as text.
     *
     * @return the data lines joined with newlines
     */
    public String data() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether the data is exactly this ASCII text, compared without decoding.
     *
     * @param text the text
     * @return true when equal
     */
    public boolean dataIs(String text) {
        return bytes.length == text.length() && text.equals(data());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SseEvent that && event.equals(that.event) && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * event.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data() + "]";
    }
}
