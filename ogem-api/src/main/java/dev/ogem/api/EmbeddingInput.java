package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code input} of an embeddings request, in one of OpenAI's four shapes: a string or an array of
 * strings ({@link Texts}), an array of token ids or an array of such arrays ({@link Tokens}). Each item
 * gets one embedding, at the item's index.
 */
public sealed interface EmbeddingInput {

    /** The most items one request may hold (OpenAI's limit). */
    int MAX_ITEMS = 2048;

    /**
     * How many embeddings the input asks for.
     *
     * @return the number of items
     */
    int size();

    /**
     * The input as JSON, in the shape it was read from.
     *
     * @return the JSON
     */
    JsonNode json();

    /**
     * Texts to embed.
     *
     * @param texts  the texts, none empty
     * @param single whether the caller sent one string rather than an array
     */
    record Texts(List<String> texts, boolean single) implements EmbeddingInput {
        /** Copies the list. */
        public Texts {
            texts = List.copyOf(texts);
        }

        @Override
        public int size() {
            return texts.size();
        }

        @Override
        public JsonNode json() {
            if (single) {
                return JsonNodeFactory.instance.textNode(texts.getFirst());
            }
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            texts.forEach(array::add);
            return array;
        }
    }

    /**
     * Token ids to embed (of the upstream model's tokenizer).
     *
     * @param tokens the token arrays, none empty
     * @param single whether the caller sent one array of ids rather than an array of arrays
     */
    record Tokens(List<List<Integer>> tokens, boolean single) implements EmbeddingInput {
        /** Copies the lists. */
        public Tokens {
            tokens = tokens.stream().map(List::copyOf).toList();
        }

        @Override
        public int size() {
            return tokens.size();
        }

        @Override
        public JsonNode json() {
            ArrayNode outer = JsonNodeFactory.instance.arrayNode();
            tokens.forEach(ids -> {
                ArrayNode inner = outer.addArray();
                ids.forEach(inner::add);
            });
            return single ? outer.get(0) : outer;
        }
    }

    /**
     * Reads an {@code input} field.
     *
     * @param input the field as sent
     * @return the input
     * @throws CallerException when it is none of the four shapes, empty, holds an empty item, or holds more than
     *                         {@value #MAX_ITEMS} items
     */
    static EmbeddingInput read(JsonNode input) {
        if (input.isTextual()) {
            return new Texts(List.of(nonEmpty(input.textValue(), "input")), true);
        }
        if (!input.isArray() || input.isEmpty() || !(input.get(0).isTextual() || input.get(0).isIntegralNumber()
                || input.get(0).isArray())) {
            throw CallerException.invalid("'input' must be a non-empty string, an array of strings, an array of token"
                    + " ids or an array of token arrays.", "input");
        }
        if (input.size() > MAX_ITEMS) {
            throw CallerException.invalid("'input' holds " + input.size() + " items; at most " + MAX_ITEMS
                    + " are allowed in one request.", "input");
        }
        JsonNode first = input.get(0);
        if (first.isTextual()) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (!item.isTextual()) {
                    throw mixed(i);
                }
                texts.add(nonEmpty(item.textValue(), "input[" + i + "]"));
            }
            return new Texts(texts, false);
        }
        if (first.isIntegralNumber()) {
            return new Tokens(List.of(ids(input, "input")), true);
        }
        List<List<Integer>> arrays = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            if (!input.get(i).isArray()) {
                throw mixed(i);
            }
            arrays.add(ids(input.get(i), "input[" + i + "]"));
        }
        return new Tokens(arrays, false);
    }

    private static List<Integer> ids(JsonNode array, String param) {
        if (array.isEmpty()) {
            throw CallerException.invalid("'" + param + "' is an empty token array.", param);
        }
        List<Integer> ids = new ArrayList<>();
        for (JsonNode id : array) {
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                throw CallerException.invalid("'" + param + "' must hold token ids: non-negative integers.", param);
            }
            ids.add(id.intValue());
        }
        return ids;
    }

    private static String nonEmpty(String text, String param) {
        if (text.isEmpty()) {
            throw CallerException.invalid("'" + param + "' is an empty string; there is nothing to embed.", param);
        }
        return text;
    }

    private static CallerException mixed(int index) {
        return CallerException.invalid("'input[" + index + "]' is not of the same kind as 'input[0]': send all strings"
                + " or all token arrays.", "input[" + index + "]");
    }
}
