package dev.ogem.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat completion in one piece, held as the JSON an OpenAI client receives, as a parsed
 * {@link ChatResponse}, or both: each form is made from the other on first use, as {@link StreamChunk} does for
 * stream chunks. An OpenAI-protocol upstream's answer thereby reaches the client as the bytes it sent (its
 * key order, spacing and fields ogem does not model included), with only {@code system_fingerprint} set
 * ({@link #withSystemFingerprint}); a translating provider's answer is built as a record and written once.
 * The {@link #usage()} is known without a parse either way, for quota settlement, metrics and the access log.
 * One thread at a time, like the request it answers.
 */
public final class ChatAnswer {

    private ChatResponse response;
    private byte[] json;
    private final Optional<Usage> usage;
    private final boolean received;

    private ChatAnswer(ChatResponse response, byte[] json, Optional<Usage> usage) {
        this.response = response;
        this.json = json;
        this.usage = usage;
        this.received = json != null;
    }

    /**
     * An answer built as a record (a translation, the batch lane, a test).
     *
     * @param response the completion
     * @return the answer, its JSON written on first use
     */
    public static ChatAnswer of(ChatResponse response) {
        return new ChatAnswer(Objects.requireNonNull(response, "response"), null, response.usage());
    }

    /**
     * An answer as an upstream sent it, when one scan of its bytes finds a whole chat completion that may be
     * relayed unchanged: one object with {@code id}, {@code object}, {@code created} and {@code model}, at
     * least one choice, each with its message, no {@code error}, and a valid {@code usage} if any. The
     * usage is read in the same scan; nothing else is built.
     *
     * @param json the upstream's body, UTF-8; not copied, so not to be changed afterwards
     * @return the answer; empty when the bytes are anything else, to be parsed (and refused) by the caller
     */
    public static Optional<ChatAnswer> received(byte[] json) {
        return AnswerScan.relayable(json).map(usage -> new ChatAnswer(null, json, usage));
    }

    /**
     * The completion, parsed from its JSON on the first call.
     *
     * @return the completion
     * @throws ProviderException ({@code BAD_RESPONSE}) when the bytes received do not read as a completion
     */
    public ChatResponse response() {
        if (response == null) {
            try {
                response = OpenAiJson.read(json, ChatResponse.class);
            } catch (IOException e) {
                throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                        "The upstream answered with a body that is not a chat completion"
                                + OpenAiJson.invalidValue(e).map(reason -> ": " + reason).orElse("."), e);
            }
        }
        return response;
    }

    /**
     * The completion's JSON: the bytes received, or the record written on the first call.
     *
     * @return the bytes to send; not to be changed
     */
    public byte[] json() {
        if (json == null) {
            json = OpenAiJson.write(response);
        }
        return json;
    }

    /**
     * The token usage the answer reports, known without parsing the rest of it.
     *
     * @return the usage, or empty when the answer carries none
     */
    public Optional<Usage> usage() {
        return usage;
    }

    /**
     * Whether the JSON is the upstream's own bytes rather than a record written by ogem.
     *
     * @return true for an answer held as received
     */
    public boolean isReceived() {
        return received;
    }

    /**
     * This answer with its {@code system_fingerprint} set: written into the bytes received, without a parse
     * (the member's value replaced where it stands, or the member added at the end), or set on the record.
     *
     * @param fingerprint the fingerprint
     * @return the new answer
     */
    public ChatAnswer withSystemFingerprint(String fingerprint) {
        if (received) {
            Optional<byte[]> changed = TopLevelMember.set(json, "system_fingerprint", OpenAiJson.write(fingerprint));
            if (changed.isPresent()) {
                return new ChatAnswer(null, changed.get(), usage);
            }
        }
        return of(response().withSystemFingerprint(fingerprint));
    }

    @Override
    public String toString() {
        return new String(json(), StandardCharsets.UTF_8);
    }
}
