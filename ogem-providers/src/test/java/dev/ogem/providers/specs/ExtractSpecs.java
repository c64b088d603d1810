package dev.ogem.providers.specs;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Maintainer tool, never run by the build: rewrites one extract of {@code src/test/resources/specs/}
 * from a published document when the provider updates it. From the repository root:
 * <pre>
 * mvn -B -q -pl ogem-providers -am -P extract-specs \
 *     -Dextract.spec=vertex -Dextract.from=path/to/aiplatform.v1.json process-test-classes
 * </pre>
 * {@code extract.spec} is one of
 * <ul>
 *   <li>{@code anthropic}: the Anthropic OpenAPI document (JSON content);</li>
 *   <li>{@code gemini}: the {@code generativelanguage} v1beta discovery document;</li>
 *   <li>{@code vertex}: the {@code aiplatform} v1 discovery document;</li>
 *   <li>{@code gemini-embed}, {@code vertex-embed}: the same two documents, for the embeddings requests;</li>
 *   <li>{@code openai}: the OpenAI OpenAPI document ({@code openapi.yaml});</li>
 *   <li>{@code openai-batch-line}: the last published batch input and output schemas (YAML);</li>
 *   <li>{@code gemini-protos}: the folder {@code google/ai/generativelanguage/v1beta} of the protos
 *       ({@code content.proto}, {@code generative_service.proto}).</li>
 * </ul>
 * A document whose name ends in {@code .yaml} or {@code .yml} is read as YAML; every extract is written as JSON.
 * A JSON extract keeps the document's identifying top-level fields, the schemas of {@link Spec#roots()}
 * and their {@code $ref} closure as published (in the published order), and under
 * {@value Spec#EXTRACT_KEY} the source file's name and SHA-256. Then update {@code specs/SOURCES.md}.
 */
public final class ExtractSpecs {

    private static final String USAGE = "arguments: <specs folder> "
            + "anthropic|gemini|vertex|gemini-embed|vertex-embed|openai|openai-batch-line|gemini-protos <published file>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(largeDocuments()).build());

    private ExtractSpecs() {
    }

    /**
     * Writes one extract.
     *
     * @param args the output folder, the kind of spec, the published file (or proto folder)
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(USAGE);
        }
        Path out = Path.of(args[0]);
        Path from = Path.of(args[2]);
        String written = switch (args[1]) {
            case "anthropic" -> extract(Spec.ANTHROPIC, from, out);
            case "gemini" -> extract(Spec.GEMINI, from, out);
            case "vertex" -> extract(Spec.VERTEX, from, out);
            case "gemini-embed" -> extract(Spec.GEMINI_EMBED, from, out);
            case "vertex-embed" -> extract(Spec.VERTEX_EMBED, from, out);
            case "openai" -> extract(Spec.OPENAI, from, out);
            case "openai-batch-line" -> extract(Spec.OPENAI_BATCH_LINE, from, out);
            case "gemini-protos" -> ProtoExcerpt.write(from, out);
            default -> throw new IllegalArgumentException(USAGE);
        };
        System.out.println(written);
    }

    /**
     * Writes the extract of one published JSON document.
     *
     * @param spec which extract
     * @param from the published document
     * @param out  the folder of the extracts
     * @return what was written
     * @throws IOException when a file cannot be read or written
     */
    static String extract(Spec spec, Path from, Path out) throws IOException {
        byte[] bytes = Files.readAllBytes(from);
        JsonNode published = published(from.getFileName().toString(), bytes);
        JsonNode schemas = spec.schemas(published);
        List<String> names = spec.references().closure(schemas, spec.roots());
        ObjectNode extract = JSON.createObjectNode();
        List<String> header = spec.references() == SchemaClosure.OPENAPI ? List.of("openapi", "info", "source")
                : List.of("kind", "id", "name", "title", "version", "revision", "rootUrl");
        header.stream().filter(published::has).forEach(key -> extract.set(key, published.get(key)));
        ObjectNode about = extract.putObject(Spec.EXTRACT_KEY);
        about.put("from", from.getFileName().toString()).put("sha256", sha256(bytes));
        spec.roots().forEach(about.putArray("roots")::add);
        about.put("note", "Only the roots and the schemas they reach through $ref, as published. "
                + "Written by dev.ogem.providers.specs.ExtractSpecs; do not edit by hand.");
        ObjectNode target = spec.references() == SchemaClosure.OPENAPI
                ? extract.putObject("components").putObject("schemas") : extract.putObject("schemas");
        names.forEach(name -> target.set(name, schemas.get(name)));
        Path file = out.resolve(spec.fileName());
        Files.writeString(file, prettyWriter().writeValueAsString(extract) + "\n");
        return "wrote " + file.getFileName() + ": " + names.size() + " of " + schemas.size() + " schemas from "
                + from.getFileName() + " (sha256 " + about.get("sha256").asText() + ")";
    }

    /**
     * A published document as a tree.
     *
     * @param name  its file name: YAML when it ends in {@code .yaml} or {@code .yml}, else JSON
     * @param bytes its content
     * @return the tree
     * @throws IOException when it cannot be parsed
     */
    static JsonNode published(String name, byte[] bytes) throws IOException {
        return (name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON).readTree(bytes);
    }

    /** @return YAML options for a published document: OpenAI's is close to SnakeYAML's default limit of 3 MB */
    private static LoaderOptions largeDocuments() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        return options;
    }

    /** @return a writer of one value per line, two-space indents and {@code "key": value}, for readable diffs */
    static ObjectWriter prettyWriter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return JSON.writer(printer);
    }

    /**
     * The SHA-256 of some bytes.
     *
     * @param bytes the bytes
     * @return lower-case hex
     */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
