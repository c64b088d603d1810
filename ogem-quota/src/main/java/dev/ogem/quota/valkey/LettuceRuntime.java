package dev.ogem.quota.valkey;

import java.io.File;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks that Lettuce can run before a Valkey store touches it. ogem-quota only {@code requires static}
 * Lettuce and the Netty and SLF4J modules it needs, so that the in-memory store runs without them; an
 * application that wants Valkey puts them on its path and, on the module path, has them resolved.
 * This class names no Lettuce type, so it loads without them.
 */
public final class LettuceRuntime {

    /**
     * The modules to resolve, as {@code --add-modules} takes them: Lettuce (an automatic module, so it
     * declares nothing), Netty's DNS resolver (which requires the other Netty modules Lettuce uses) and SLF4J.
     */
    private static final List<String> MODULES = List.of("lettuce.core", "io.netty.resolver.dns", "org.slf4j");

    private static final String ARTIFACT = "io.lettuce:lettuce-core";
    private static final String CLIENT_CLASS = "io.lettuce.core.RedisClient";

    private LettuceRuntime() {
    }

    /**
     * Fails clearly when Lettuce cannot run here.
     *
     * @throws IllegalStateException naming what to add to the module path or class path
     */
    public static void require() {
        problem(LettuceRuntime.class.getModule()).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /**
     * What is missing for Lettuce, seen from a module.
     *
     * @param module the module that will call Lettuce
     * @return a message naming what to add; empty when Lettuce can run
     */
    static Optional<String> problem(Module module) {
        ModuleLayer layer = module.getLayer();
        if (!module.isNamed() || layer == null) {
            return onClassPath(module.getClassLoader()) ? Optional.empty()
                    : Optional.of("A Valkey StateStore needs Lettuce, an optional dependency of ogem-quota: add "
                            + ARTIFACT + " and its dependencies to the class path.");
        }
        List<String> unresolved = MODULES.stream().filter(name -> layer.findModule(name).isEmpty()).toList();
        if (unresolved.isEmpty()) {
            return Optional.empty();
        }
        String resolve = "--add-modules " + String.join(",", MODULES) + " (or require them in your own module)";
        if (onModulePath("lettuce.core")) {
            return Optional.of("A Valkey StateStore needs the modules " + String.join(", ", unresolved)
                    + ", which ogem-quota requires only statically, so nothing resolved them: run with "
                    + resolve + ".");
        }
        return Optional.of("A Valkey StateStore needs Lettuce, an optional dependency of ogem-quota: add " + ARTIFACT
                + " and its dependencies to the module path and run with " + resolve + ".");
    }

    private static boolean onModulePath(String name) {
        Path[] entries = Arrays.stream(System.getProperty("jdk.module.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toArray(Path[]::new);
        try {
            return ModuleFinder.of(entries).find(name).isPresent();
        } catch (FindException e) {
            return false;
        }
    }

    private static boolean onClassPath(ClassLoader loader) {
        try {
            Class.forName(CLIENT_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
