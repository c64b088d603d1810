package dev.ogem.providers.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The excerpt of the Gemini API v1beta protos that the overlay is checked against: each top-level
 * message that {@value Spec#GEMINI_OVERLAY} names ({@code "proto"}), verbatim with its leading
 * comment.
 */
final class ProtoExcerpt {

    private static final List<String> FILES = List.of("content.proto", "generative_service.proto");

    private ProtoExcerpt() {
    }

    /**
     * Writes {@value Spec#GEMINI_PROTO_MESSAGES} from the protos and the overlay of {@code out}.
     *
     * @param protoFolder the folder {@code google/ai/generativelanguage/v1beta}
     * @param out         the folder of the extracts
     * @return what was written
     * @throws IOException           when a file cannot be read or written
     * @throws IllegalStateException when the overlay names a message the protos lack
     */
    static String write(Path protoFolder, Path out) throws IOException {
        JsonNode overlay = new ObjectMapper().readTree(Files.readString(out.resolve(Spec.GEMINI_OVERLAY)));
        Set<String> names = new LinkedHashSet<>();
        overlay.path("schemas").forEach(schema -> names.add(schema.path("proto").asText()));
        StringBuilder excerpt = new StringBuilder()
                .append("// Excerpt of the Gemini API v1beta protos (googleapis, google/ai/generativelanguage/v1beta,\n")
                .append("// Apache-2.0): the messages that ").append(Spec.GEMINI_OVERLAY)
                .append(" names, verbatim. Not a compilable proto file.\n")
                .append("// Written by dev.ogem.providers.specs.ExtractSpecs; do not edit by hand. Sources:\n");
        List<String> protos = new ArrayList<>();
        for (String file : FILES) {
            byte[] bytes = Files.readAllBytes(protoFolder.resolve(file));
            excerpt.append("//   ").append(file).append(" sha256 ").append(ExtractSpecs.sha256(bytes)).append('\n');
            protos.add(new String(bytes, StandardCharsets.UTF_8));
        }
        for (String name : names) {
            String block = protos.stream().map(p -> message(p, name)).flatMap(Optional::stream).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No top-level message " + name + " in " + FILES));
            excerpt.append('\n').append(block).append('\n');
        }
        Path file = out.resolve(Spec.GEMINI_PROTO_MESSAGES);
        Files.writeString(file, excerpt);
        return "wrote " + file.getFileName() + ": messages " + names;
    }

    /**
     * A top-level message with the comment lines right above it.
     *
     * @param proto the proto file's text
     * @param name  the message name
     * @return the block, from its comment to its closing brace
     */
    static Optional<String> message(String proto, String name) {
        List<String> lines = proto.lines().toList();
        int start = lines.indexOf("message " + name + " {");
        if (start < 0) {
            return Optional.empty();
        }
        int first = start;
        while (first > 0 && lines.get(first - 1).startsWith("//")) {
            first--;
        }
        int depth = 0;
        for (int i = start; i < lines.size(); i++) {
            String code = lines.get(i).replaceFirst("//.*", "");
            depth += (int) (code.chars().filter(c -> c == '{').count() - code.chars().filter(c -> c == '}').count());
            if (depth == 0) {
                return Optional.of(String.join("\n", lines.subList(first, i + 1)));
            }
        }
        throw new IllegalStateException("Unterminated message " + name);
    }
}
