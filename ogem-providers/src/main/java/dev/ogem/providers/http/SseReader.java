package dev.ogem.providers.http;

import dev.ogem.api.ProviderException;
import dev.ogem.providers.ProviderLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads server-sent events one at a time from a blocking stream, as they arrive. Lines end with
 * LF, CR or CR LF; they are found in the raw bytes (no UTF-8 byte is a CR or LF), and an event's
 * data is handed on as the bytes received, so a relay need not decode it. One 2 KiB buffer per
 * stream, grown for a longer line and shrunk back after it. An event's data, and a line (less its field
 * name), may be at most a bound long ({@link ProviderLimits#maxEventBytes()}); past it the upstream is
 * sending something no stream of chunks holds, and reading stops with a {@code BAD_RESPONSE} before it
 * costs the heap.
 */
public final class SseReader {

    private static final int BUFFER = 2048;
    /** The most {@link #skipRest()} reads. */
    private static final int SKIP_LIMIT = 8192;
    /** Room for a field name, its colon and a space before a value of the longest length. */
    private static final int FIELD_ROOM = 16;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private final InputStream body;
    private final int maxEventBytes;
    private byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    /** The last line ended with CR: an LF right after it belongs to that line end. */
    private boolean skipLf;
    /** The line {@link #readLine()} found: {@code buffer[lineStart, lineEnd)}. */
    private int lineStart;
    private int lineEnd;

    /**
     * Reads events from a response body, lines and events at most {@link ProviderLimits#MAX_EVENT_BYTES}.
     *
     * @param body the body, UTF-8
     */
    public SseReader(InputStream body) {
        this(body, ProviderLimits.MAX_EVENT_BYTES);
    }

    /**
     * Reads events from a response body.
     *
     * @param body          the body, UTF-8
     * @param maxEventBytes the longest line, and the most data of one event
     */
    public SseReader(InputStream body, int maxEventBytes) {
        this.body = body;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Blocks for the next event that carries data.
     *
     * @return the event, or empty at the end of the stream
     * @throws IOException       when the connection fails
     * @throws ProviderException ({@code BAD_RESPONSE}) for a line or event longer than the bound
     */
    public Optional<SseEvent> next() throws IOException {
        String event = "";
        byte[] data = null;
        boolean line;
        while ((line = readLine()) || lineEnd > lineStart) {
            int length = lineEnd - lineStart;
            if (length == 0) {
                if (data != null) {
                    return Optional.of(new SseEvent(event, data));
                }
                event = "";
                continue;
            }
            int colon = indexOf(':');
            if (colon == lineStart) {
                continue;
            }
            int nameEnd = colon < 0 ? lineEnd : colon;
            int valueStart = colon < 0 ? lineEnd : colon + 1;
            if (valueStart < lineEnd && buffer[valueStart] == ' ') {
                valueStart++;
            }
            if (isField(lineStart, nameEnd - lineStart, EVENT)) {
                event = new String(buffer, valueStart, lineEnd - valueStart, StandardCharsets.UTF_8);
            } else if (isField(lineStart, nameEnd - lineStart, DATA)) {
                data = append(data, valueStart);
            }
            if (!line) {
                break;
            }
        }
        return data == null ? Optional.empty() : Optional.of(new SseEvent(event, data));
    }

    /** The data so far with this line's value from {@code valueStart} added, joined by a newline. */
    private byte[] append(byte[] data, int valueStart) {
        int length = lineEnd - valueStart;
        if ((data == null ? 0L : data.length + 1L) + length > maxEventBytes) {
            throw tooLarge();
        }
        if (data == null) {
            return Arrays.copyOfRange(buffer, valueStart, lineEnd);
        }
        byte[] joined = Arrays.copyOf(data, data.length + 1 + length);
        joined[data.length] = '\n';
        System.arraycopy(buffer, valueStart, joined, data.length + 1, length);
        return joined;
    }

    private int indexOf(char c) {
        for (int i = lineStart; i < lineEnd; i++) {
            if (buffer[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the bytes already received hold a whole event that carries data, i.e. whether
     * {@link #next()} would return without waiting for the network. Never blocks: it reads only what the
     * body says is {@linkplain InputStream#available() available}. A false answer says nothing about what
     * the upstream sends next.
     *
     * @return true when the next event is complete in the buffer
     */
    public boolean hasBufferedEvent() {
        try {
            while (!holdsEvent()) {
                if (body.available() <= 0 || !fill()) {
                    return false;
                }
            }
            return true;
        } catch (IOException | ProviderException e) {
            return false; // the next read meets it again and throws it
        }
    }

    /** Whether the unread bytes in the buffer hold a whole event that carries data. */
    private boolean holdsEvent() {
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
            } else if (isDataLine(start, length)) {
                data = true;
            }
            if (b == '\r' && i + 1 < limit && buffer[i + 1] == '\n') {
                i++;
            }
            start = i + 1;
        }
        return false;
    }

    /** Whether the line at {@code start} is a {@code data} field: {@code data} alone or {@code data:...}. */
    private boolean isDataLine(int start, int length) {
        return isField(start, Math.min(length, DATA.length), DATA)
                && (length == DATA.length || buffer[start + DATA.length] == ':');
    }

    /** Whether the bytes at {@code start} are exactly the field name {@code name}. */
    private boolean isField(int start, int length, byte[] name) {
        return length == name.length && Arrays.equals(buffer, start, start + length, name, 0, length);
    }

    /**
     * Reads and drops what is left of the body, up to a bound. An upstream ends its body right after
     * its last event; reading that end lets the HTTP client keep the connection for the next request
     * (a body closed before its end closes the connection). Gives up after {@value #SKIP_LIMIT} bytes.
     *
     * @return true when the end of the body was reached; false when more came or the connection failed
     */
    public boolean skipRest() {
        int skipped = 0;
        try {
            do {
                skipped += limit - position;
                position = limit;
                skipLf = false;
                if (!fill()) {
                    return true;
                }
            } while (skipped <= SKIP_LIMIT);
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Finds the next line and leaves it in {@code buffer[lineStart, lineEnd)}, valid until the next
     * call. Returns true for a line that ended; false at the end of the stream, where a last line
     * without an end may still be left (then {@code lineEnd > lineStart}).
     */
    private boolean readLine() throws IOException {
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
                        lineStart = position;
                        lineEnd = i;
                        position = i + 1;
                        skipLf = b == '\r';
                        return true;
                    }
                }
                scanned = limit - position;
            }
            if (!fill()) {
                skipLf = false;
                lineStart = position;
                lineEnd = limit;
                position = limit;
                return false;
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
            long maxLine = maxEventBytes + (long) FIELD_ROOM;
            if (buffer.length > maxLine) {
                throw tooLarge();
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, maxLine + 1));
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

    private ProviderException tooLarge() {
        return ProviderException.of(ProviderException.Kind.BAD_RESPONSE, "The upstream sent a stream line or event"
                + " larger than the limit of " + maxEventBytes + " bytes.");
    }
}
