package dev.ogem.server;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the JDK modules linked into the runtime image ({@code target/ogem/jre}, list in the pom's
 * {@code ogem.jdk.modules}) against what the application's jars need. Modules named by {@code requires}
 * must resolve with the image's own {@code java}; automatic modules (Lettuce, google-auth, Micrometer, ...)
 * declare nothing, so {@code jdeps} reads their classes, and every JDK module they reference must be linked
 * or be listed in {@link #LEFT_OUT} with the reason ogem never reaches it. A new dependency that needs
 * another JDK module fails here, before it fails in production. What only shows when code runs (service
 * providers, TLS, DNS) is run by {@link InstallIT}.
 */
class ImageModulesIT {

    /** JDK modules that automatic modules reference but that ogem's code paths never load; not linked. */
    private static final Map<String, String> LEFT_OUT = Map.of(
            "java.desktop", "micrometer-core: java.beans, in meter binders ogem does not register",
            "java.sql", "micrometer-core: the database meter binders, which ogem does not register",
            "java.security.jgss", "Apache httpclient (under google-http-client): Kerberos/SPNEGO, which no provider uses");

    private static final Pattern JDEPS_LINE = Pattern.compile("^(\\S+\\.jar) -> ((?:java|jdk)\\.\\S+)$", Pattern.MULTILINE);

    private final Path image = Path.of(System.getProperty("ogem.image"));

    @Test
    void theModuleGraphResolvesWithTheImagesOwnJava() throws Exception {
        Process dryRun = new ProcessBuilder(image.resolve("jre/bin/java").toString(), "--show-module-resolution",
                "--dry-run", "-p", image.resolve("lib").toString(), "-m", "dev.ogem.server/dev.ogem.server.Main")
                .redirectErrorStream(true).start();
        String output = new String(dryRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dryRun.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, dryRun.exitValue(), output);
        Set<String> resolved = output.lines().map(line -> line.split(" ")[0]).collect(Collectors.toSet());
        assertTrue(resolved.containsAll(Set.of("dev.ogem.server", "jdk.naming.dns", "jdk.management.jfr")), output);
    }

    @Test
    void everyJdkModuleTheAutomaticModulesUseIsLinkedOrLeftOutForAReason() throws Exception {
        Set<String> linked = linkedModules();
        List<String> automatic = new ArrayList<>();
        for (ModuleReference module : ModuleFinder.of(image.resolve("lib")).findAll()) {
            if (module.descriptor().isAutomatic()) {
                automatic.add(Path.of(module.location().orElseThrow()).toString());
            }
        }
        assertTrue(automatic.stream().anyMatch(jar -> jar.contains("lettuce-core")), automatic.toString());

        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        List<String> args = new ArrayList<>(List.of("-s", "--multi-release", "21"));
        args.addAll(automatic);
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertEquals(0, status, out.toString());

        Map<String, Set<String>> usedBy = new TreeMap<>();
        Matcher line = JDEPS_LINE.matcher(out.toString());
        while (line.find()) {
            usedBy.computeIfAbsent(line.group(2), m -> new TreeSet<>()).add(line.group(1));
        }
        Map<String, Set<String>> missing = new TreeMap<>(usedBy);
        missing.keySet().removeAll(linked);
        missing.keySet().removeAll(LEFT_OUT.keySet());
        assertEquals(Map.of(), missing, "JDK modules used by automatic modules but not linked into the image "
                + "(add them to ogem.jdk.modules in ogem-server/pom.xml, or to LEFT_OUT with a reason)");
        for (String module : LEFT_OUT.keySet()) {
            assertTrue(usedBy.containsKey(module), module + " is no longer used: take it off LEFT_OUT");
            assertTrue(!linked.contains(module), module + " is linked after all: take it off LEFT_OUT");
        }
    }

    private Set<String> linkedModules() throws Exception {
        Process list = new ProcessBuilder(image.resolve("jre/bin/java").toString(), "--list-modules")
                .redirectErrorStream(true).start();
        String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, list.exitValue(), output);
        return output.lines().map(module -> module.replaceFirst("@.*", "")).collect(Collectors.toSet());
    }
}
