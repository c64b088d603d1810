package dev.ogem.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Using single modules" section says what the build does: every example there is the code
 * of a consumer module under {@code src/it/consumers} (the lines between {@code // README:begin} and
 * {@code // README:end}, and its module-info), which {@link ModuleConsumersIT} and {@link QuotaConsumerIT}
 * compile and run; every library's coordinates carry the project's version; every module name is the one
 * in the library's jar.
 */
class ModuleReadmeIT {

    private static final List<String> LIBRARIES = List.of("ogem-api", "ogem-providers", "ogem-quota", "ogem-routing",
            "ogem-batch");
    private static final List<String> CONSUMERS = List.of("api", "providers", "quota", "routing", "batch");

    @Test
    void everyExampleIsTheCodeOfAConsumerThatTheBuildRuns() throws IOException {
        String readme = readme();
        for (String consumer : CONSUMERS) {
            Path sources = ConsumerModule.sources(consumer);
            String moduleInfo = withoutDocComment(Files.readString(sources.resolve("module-info.java")));
            assertTrue(readme.contains(javaBlock(moduleInfo)), "README lacks the module-info of " + consumer
                    + ":\n" + moduleInfo);
            String example = example(mainSource(sources));
            assertTrue(readme.contains(javaBlock(example)), "README lacks the example of " + consumer
                    + " verbatim:\n" + example);
        }
    }

    @Test
    void everyLibraryHasItsCoordinatesAndModuleName() throws IOException {
        String readme = readme();
        for (String library : LIBRARIES) {
            String coordinates = "<dependency><groupId>dev.ogem</groupId><artifactId>" + library
                    + "</artifactId><version>" + System.getProperty("ogem.version") + "</version></dependency>";
            assertTrue(readme.contains(coordinates), "README lacks " + coordinates);
            String module = ModuleFinder.of(LibraryModulePath.jar(library)).findAll().iterator().next()
                    .descriptor().name();
            assertTrue(readme.contains("| `" + library + "` | `" + module + "` |"),
                    "README's table lacks " + library + " as module " + module);
        }
    }

    @Test
    void theValkeyNoteNamesTheLettuceVersionOgemQuotaIsBuiltWith() throws IOException {
        String lettuce = LibraryModulePath.of("ogem-quota").stream().map(jar -> jar.getFileName().toString())
                .filter(name -> name.startsWith("lettuce-core-")).findFirst().orElseThrow();
        String version = lettuce.substring("lettuce-core-".length(), lettuce.length() - ".jar".length());
        assertTrue(readme().contains("<artifactId>lettuce-core</artifactId><version>" + version + "</version>"),
                "README should name lettuce-core " + version);
    }

    /** The lines between each {@code // README:begin} and {@code // README:end}, unindented, blocks apart. */
    static String example(Path source) throws IOException {
        List<String> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : Files.readAllLines(source)) {
            if (line.strip().equals("// README:begin")) {
                block = new ArrayList<>();
            } else if (line.strip().equals("// README:end")) {
                blocks.add(unindented(block));
                block = null;
            } else if (block != null) {
                block.add(line);
            }
        }
        assertEquals(null, block, "README:begin without README:end in " + source);
        assertFalse(blocks.isEmpty(), "no README:begin in " + source);
        return String.join("\n\n", blocks);
    }

    private static String unindented(List<String> lines) {
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList());
    }

    private static String withoutDocComment(String moduleInfo) {
        return String.join("\n", moduleInfo.lines().filter(line -> !line.strip().startsWith("/**")).toList());
    }

    private static Path mainSource(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> classes = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals("module-info.java")).toList();
            assertEquals(1, classes.size(), "one class per consumer: " + classes);
            return classes.getFirst();
        }
    }

    private static String javaBlock(String code) {
        return "```java\n" + code + "\n```\n";
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of(System.getProperty("ogem.root"), "README.md"));
    }
}
