package dev.ogem.providers.openai;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code multipart/form-data} body (RFC 7578) of a Files upload: a {@code purpose} field and one
 * JSONL {@code file} part. It is written straight to the connection from the lines as they are, so a
 * large input file is never copied whole; its length is known beforehand. Helidon 4's WebClient has no
 * multipart writer without an extra media module, and the upload needs only this much.
 */
final class BatchUpload {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CHUNK = 64 * 1024;

    private final String boundary;
    private final byte[] head;
    private final List<byte[]> lines;
    private final byte[] tail;

    private BatchUpload(String boundary, byte[] head, List<byte[]> lines, byte[] tail) {
        this.boundary = boundary;
        this.head = head;
        this.lines = lines;
        this.tail = tail;
    }

    /**
     * The body of a Files upload.
     *
     * @param purpose  such as {@code batch}
     * @param fileName the file name, such as {@code ogem-batch.jsonl}
     * @param lines    the file's lines, each without its newline
     * @return the body
     */
    static BatchUpload of(String purpose, String fileName, List<byte[]> lines) {
        String boundary = "ogem-" + HexFormat.of().formatHex(randomBytes());
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + purpose + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + quoted(fileName) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        return new BatchUpload(boundary, head.getBytes(StandardCharsets.UTF_8), List.copyOf(lines),
                tail.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The boundary, unique per body.
     *
     * @return the boundary
     */
    String boundary() {
        return boundary;
    }

    /**
     * The {@code Content-Type} header value.
     *
     * @return {@code multipart/form-data; boundary=…}
     */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * The number of bytes {@link #writeTo} writes.
     *
     * @return the body's length
     */
    long length() {
        long length = head.length + tail.length;
        for (byte[] line : lines) {
            length += line.length + 1L;
        }
        return length;
    }

    /**
     * Writes the body, in writes of up to {@value #CHUNK} bytes, and closes the stream.
     *
     * @param out the request body
     * @throws IOException when the connection fails
     */
    void writeTo(OutputStream out) throws IOException {
        try (OutputStream buffered = new BufferedOutputStream(out, CHUNK)) {
            buffered.write(head);
            for (byte[] line : lines) {
                buffered.write(line);
                buffered.write('\n');
            }
            buffered.write(tail);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String quoted(String name) {
        return name.replace("\\", "\\\\").replace("\"", "%22").replace("\r", "").replace("\n", "");
    }
}
