package dev.ogem.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the gateway and how it is watched: the named client keys (besides {@code OPEN_GEMINI_API_KEY}),
 * the browser origins CORS allows, and whether the access log is written.
 *
 * @param keys        the {@code keys} section (or the file {@code keys_file} names), in config order
 * @param corsOrigins {@code cors.allowed_origins}: origins such as {@code https://app.example.com}, or
 *                    {@code *}; empty (the default) turns CORS off
 * @param accessLog   whether each request writes an access log line ({@code ACCESS_LOG}, default true)
 * @param keysFile    the file {@code keys_file} names, resolved, which is watched for changes; empty for keys
 *                    written in the config
 */
public record ClientAccess(List<ClientKey> keys, List<String> corsOrigins, boolean accessLog,
                           Optional<Path> keysFile) {

    /** Checks for nulls and copies the lists. */
    public ClientAccess {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        corsOrigins = List.copyOf(Objects.requireNonNull(corsOrigins, "corsOrigins"));
        Objects.requireNonNull(keysFile, "keysFile");
    }
}
