package dev.ogem.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One chunk of a stream, held as the JSON an OpenAI client receives, as a parsed {@link ChatChunk},
 * or both: each form is made from the other on first use. A relay of an OpenAI-protocol upstream
 * thereby forwards the bytes it received without parsing them; only a chunk that someone reads is
 * parsed, and only a chunk built by a translation is written. Not thread-safe, like its stream.
 */
public final class StreamChunk {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private ChatChunk chunk;
    private byte[] json;
    private final byte[] nativeEvent;

    private StreamChunk(ChatChunk chunk, byte[] json) {
        this(chunk, json, null);
    }

    private StreamChunk(ChatChunk chunk, byte[] json, byte[] nativeEvent) {
        this.chunk = chunk;
        this.json = json;
        this.nativeEvent = nativeEvent;
    }

    /**
     * One event of an upstream's stream in the protocol of a {@link NativeRequest}, with its translation.
     *
     * @param chunk       the translation (for routing: usage on the last one; it may add nothing)
     * @param nativeEvent the event as a server-sent event, its blank line included; not copied
     * @return the chunk
     */
    public static StreamChunk ofNative(ChatChunk chunk, byte[] nativeEvent) {
        return new StreamChunk(Objects.requireNonNull(chunk), null, Objects.requireNonNull(nativeEvent));
    }

    /**
     * The upstream's own event, when this chunk answers a {@link NativeRequest} in its protocol.
     *
     * @return the server-sent event bytes; not to be changed
     */
    public Optional<byte[]> nativeEvent() {
        return Optional.ofNullable(nativeEvent);
    }

    /**
     * A chunk built by ogem.
     *
     * @param chunk the chunk
     * @return the chunk, its JSON written on first use
     */
    public static StreamChunk of(ChatChunk chunk) {
        return new StreamChunk(Objects.requireNonNull(chunk), null);
    }

    /**
     * A chunk as received: one JSON object on one line, which is relayed unchanged.
     *
     * @param json the chunk's JSON, UTF-8; not copied, so not to be changed afterwards
     * @return the chunk, parsed on first use
     */
    public static StreamChunk ofJson(byte[] json) {
        return new StreamChunk(null, Objects.requireNonNull(json));
    }

    /**
     * The chunk, parsed from its JSON on the first call.
     *
     * @return the chunk
     * @throws ProviderException ({@code BAD_RESPONSE}) when the JSON received is not a chunk
     */
    public ChatChunk chunk() {
        if (chunk == null) {
            try {
                chunk = OpenAiJson.read(json, ChatChunk.class);
            } catch (IOException e) {
                throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                        "The upstream sent a stream event that is not a chat completion chunk"
                                + OpenAiJson.invalidValue(e).map(reason -> ": " + reason).orElse("."), e);
            }
        }
        return chunk;
    }

    /**
     * The chunk's JSON on one line, written on the first call when the chunk was built by ogem.
     *
     * @return the bytes to send; not to be changed
     */
    public byte[] json() {
        if (json == null) {
            json = OpenAiJson.write(chunk);
        }
        return json;
    }

    /**
     * This chunk with its {@code system_fingerprint} set. A chunk held as received bytes gets the
     * member written into its bytes, without a parse; a chunk built by ogem gets it on its record.
     *
     * @param fingerprint the fingerprint
     * @return the new chunk
     * @throws ProviderException ({@code BAD_RESPONSE}) when the JSON received is not a chunk
     */
    public StreamChunk withSystemFingerprint(String fingerprint) {
        return withSystemFingerprint(fingerprint, OpenAiJson.write(fingerprint));
    }

    /**
     * Sets one {@code system_fingerprint} on every chunk of a stream ({@link #withSystemFingerprint(String)}),
     * its JSON written once for the whole stream rather than once per chunk.
     *
     * @param fingerprint the fingerprint
     * @return what sets it on a chunk
     */
    public static UnaryOperator<StreamChunk> systemFingerprint(String fingerprint) {
        byte[] value = OpenAiJson.write(fingerprint);
        return chunk -> chunk.withSystemFingerprint(fingerprint, value);
    }

    private StreamChunk withSystemFingerprint(String fingerprint, byte[] value) {
        if (json != null && chunk == null) {
            Optional<byte[]> changed = TopLevelMember.set(json, "system_fingerprint", value);
            if (changed.isPresent()) {
                return ofJson(changed.get());
            }
        }
        return of(chunk().withSystemFingerprint(fingerprint));
    }

    /**
     * Whether the JSON may hold a member of this name with a value other than {@code null}, found
     * by a scan of the bytes for {@code "name"} followed by a colon: false only when it surely holds
     * none, true also when the name is a key at some depth other than the top. Text inside JSON
     * strings never matches, because quotes in it are escaped. A caller that gets true parses
     * {@link #chunk()} to be sure.
     *
     * @param name the member's name, plain ASCII
     * @return false when no such member can be there
     */
    public boolean mayCarry(String name) {
        byte[] bytes = json();
        for (int at = indexOfKey(bytes, name, 0); at >= 0; at = indexOfKey(bytes, name, at + name.length() + 2)) {
            int i = skipSpace(bytes, at + name.length() + 2);
            if (i < bytes.length && bytes[i] == ':') {
                i = skipSpace(bytes, i + 1);
                if (!startsWith(bytes, i, NULL)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where {@code "name"} (quotes included) next starts, compared without encoding the name. */
    private static int indexOfKey(byte[] bytes, String name, int from) {
        int length = name.length() + 2;
        outer:
        for (int i = from; i <= bytes.length - length; i++) {
            if (bytes[i] != '"' || bytes[i + length - 1] != '"') {
                continue;
            }
            for (int k = 0; k < name.length(); k++) {
                if (bytes[i + 1 + k] != name.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int skipSpace(byte[] bytes, int i) {
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        return bytes.length - at >= prefix.length
                && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public String toString() {
        return new String(json(), StandardCharsets.UTF_8);
    }
}
