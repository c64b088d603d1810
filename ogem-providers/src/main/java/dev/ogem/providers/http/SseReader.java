package dev.ogem.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads server-sent events one at a time from a blocking stream, as they arrive. Lines end with
 * LF, CR or CR LF; they are found in the raw bytes (no UTF-8 byte is a CR or LF) and only a whole
 * line is decoded. One 2 KiB buffer per stream, grown for a longer line and shrunk back after it.
 */
public final class SseReader {

    private static final int BUFFER = 2048;

    private final InputStream body;
    private byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    /** The last line ended with CR: an LF right after it belongs to that line end. */
    private boolean skipLf;

    /**
     * Reads events from a response body.
     *
     * @param body the body, UTF-8
     */
    public SseReader(InputStream body) {
        this.body = body;
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
        while ((line = readLine()) != null) {
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
     * Whether the bytes already received hold a whole event that carries data, i.e. whether
     * {@link #next()} would return without waiting for the network. Never blocks. A false answer
     * says nothing about what the upstream sends next.
     *
     * @return true when the next event is complete in the buffer
     */
    public boolean hasBufferedEvent() {
        int i = position;
        if (skipLf && i < limit && buffer[i] == '\n') {
            i++;
        }
        boolean data = false;
        int start = i;
        for (; i < limit; i++) {
            byte b = buffer[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            int length = i - start;
            if (length == 0) {
                if (data) {
                    return true;
                }
            } else if (isDataField(start, length)) {
                data = true;
            }
            if (b == '\r' && i + 1 < limit && buffer[i + 1] == '\n') {
                i++;
            }
            start = i + 1;
        }
        return false;
    }

    private boolean isDataField(int start, int length) {
        return length >= 4 && buffer[start] == 'd' && buffer[start + 1] == 'a' && buffer[start + 2] == 't'
                && buffer[start + 3] == 'a' && (length == 4 || buffer[start + 4] == ':');
    }

    /** The next line without its end, or null at the end of the stream (as BufferedReader does). */
    private String readLine() throws IOException {
        int scanned = 0;
        while (true) {
            if (skipLf && position < limit) {
                skipLf = false;
                if (buffer[position] == '\n') {
                    position++;
                }
            }
            if (!skipLf) {
                for (int i = position + scanned; i < limit; i++) {
                    byte b = buffer[i];
                    if (b == '\n' || b == '\r') {
                        String line = new String(buffer, position, i - position, StandardCharsets.UTF_8);
                        position = i + 1;
                        skipLf = b == '\r';
                        return line;
                    }
                }
                scanned = limit - position;
            }
            if (!fill()) {
                skipLf = false;
                if (position < limit) {
                    String line = new String(buffer, position, limit - position, StandardCharsets.UTF_8);
                    position = limit;
                    return line;
                }
                return null;
            }
        }
    }

    /** Reads more bytes behind the unread ones; false at the end of the stream. */
    private boolean fill() throws IOException {
        int unread = limit - position;
        if (unread == 0 && buffer.length > BUFFER) {
            buffer = new byte[BUFFER];
        } else if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, unread);
        } else if (unread == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        position = 0;
        limit = unread;
        int read;
        do {
            read = body.read(buffer, limit, buffer.length - limit);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        limit += read;
        return true;
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
