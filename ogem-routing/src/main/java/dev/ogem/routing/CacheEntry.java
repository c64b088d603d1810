package dev.ogem.routing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of the {@link ResponseCache}: {@code {"route":{"provider":…,"region":…,"model":…},"response":…}},
 * where {@code response} is the answer's JSON exactly as it was stored (an upstream's bytes stay its bytes,
 * spacing around the value included, as the entry's last member). Reading walks the entry with a streaming
 * parser and cuts the answer out by its byte offsets.
 *
 * @param route  the endpoint that first served the answer
 * @param answer the answer's JSON
 */
record CacheEntry(Route route, byte[] answer) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] RESPONSE = ",\"response\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * The entry's bytes.
     *
     * @param route  the endpoint that served
     * @param answer the answer's JSON, one JSON value
     * @return the entry
     */
    static byte[] write(Route route, byte[] answer) {
        ObjectNode served = JsonNodeFactory.instance.objectNode().put("provider", route.provider())
                .put("region", route.region()).put("model", route.model());
        byte[] head = ("{\"route\":" + served).getBytes(StandardCharsets.UTF_8);
        byte[] entry = Arrays.copyOf(head, head.length + RESPONSE.length + answer.length + 1);
        System.arraycopy(RESPONSE, 0, entry, head.length, RESPONSE.length);
        System.arraycopy(answer, 0, entry, head.length + RESPONSE.length, answer.length);
        entry[entry.length - 1] = '}';
        return entry;
    }

    /**
     * Reads an entry.
     *
     * @param bytes what {@link #write} made (or an entry of the same shape written otherwise)
     * @return the entry
     * @throws IOException when the bytes are not such an entry
     */
    static CacheEntry read(byte[] bytes) throws IOException {
        try (JsonParser parser = JSON.createParser(bytes)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT);
            Route route = null;
            int start = -1;
            int end = -1;
            boolean last = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                last = "response".equals(name);
                if ("route".equals(name)) {
                    expect(value == JsonToken.START_OBJECT);
                    route = route(parser);
                } else if (last) {
                    start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    end = (int) parser.currentLocation().getByteOffset();
                } else {
                    parser.skipChildren();
                }
            }
            expect(route != null && start >= 0 && end > start && end <= bytes.length);
            if (last) {
                // the answer is the entry's last member: its own spacing up to the entry's closing brace is kept
                start = skip(bytes, start - 1, -1) + 1;
                end = skip(bytes, bytes.length - 1, -1);
                expect(start > 0 && bytes[start - 1] == ':' && end >= start && bytes[end] == '}');
            }
            return new CacheEntry(route, Arrays.copyOfRange(bytes, start, end));
        }
    }

    private static Route route(JsonParser parser) throws IOException {
        String provider = null;
        String region = null;
        String model = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String value = parser.nextTextValue();
            switch (name) {
                case "provider" -> provider = value;
                case "region" -> region = value;
                case "model" -> model = value;
                default -> parser.skipChildren();
            }
        }
        expect(provider != null && region != null && model != null);
        return new Route(provider, region, model);
    }

    /** From {@code i}, stepping by {@code step}, the first index that is not JSON whitespace. */
    private static int skip(byte[] bytes, int i, int step) {
        while (i >= 0 && i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r'
                || bytes[i] == '\t')) {
            i += step;
        }
        return i;
    }

    private static void expect(boolean shape) throws IOException {
        if (!shape) {
            throw new IOException("not a response cache entry");
        }
    }
}
