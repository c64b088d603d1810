package dev.ogem.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's actions in-process; {@code InstallIT} runs them through {@code bin/ogem} for the exit codes. */
class OgemCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void versionIsTheBuildsVersion() {
        assertEquals(OptionalInt.of(0), run(Map.of(), "--version"));
        assertEquals("ogem " + System.getProperty("ogem.version") + "\n", out());
        assertTrue(!System.getProperty("ogem.version").isBlank());
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(OptionalInt.of(0), run(Map.of(), "--help"));
        assertEquals(CommandLine.USAGE, out());
    }

    @Test
    void anUnknownOptionIsStatusTwoWithTheUsage() {
        assertEquals(OptionalInt.of(2), run(Map.of(), "--verbose"));
        assertTrue(err().startsWith("ogem: unknown option '--verbose'\n\nUsage: ogem"), err());
        assertEquals("", out());
    }

    @Test
    void checkConfigAcceptsAValidFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ok.yaml"), """
                providers:
                  local:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions: { local: { models: [ m1, m2 ] } }
                """);
        assertEquals(OptionalInt.of(0), run(Map.of(), "--check-config", file.toString()));
        assertEquals("ogem: config OK: file " + file.toAbsolutePath() + " (1 providers, 1 regions)\n", out());
    }

    @Test
    void checkConfigReportsWhatStartupWouldRefuse(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                providers:
                  local:
                    base_url: http://127.0.0.1:9/v1
                    protocol: grpc
                    regions: { local: { models: [ m ] } }
                """);
        assertEquals(OptionalInt.of(1), run(Map.of("CONFIG_SOURCE", file.toString()), "--check-config"));
        assertTrue(err().startsWith("ogem: config error: providers.local.protocol: "), err());
        assertEquals("", out());
    }

    @Test
    void checkConfigNamesAMissingFile(@TempDir Path dir) {
        assertEquals(OptionalInt.of(1), run(Map.of(), "--config", dir.resolve("nope.yaml").toString(), "--check-config"));
        assertTrue(err().contains("CONFIG_SOURCE: config file ") && err().contains("nope.yaml does not exist"), err());
    }

    @Test
    void healthCheckFailsWhenNothingListens() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertEquals(OptionalInt.of(1), run(Map.of("PORT", Integer.toString(port)), "--health-check"));
        assertTrue(err().startsWith("ogem: unhealthy: http://127.0.0.1:" + port + "/observe/health did not answer"), err());
        assertEquals(OptionalInt.of(1), run(Map.of("PORT", "http"), "--health-check"));
        assertTrue(err().contains("PORT must be a port number"), err());
    }

    private OptionalInt run(Map<String, String> environment, String... args) {
        return runWithInput("", environment, args);
    }

    private OptionalInt runWithInput(String input, Map<String, String> environment, String... args) {
        out.reset();
        err.reset();
        return OgemCommand.run(List.of(args), environment,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void hashKeyPrintsTheSha256OfTheKeyOnStandardInput() {
        // sha256("team-search-key"), as `printf %s team-search-key | sha256sum` prints it
        String expected = "1642b9e9e6f0b83c22be415577ccf26740c62159a59491e2fae89872e04a0660";
        assertEquals(OptionalInt.of(0), runWithInput("team-search-key\n", Map.of(), "--hash-key"));
        assertEquals(expected + "\n", out());
        assertEquals("", err());
        assertEquals(OptionalInt.of(0), runWithInput("  team-search-key\r\n", Map.of(), "--hash-key"));
        assertEquals(expected + "\n", out(), "whitespace around the key is ignored, as in the header");
    }

    @Test
    void hashKeyRefusesNoKeyTwoWordsAndAKeyInTheArguments() {
        assertEquals(OptionalInt.of(1), runWithInput("", Map.of(), "--hash-key"));
        assertTrue(err().startsWith("ogem: no key on standard input"), err());
        assertEquals(OptionalInt.of(1), runWithInput("one\ntwo\n", Map.of(), "--hash-key"));
        assertTrue(err().contains("one word"), err());
        assertEquals("", out());
        assertEquals(OptionalInt.of(2), runWithInput("", Map.of(), "--hash-key", "team-search-key"));
        assertTrue(err().startsWith("ogem: unexpected argument 'team-search-key'"), err());
        assertEquals(OptionalInt.of(2), runWithInput("", Map.of(), "--hash-key=team-search-key"));
        assertTrue(err().startsWith("ogem: option '--hash-key' takes no value"), err());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
