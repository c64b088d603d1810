package dev.ogem.providers.google;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A freshly generated service-account key whose token exchange goes to a fake token endpoint. */
public final class FakeServiceAccount {

    private FakeServiceAccount() {
    }

    /**
     * The key file JSON of a new service account.
     *
     * @param tokenUri where the JWT-bearer grant is sent
     * @return the JSON text
     */
    public static String keyJson(URI tokenUri) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            ObjectNode json = new ObjectMapper().createObjectNode()
                    .put("type", "service_account")
                    .put("project_id", "sa-project")
                    .put("private_key_id", "key-1")
                    .put("private_key", pem)
                    .put("client_email", "ogem-test@sa-project.iam.gserviceaccount.com")
                    .put("client_id", "1234567890")
                    .put("token_uri", tokenUri.toString());
            return json.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Credentials of a new service account, loaded the way a key file is.
     *
     * @param tokenUri where the JWT-bearer grant is sent
     * @return the credentials
     */
    public static GoogleCredentials credentials(URI tokenUri) {
        try {
            return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(keyJson(tokenUri).getBytes()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token endpoint answer.
     *
     * @param token the access token to hand out
     * @return the JSON body
     */
    public static String tokenAnswer(String token) {
        return "{\"access_token\":\"" + token + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}";
    }
}
