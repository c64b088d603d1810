package dev.ogem.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a team that depends on ogem libraries puts on its module path: each library's own jar and the
 * runtime class path Maven resolved for that library alone ({@code target/runtime-classpath.txt}, written
 * by the parent pom's {@code runtime-classpath} execution). Nothing of ogem-server and no test classes.
 */
final class LibraryModulePath {

    private LibraryModulePath() {
    }

    /**
     * The module path of one or more libraries.
     *
     * @param artifactIds such as {@code ogem-quota}
     * @return the jars, each once
     */
    static List<Path> of(String... artifactIds) {
        Set<Path> jars = new LinkedHashSet<>();
        for (String artifactId : artifactIds) {
            jars.add(jar(artifactId));
            jars.addAll(runtimeDependencies(artifactId));
        }
        return List.copyOf(jars);
    }

    /**
     * A library's own jar, as its module built it.
     *
     * @param artifactId such as {@code ogem-quota}
     * @return the jar
     */
    static Path jar(String artifactId) {
        Path jar = target(artifactId).resolve(artifactId + "-" + System.getProperty("ogem.version") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run the IT after package, from the reactor root");
        }
        return jar;
    }

    private static List<Path> runtimeDependencies(String artifactId) {
        Path file = target(artifactId).resolve("runtime-classpath.txt");
        try {
            String classPath = Files.readString(file).strip();
            return classPath.isEmpty() ? List.of()
                    : Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (written at package)", e);
        }
    }

    private static Path target(String artifactId) {
        return Path.of(System.getProperty("ogem.root"), artifactId, "target");
    }
}
