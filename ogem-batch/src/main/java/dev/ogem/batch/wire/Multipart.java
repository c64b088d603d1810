package dev.ogem.batch.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A {@code multipart/form-data} body (RFC 7578) with text fields and one file, built in memory.
 * Helidon 4's WebClient has no multipart writer without an extra media module, and the Files upload
 * needs only this much.
 *
 * @param boundary the boundary, unique per body
 * @param body     the encoded body
 */
public record Multipart(String boundary, byte[] body) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The {@code Content-Type} header value.
     *
     * @return {@code multipart/form-data; boundary=…}
     */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * The body of a Files upload: a {@code purpose} field and the {@code file} part.
     *
     * @param purpose  such as {@code batch}
     * @param fileName the file name, such as {@code ogem-batch.jsonl}
     * @param content  the file bytes
     * @return the body
     */
    public static Multipart fileUpload(String purpose, String fileName, byte[] content) {
        String boundary = "ogem-" + HexFormat.of().formatHex(randomBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
        ascii(out, "--" + boundary + "\r\n");
        ascii(out, "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n");
        out.writeBytes(purpose.getBytes(StandardCharsets.UTF_8));
        ascii(out, "\r\n--" + boundary + "\r\n");
        ascii(out, "Content-Disposition: form-data; name=\"file\"; filename=\"" + quoted(fileName) + "\"\r\n");
        ascii(out, "Content-Type: application/octet-stream\r\n\r\n");
        out.writeBytes(content);
        ascii(out, "\r\n--" + boundary + "--\r\n");
        return new Multipart(boundary, out.toByteArray());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String quoted(String name) {
        return name.replace("\\", "\\\\").replace("\"", "%22").replace("\r", "").replace("\n", "");
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
