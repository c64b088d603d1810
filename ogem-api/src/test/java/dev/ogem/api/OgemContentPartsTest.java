package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The original Go ogem's content parts beside OpenAI's, and parts that are refused rather than dropped. */
class OgemContentPartsTest {

    private static List<ContentPart> parts(String content) throws Exception {
        ChatRequest request = OpenAiJson.read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                + content + "}]}", ChatRequest.class);
        return request.messages().get(0).content().orElseThrow().parts();
    }

    @Test
    void goOgemTextAndImagePartsBecomeStandardParts() throws Exception {
        // As the Go ogem's own client marshals them: detail is always written, "" when unset.
        List<ContentPart> parts = parts("""
                [{"type":"text","content":{"text":"Describe"}},
                 {"type":"image","content":{"url":"data:image/png;base64,iVBOR","detail":""}},
                 {"type":"image","content":{"url":"https://example.com/a.jpg","detail":"high"}}]""");
        assertEquals(ContentPart.text("Describe"), parts.get(0));
        assertEquals("image_url", parts.get(1).type());
        assertEquals("data:image/png;base64,iVBOR", parts.get(1).imageUrl().orElseThrow().url());
        assertTrue(parts.get(1).imageUrl().orElseThrow().detail().isEmpty(), "an empty detail is no detail");
        assertEquals("high", parts.get(2).imageUrl().orElseThrow().detail().orElseThrow());
        assertTrue(parts.get(1).extra().isEmpty(), "the Go form's 'content' is not forwarded");
    }

    @Test
    void bothFormsMixInOneMessageAndWriteAsOpenAiParts() throws Exception {
        List<ContentPart> parts = parts("""
                [{"type":"text","text":"standard"},{"type":"text","content":{"text":" and ogem"}},
                 {"type":"image_url","image_url":{"url":"https://example.com/b.png"}}]""");
        assertEquals("standard and ogem", new MessageContent.Parts(parts).text());
        JsonNode written = OpenAiJson.valueToTree(new MessageContent.Parts(parts));
        assertEquals(" and ogem", written.at("/1/text").asText());
        assertFalse(written.get(1).has("content"));
        assertEquals("https://example.com/b.png", written.at("/2/image_url/url").asText());
    }

    @Test
    void otherFieldsOfAGoFormPartStay() throws Exception {
        ContentPart part = parts("""
                [{"type":"text","content":{"text":"x"},"cache_control":{"type":"ephemeral"}}]""").get(0);
        assertEquals("ephemeral", part.extra().get("cache_control").path("type").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"text","content":{"text":""}}                      | 'content.text' must be a non-empty string
            {"type":"text","content":{"text":7}}                       | 'content.text' must be a non-empty string
            {"type":"text","content":{"url":"https://x/y.png"}}        | 'content.url' is not a field of this content part
            {"type":"image","content":{"url":""}}                      | 'content.url' must be a non-empty string
            {"type":"image","content":{"text":"hi"}}                   | 'content.text' is not a field of this content part
            {"type":"image","content":{"url":"https://x","detail":1}}  | 'content.detail' of an image part must be a string
            {"type":"image","content":"https://x/y.png"}               | 'content' of a content part must be an object
            {"type":"image_url","content":{"url":"https://x/y.png"}}   | Content parts of type 'image_url' take no 'content'
            {"type":"text","text":"a","content":{"text":"b"}}          | has both OpenAI's fields and the original ogem's
            {"type":"text"}                                            | A text part needs a 'text' string
            null                                                       | must be an object, not null
            """)
    void refusesWhatItDoesNotUnderstandWithTheReasonAndThePlace(String part, String reason) {
        JsonMappingException failure = assertThrows(JsonMappingException.class,
                () -> parts("[{\"type\":\"text\",\"text\":\"ok\"}," + part + "]"));
        assertTrue(OpenAiJson.invalidValue(failure).orElseThrow().contains(reason),
                () -> OpenAiJson.invalidValue(failure).orElseThrow());
        List<JsonMappingException.Reference> path = failure.getPath();
        assertEquals(1, path.get(path.size() - 1).getIndex(), "the index of the part at fault");
        assertEquals("content", path.get(path.size() - 2).getFieldName());
    }
}
