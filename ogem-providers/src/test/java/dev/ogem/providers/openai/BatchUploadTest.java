package dev.ogem.providers.openai;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-built multipart/form-data body of a Files upload, byte for byte, and its announced length. */
class BatchUploadTest {

    @Test
    void bodyHasPurposeAndFileParts() throws IOException {
        List<byte[]> lines = List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"b\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        BatchUpload upload = BatchUpload.of("batch", "in.jsonl", lines);
        String b = upload.boundary();
        String expected = "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + "batch\r\n"
                + "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "{\"a\":1}\n{\"b\":\"é\"}\n" + "\r\n"
                + "--" + b + "--\r\n";
        byte[] body = body(upload);
        assertEquals(expected, new String(body, StandardCharsets.UTF_8));
        assertEquals(body.length, upload.length(), "the Content-Length sent before the body");
        assertEquals("multipart/form-data; boundary=" + b, upload.contentType());
    }

    @Test
    void boundariesDifferAndStayOutOfTheFileName() throws IOException {
        BatchUpload one = BatchUpload.of("batch", "a\"b\r\n.jsonl", List.of());
        BatchUpload two = BatchUpload.of("batch", "x.jsonl", List.of());
        assertNotEquals(one.boundary(), two.boundary());
        assertTrue(new String(body(one), StandardCharsets.UTF_8).contains("filename=\"a%22b.jsonl\""));
    }

    private static byte[] body(BatchUpload upload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        upload.writeTo(out);
        return out.toByteArray();
    }
}
