package dev.ogem.batch.wire;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** URLs are built once from the base URL: never a doubled {@code /v1}, never a doubled slash. */
class BatchUrisTest {

    @Test
    void openAiBaseKeepsOneV1() {
        BatchUris uris = BatchUris.of(URI.create("https://api.openai.com/v1"));
        assertEquals("https://api.openai.com/v1/files", uris.files().toString());
        assertEquals("https://api.openai.com/v1/batches", uris.batches().toString());
        assertEquals("https://api.openai.com/v1/batches/batch_abc", uris.batch("batch_abc").toString());
        assertEquals("https://api.openai.com/v1/files/file-1/content", uris.content("file-1").toString());
    }

    @Test
    void trailingSlashesAndOddIdsAreHandled() {
        BatchUris uris = BatchUris.of(URI.create("http://host:8000/openai/v1//"));
        assertEquals("http://host:8000/openai/v1/files", uris.files().toString());
        assertEquals("http://host:8000/openai/v1/batches/a%2Fb%20c", uris.batch("a/b c").toString());
    }
}
