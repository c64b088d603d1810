package dev.ogem.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reads the config document named by {@code CONFIG_SOURCE}: an {@code http(s)://} URL (GET, 10 s timeout,
 * {@code Authorization: Bearer $CONFIG_TOKEN} when set, redirects not followed so the token never travels to
 * another host, and a token over plain {@code http://} refused unless the host is loopback), or a file path (relative to the working directory). When {@code CONFIG_SOURCE} is unset or
 * blank, {@code ./config.yaml} is read, and when that does not exist either, the bundled {@code /ogem-sample.yaml}.
 * A re-read of a URL sends the {@code ETag} ({@code If-None-Match}) and {@code Last-Modified}
 * ({@code If-Modified-Since}) the server sent last, and a {@code 304 Not Modified} reads as "unchanged".
 */
final class ConfigSourceReader {

    static final String SAMPLE_RESOURCE = "/ogem-sample.yaml";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ConfigSourceReader.class.getName());

    private ConfigSourceReader() {
    }

    static ConfigText read(Map<String, String> env, Path workingDir) {
        return read(env, workingDir, ConfigVersion.NONE).orElseThrow();
    }

    /**
     * Reads the document, asking a URL's server only for a newer one than {@code seen}.
     *
     * @return the document; empty when the server answered {@code 304 Not Modified}
     */
    static Optional<ConfigText> read(Map<String, String> env, Path workingDir, ConfigVersion seen) {
        String source = env.getOrDefault("CONFIG_SOURCE", "").trim();
        if (source.isEmpty()) {
            Path local = workingDir.resolve("config.yaml");
            if (Files.exists(local)) {
                return Optional.of(readFile(local, "config.yaml"));
            }
            LOG.warning("CONFIG_SOURCE is unset and ./config.yaml does not exist: using the bundled sample config");
            return Optional.of(readSample());
        }
        if (isUrl(source)) {
            return fetch(source, env.getOrDefault("CONFIG_TOKEN", "").trim(), seen);
        }
        Path file = workingDir.resolve(source);
        if (!Files.exists(file)) {
            throw new ConfigException("CONFIG_SOURCE", "config file " + file.toAbsolutePath() + " does not exist");
        }
        return Optional.of(readFile(file, "CONFIG_SOURCE"));
    }

    static ConfigLocation locate(Map<String, String> env, Path workingDir) {
        String source = env.getOrDefault("CONFIG_SOURCE", "").trim();
        if (source.isEmpty()) {
            Path local = workingDir.resolve("config.yaml");
            return Files.exists(local) ? new ConfigLocation.File(local.toAbsolutePath().normalize())
                    : new ConfigLocation.Bundled();
        }
        if (isUrl(source)) {
            try {
                return new ConfigLocation.Url(safeUrl(URI.create(source)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("CONFIG_SOURCE", "is not a valid URL");
            }
        }
        return new ConfigLocation.File(workingDir.resolve(source).toAbsolutePath().normalize());
    }

    private static boolean isUrl(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    static ConfigText readFile(Path file, String origin) {
        String description = "file " + file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(origin, description + " is not a regular file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(origin, description + " is larger than " + MAX_BYTES + " bytes");
            }
            return new ConfigText(Files.readString(file, StandardCharsets.UTF_8), description);
        } catch (CharacterCodingException e) {
            throw new ConfigException(origin, description + " is not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(origin, "cannot read " + description + ": " + e.getClass().getSimpleName());
        }
    }

    private static ConfigText readSample() {
        try (InputStream in = ConfigSourceReader.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("CONFIG_SOURCE", "unset, no ./config.yaml and no bundled " + SAMPLE_RESOURCE);
            }
            return new ConfigText(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "bundled sample " + SAMPLE_RESOURCE);
        } catch (IOException e) {
            throw new ConfigException("CONFIG_SOURCE", "cannot read bundled " + SAMPLE_RESOURCE, e);
        }
    }

    private static Optional<ConfigText> fetch(String source, String token, ConfigVersion seen) {
        URI uri;
        try {
            uri = URI.create(source);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CONFIG_SOURCE", "is not a valid URL");
        }
        String shown = safeUrl(uri);
        if (uri.getHost() == null) {
            throw new ConfigException("CONFIG_SOURCE", "URL " + shown + " has no host");
        }
        if (!token.isEmpty() && "http".equalsIgnoreCase(uri.getScheme()) && !Loopback.is(uri.getHost())) {
            throw new ConfigException("CONFIG_TOKEN", "would travel in clear text to " + shown + ": use an https://"
                    + " CONFIG_SOURCE (plain http:// carries the token only to a loopback host)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
                .header("Accept", "application/yaml, text/yaml, text/plain, */*");
        seen.etag().ifPresent(etag -> request.header("If-None-Match", etag));
        seen.lastModified().ifPresent(date -> request.header("If-Modified-Since", date));
        if (!token.isEmpty()) {
            try {
                request.header("Authorization", "Bearer " + token);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("CONFIG_TOKEN", "is not a valid HTTP header value");
            }
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 304 && !seen.digest().isEmpty()) {
                    return Optional.empty();
                }
                if (response.statusCode() != 200) {
                    String hint = response.statusCode() == 401 || response.statusCode() == 403
                            ? (token.isEmpty() ? " (CONFIG_TOKEN is unset)" : " (check CONFIG_TOKEN)") : "";
                    throw new ConfigException("CONFIG_SOURCE", "fetching " + shown + " failed: HTTP "
                            + response.statusCode() + hint);
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new ConfigException("CONFIG_SOURCE", shown + " answered more than " + MAX_BYTES + " bytes");
                }
                return Optional.of(new ConfigText(new String(bytes, StandardCharsets.UTF_8), "url " + shown,
                        response.headers().firstValue("ETag"), response.headers().firstValue("Last-Modified")));
            }
        } catch (HttpTimeoutException e) {
            throw new ConfigException("CONFIG_SOURCE", "fetching " + shown + " failed: timed out after "
                    + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new ConfigException("CONFIG_SOURCE", "fetching " + shown + " failed: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("CONFIG_SOURCE", "fetching " + shown + " was interrupted");
        }
    }

    /** The URL without user info, query or fragment, which may carry credentials. */
    static String safeUrl(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + host + port + path;
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        String detail = e.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : " (" + message + ")");
        return e instanceof ConnectException ? "cannot connect: " + detail : detail;
    }
}
