package dev.ogem.providers.google;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.UserCredentials;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoogleAuthTest {

    private final FakeUpstream tokens = FakeUpstream.start();

    @AfterEach
    void stop() {
        tokens.close();
    }

    private URI tokenUri() {
        return URI.create(tokens.baseUrl() + "/token");
    }

    static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(kv -> kv.split("=", 2)).collect(Collectors.toMap(
                kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
    }

    @Test
    void aServiceAccountKeyExchangesASignedJwtForABearerTokenAndCachesIt() {
        tokens.answer(r -> Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.first")));
        GoogleAuth auth = GoogleAuth.of(FakeServiceAccount.credentials(tokenUri()), Optional.of("my-project"));

        Map<String, String> headers = auth.headers();
        assertEquals(Map.of("Authorization", "Bearer ya29.first"), headers, "no user-project header for a service account");
        assertEquals(1, tokens.received().size());
        FakeUpstream.Recorded grant = tokens.last();
        assertEquals("POST", grant.method());
        assertEquals("/v1/token", grant.path());
        Map<String, String> form = form(grant.body());
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", form.get("grant_type"));
        String[] jwt = form.get("assertion").split("\\.");
        assertEquals(3, jwt.length, "a signed JWT");
        String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains(GoogleAuth.CLOUD_PLATFORM), "scoped to cloud-platform: " + claims);
        assertTrue(claims.contains("ogem-test@sa-project.iam.gserviceaccount.com"));

        auth.headers();
        assertEquals(1, tokens.received().size(), "a valid token is reused, not fetched again");
        assertEquals(Optional.of("my-project"), auth.project());
        assertEquals(Optional.of("sa-project"),
                GoogleAuth.of(FakeServiceAccount.credentials(tokenUri()), Optional.empty()).project());
    }

    @Test
    void anExpiringTokenIsRefreshedBeforeUse() {
        tokens.answer(r -> Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.fresh")));
        var credentials = FakeServiceAccount.credentials(tokenUri()).toBuilder()
                .setAccessToken(new AccessToken("ya29.old", Date.from(Instant.now().plusSeconds(30))))
                .build();
        GoogleAuth auth = GoogleAuth.of(credentials, Optional.empty());
        assertEquals("Bearer ya29.fresh", auth.headers().get("Authorization"));
        assertEquals(1, tokens.received().size());
    }

    @Test
    void userCredentialsBillTheConfiguredProject() {
        tokens.answer(r -> Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.user")));
        UserCredentials user = UserCredentials.newBuilder()
                .setClientId("client").setClientSecret("secret").setRefreshToken("refresh")
                .setTokenServerUri(tokenUri())
                .build();
        Map<String, String> headers = GoogleAuth.of(user, Optional.of("billing-project")).headers();
        assertEquals("Bearer ya29.user", headers.get("Authorization"));
        assertEquals("billing-project", headers.get("x-goog-user-project"));
        assertEquals("refresh_token", form(tokens.last().body()).get("grant_type"));
    }

    @Test
    void aRefusedGrantIsAnAuthErrorThatDoesNotLeakTheKey() {
        tokens.answer(r -> Reply.json(400, "{\"error\":\"invalid_grant\"}"));
        GoogleAuth auth = GoogleAuth.of(FakeServiceAccount.credentials(tokenUri()), Optional.empty());
        ProviderException e = assertThrows(ProviderException.class, auth::headers);
        assertEquals(ProviderException.Kind.AUTH, e.kind());
        assertFalse(e.getMessage().contains("PRIVATE KEY"));
    }

    @Test
    void aCredentialsFileNamedInTheGatewaysEnvironmentIsUsed() throws Exception {
        tokens.answer(r -> Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.file")));
        Path key = Files.createTempFile("ogem-sa", ".json");
        try {
            Files.writeString(key, FakeServiceAccount.keyJson(tokenUri()));
            GoogleAuth auth = GoogleAuth.applicationDefault(Optional.empty(), Optional.of(key));
            assertEquals(Map.of("Authorization", "Bearer ya29.file"), auth.headers());
            assertEquals(Optional.of("sa-project"), auth.project(), "the key file's own project_id");
            String[] jwt = form(tokens.last().body()).get("assertion").split("\\.");
            String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
            assertTrue(claims.contains(GoogleAuth.CLOUD_PLATFORM), "scoped to cloud-platform: " + claims);
        } finally {
            Files.delete(key);
        }
    }

    @Test
    void aMissingCredentialsFileIsAnAuthErrorAtFirstUse() {
        GoogleAuth auth = GoogleAuth.applicationDefault(Optional.of("p"), Optional.of(Path.of("/nonexistent/ogem-key.json")));
        ProviderException e = assertThrows(ProviderException.class, auth::headers);
        assertEquals(ProviderException.Kind.AUTH, e.kind());
        assertTrue(e.getMessage().contains(GoogleAuth.CREDENTIALS_FILE), e.getMessage());
    }
}
