package dev.ogem.batch.wire;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-built multipart/form-data body of a Files upload, byte for byte. */
class MultipartTest {

    @Test
    void bodyHasPurposeAndFileParts() {
        byte[] content = "{\"a\":1}\n{\"b\":\"é\"}\n".getBytes(StandardCharsets.UTF_8);
        Multipart multipart = Multipart.fileUpload("batch", "in.jsonl", content);
        String b = multipart.boundary();
        String expected = "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + "batch\r\n"
                + "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + new String(content, StandardCharsets.UTF_8) + "\r\n"
                + "--" + b + "--\r\n";
        assertEquals(expected, new String(multipart.body(), StandardCharsets.UTF_8));
        assertEquals("multipart/form-data; boundary=" + b, multipart.contentType());
    }

    @Test
    void boundariesDifferAndStayOutOfTheFileName() {
        Multipart one = Multipart.fileUpload("batch", "a\"b\r\n.jsonl", new byte[0]);
        Multipart two = Multipart.fileUpload("batch", "x.jsonl", new byte[0]);
        assertNotEquals(one.boundary(), two.boundary());
        assertTrue(new String(one.body(), StandardCharsets.UTF_8).contains("filename=\"a%22b.jsonl\""));
    }
}
