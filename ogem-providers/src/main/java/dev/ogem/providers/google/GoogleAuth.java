package dev.ogem.providers.google;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.ogem.api.ProviderException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The request headers that authenticate a call to a Google Cloud API (Vertex AI) with OAuth2.
 *
 * <p>Credentials come from Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}
 * service-account JSON, the gcloud user file, or the metadata server), scoped to
 * {@code cloud-platform}, unless a credentials file is given ({@code ProviderSettings.googleCredentialsFile},
 * which the gateway takes from its {@code GOOGLE_APPLICATION_CREDENTIALS}). They are looked up lazily on the
 * first call, so a gateway without Google credentials starts and fails only the Vertex calls. google-auth caches the access token and
 * refreshes it before it expires; {@link #headers()} is cheap and thread-safe.
 *
 * <p>Usage, for any Vertex client:
 * <pre>{@code
 * GoogleAuth auth = GoogleAuth.applicationDefault(settings.googleCloudProject(), settings.googleCredentialsFile());
 * http.postJson(uri, auth.headers(), body);   // Authorization: Bearer …, and x-goog-user-project for user credentials
 * }</pre>
 */
public final class GoogleAuth {

    /** The OAuth2 scope every Vertex AI call needs. */
    public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    /** The variable naming a credentials file (service-account key or other ADC JSON). */
    public static final String CREDENTIALS_FILE = "GOOGLE_APPLICATION_CREDENTIALS";

    private final Supplier<GoogleCredentials> source;
    private final Optional<String> project;
    private final ReentrantLock lock = new ReentrantLock();
    private GoogleCredentials credentials;

    private GoogleAuth(Supplier<GoogleCredentials> source, Optional<String> project) {
        this.source = source;
        this.project = project;
    }

    /**
     * Credentials from a credentials file when one is named, else from Application Default
     * Credentials; found on first use. The file is the operator's own configuration, trusted as
     * Application Default Credentials trust {@code GOOGLE_APPLICATION_CREDENTIALS}.
     *
     * @param project         the Google Cloud project ({@code GOOGLE_CLOUD_PROJECT}); billed for user credentials
     * @param credentialsFile a credentials file; empty means Application Default Credentials
     * @return the auth
     */
    public static GoogleAuth applicationDefault(Optional<String> project, Optional<Path> credentialsFile) {
        return new GoogleAuth(credentialsFile.<Supplier<GoogleCredentials>>map(file -> () -> loadFile(file))
                .orElse(GoogleAuth::loadApplicationDefault), project);
    }

    /**
     * Given credentials, such as {@code ServiceAccountCredentials.fromStream(..)} in tests; they are
     * scoped to {@code cloud-platform} when they need scopes.
     *
     * @param credentials the credentials
     * @param project     the Google Cloud project; billed for user credentials
     * @return the auth
     */
    public static GoogleAuth of(GoogleCredentials credentials, Optional<String> project) {
        return new GoogleAuth(() -> scoped(credentials), project);
    }

    /**
     * The headers to add to a request: {@code Authorization: Bearer <token>}, plus
     * {@code x-goog-user-project: <project>} for user credentials. Refreshes the token when it is
     * about to expire (blocking, on the caller's virtual thread).
     *
     * @return the headers
     * @throws ProviderException of kind {@code AUTH} when no credentials are found or the token
     *                           cannot be obtained
     */
    public Map<String, String> headers() {
        GoogleCredentials current = credentials();
        AccessToken token;
        try {
            current.refreshIfExpired();
            token = current.getAccessToken();
        } catch (IOException | RuntimeException e) {
            throw failure("A Google access token could not be obtained.", e);
        }
        if (token == null) {
            throw failure("Google credentials produced no access token.", null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token.getTokenValue());
        if (current instanceof UserCredentials user) {
            project.or(() -> Optional.ofNullable(user.getQuotaProjectId()))
                    .ifPresent(p -> headers.put("x-goog-user-project", p));
        }
        return Map.copyOf(headers);
    }

    /**
     * Forgets the current token so that the next {@link #headers()} fetches a new one; for an
     * upstream 401 on a token that should still be valid.
     */
    public void invalidate() {
        lock.lock();
        try {
            if (credentials != null) {
                credentials.refresh();
            }
        } catch (IOException | RuntimeException e) {
            throw failure("A Google access token could not be refreshed.", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The project to bill and address: the one configured, else the credentials' own (the
     * {@code project_id} of a service-account key, the quota project of user credentials).
     *
     * @return the project id
     */
    public Optional<String> project() {
        if (project.isPresent()) {
            return project;
        }
        GoogleCredentials current = credentials();
        if (current instanceof ServiceAccountCredentials account) {
            return Optional.ofNullable(account.getProjectId());
        }
        return Optional.ofNullable(current.getQuotaProjectId());
    }

    private GoogleCredentials credentials() {
        lock.lock();
        try {
            if (credentials == null) {
                credentials = source.get();
            }
            return credentials;
        } finally {
            lock.unlock();
        }
    }

    private static GoogleCredentials loadApplicationDefault() {
        try {
            return scoped(GoogleCredentials.getApplicationDefault());
        } catch (IOException | RuntimeException e) {
            throw failure("No Google Application Default Credentials were found (set GOOGLE_APPLICATION_CREDENTIALS, "
                    + "run 'gcloud auth application-default login', or run on Google Cloud).", e);
        }
    }

    private static GoogleCredentials loadFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return scoped(GoogleCredentials.fromStream(in));
        } catch (IOException | RuntimeException e) {
            throw failure("The Google credentials file named by " + CREDENTIALS_FILE + " could not be read.", e);
        }
    }

    private static GoogleCredentials scoped(GoogleCredentials credentials) {
        return credentials.createScopedRequired() ? credentials.createScoped(List.of(CLOUD_PLATFORM)) : credentials;
    }

    private static ProviderException failure(String message, Throwable cause) {
        return ProviderException.of(ProviderException.Kind.AUTH, message, cause);
    }
}
