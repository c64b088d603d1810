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
import java.util.logging.Logger;

/**
 * Reads the config document named by {@code CONFIG_SOURCE}: an {@code http(s)://} URL (GET, 10 s timeout,
 * {@code Authorization: Bearer $CONFIG_TOKEN} when set, redirects not followed so the token never travels to
 * another host), or a file path (relative to the working directory). When {@code CONFIG_SOURCE} is unset or
 * blank, {@code ./config.yaml} is read, and when that does not exist either, the bundled {@code /ogem-sample.yaml}.
 */
final class ConfigSourceReader {

    static final String SAMPLE_RESOURCE = "/ogem-sample.yaml";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ConfigSourceReader.class.getName());

    private ConfigSourceReader() {
    }

    static ConfigText read(Map<String, String> env, Path workingDir) {
        String source = env.getOrDefault("CONFIG_SOURCE", "").trim();
        if (source.isEmpty()) {
            Path local = workingDir.resolve("config.yaml");
            if (Files.exists(local)) {
                return readFile(local, "config.yaml");
            }
            LOG.warning("CONFIG_SOURCE is unset and ./config.yaml does not exist: using the bundled sample config");
            return readSample();
        }
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fetch(source, env.getOrDefault("CONFIG_TOKEN", "").trim());
        }
        Path file = workingDir.resolve(source);
        if (!Files.exists(file)) {
            throw new ConfigException("CONFIG_SOURCE", "config file " + file.toAbsolutePath() + " does not exist");
        }
        return readFile(file, "CONFIG_SOURCE");
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

    private static ConfigText fetch(String source, String token) {
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
                .header("Accept", "application/yaml, text/yaml, text/plain, */*");
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
                return new ConfigText(new String(bytes, StandardCharsets.UTF_8), "url " + shown);
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
