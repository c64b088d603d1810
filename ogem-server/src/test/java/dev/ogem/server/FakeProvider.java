package dev.ogem.server;

import dev.ogem.providers.google.FakeServiceAccount;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A provider's fake upstream on loopback, together with Google's OAuth2 token endpoint
 * ({@code POST /token}, handing out {@link #TOKEN}) and a generated service-account key file whose
 * {@code token_uri} points at it, for {@code GOOGLE_APPLICATION_CREDENTIALS}.
 */
final class FakeProvider extends FakeUpstream {

    /** The access token the fake token endpoint hands out. */
    static final String TOKEN = "ya29.e2e-token";

    private final Path keyFile;

    private FakeProvider() {
        try {
            keyFile = Files.createTempFile("ogem-e2e-sa", ".json");
            Files.writeString(keyFile, FakeServiceAccount.keyJson(root().resolve("/token")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a fake provider and its token endpoint on a free loopback port.
     *
     * @return the running fake
     */
    public static FakeProvider start() {
        return new FakeProvider();
    }

    /** The service-account key file, for {@code GOOGLE_APPLICATION_CREDENTIALS}. */
    Path keyFile() {
        return keyFile;
    }

    /** Sets how every model call is answered; token grants are answered by the fake token endpoint. */
    @Override
    public FakeProvider answer(Function<Recorded, Reply> script) {
        super.answer(r -> r.path().equals("/token")
                ? Reply.json(200, FakeServiceAccount.tokenAnswer(TOKEN))
                : script.apply(r));
        return this;
    }

    /** The model calls received so far, token grants left out. */
    List<Recorded> calls() {
        return received().stream().filter(r -> !r.path().equals("/token")).toList();
    }

    /** The last model call received. */
    Recorded lastCall() {
        return calls().getLast();
    }

    /** How many token grants the fake token endpoint has answered. */
    long tokenGrants() {
        return received().stream().filter(r -> r.path().equals("/token")).count();
    }

    /**
     * The events of an upstream stream fixture of ogem-providers ({@code upstream-response.sse}), one
     * event per blank-line-separated block, raw ({@code event:} lines kept).
     *
     * @param fixture such as {@code anthropic/stream-text}
     * @return the events, sent at once
     */
    static List<Event> sse(String fixture) {
        String resource = "/fixtures/" + fixture + "/upstream-response.sse";
        try (InputStream in = FakeProvider.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\n\n"))
                    .filter(block -> !block.isBlank())
                    .map(block -> new Event(block.strip() + "\n\n", new CountDownLatch(0), Duration.ZERO))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        super.close();
        try {
            Files.deleteIfExists(keyFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
