package dev.ogem.providers.openai;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** URLs are built once from the base URL: never a doubled {@code /v1}, never a doubled slash. */
class OpenAiUrisTest {

    @Test
    void openAiBaseKeepsOneV1() {
        URI base = URI.create("https://api.openai.com/v1");
        assertEquals("https://api.openai.com/v1/files", OpenAiUris.resolve(base, "files").toString());
        assertEquals("https://api.openai.com/v1/batches", OpenAiUris.resolve(base, "batches").toString());
        assertEquals("https://api.openai.com/v1/batches/batch_abc",
                OpenAiUris.resolve(base, "batches/" + OpenAiUris.segment("batch_abc")).toString());
        assertEquals("https://api.openai.com/v1/files/file-1/content",
                OpenAiUris.resolve(base, "files/" + OpenAiUris.segment("file-1") + "/content").toString());
    }

    @Test
    void trailingSlashesAndOddIdsAreHandled() {
        URI base = URI.create("http://host:8000/openai/v1//");
        assertEquals("http://host:8000/openai/v1/files", OpenAiUris.resolve(base, "files").toString());
        assertEquals("http://host:8000/openai/v1/batches/a%2Fb%20c",
                OpenAiUris.resolve(base, "batches/" + OpenAiUris.segment("a/b c")).toString());
    }
}
