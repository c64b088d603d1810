package dev.ogem.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * An example module a team would write against an ogem library, kept as sources under
 * {@code src/it/consumers/<name>}: compiled with {@code javax.tools} against a module path, then started
 * as {@code java -p <module path>:<its classes> -m <module>/<main class>} in a process of its own, with
 * an environment holding only what the test gives it.
 */
final class ConsumerModule {

    private final String name;
    private final List<Path> modulePath;
    private final String moduleName;
    private final Path workDir;

    private ConsumerModule(String name, List<Path> modulePath, String moduleName, Path workDir) {
        this.name = name;
        this.modulePath = modulePath;
        this.moduleName = moduleName;
        this.workDir = workDir;
    }

    /**
     * The sources of a consumer.
     *
     * @param name the directory under {@code src/it/consumers}
     * @return the directory
     */
    static Path sources(String name) {
        return Path.of(System.getProperty("ogem.consumers"), name);
    }

    /**
     * Compiles a consumer against exactly {@code modulePath}; warnings are errors.
     *
     * @param name       the directory under {@code src/it/consumers}
     * @param modulePath the library jars and their runtime dependencies
     * @param workDir    where its classes and the output of its runs go (a test's temporary directory)
     * @return the compiled consumer
     */
    static ConsumerModule compile(String name, List<Path> modulePath, Path workDir) {
        try {
            Path classes = Files.createDirectories(workDir.resolve(name + "-classes"));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(sources(name))) {
                files = walk.filter(file -> file.toString().endsWith(".java")).toList();
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", "21", "-Xlint:all", "-Werror",
                        "--module-path", join(modulePath), "-d", classes.toString());
                boolean compiled = javac.getTask(null, fileManager, diagnostics, options, null,
                        fileManager.getJavaFileObjectsFromPaths(files)).call();
                if (!compiled) {
                    throw new AssertionError("consumer " + name + " does not compile against " + modulePath + ":\n"
                            + diagnostics.getDiagnostics().stream().map(d -> d.toString())
                                    .collect(Collectors.joining("\n")));
                }
            }
            String moduleName = ModuleFinder.of(classes).findAll().iterator().next().descriptor().name();
            List<Path> runPath = new ArrayList<>(modulePath);
            runPath.add(classes);
            return new ConsumerModule(name, List.copyOf(runPath), moduleName, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the consumer's main class in a new JVM and waits for it to end.
     *
     * @param mainClass   the class name, such as {@code example.quota.RateLimiter}
     * @param javaOptions options before {@code -m}, such as {@code --add-modules}
     * @param environment the whole environment of the process
     * @param args        the program arguments
     * @return its exit code and output
     */
    Run run(String mainClass, List<String> javaOptions, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m", "-p", join(modulePath)));
        command.addAll(javaOptions);
        command.add("-m");
        command.add(moduleName + "/" + mainClass);
        command.addAll(List.of(args));
        return start(command, environment);
    }

    /**
     * Runs the consumer's main class in a new JVM with the same jars on the class path instead, as a
     * team that does not use modules would, and waits for it to end.
     *
     * @param mainClass   the class name, such as {@code example.quota.RateLimiter}
     * @param environment the whole environment of the process
     * @param args        the program arguments
     * @return its exit code and output
     */
    Run runOnClassPath(String mainClass, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp", join(modulePath), mainClass));
        command.addAll(List.of(args));
        return start(command, environment);
    }

    private Run start(List<String> command, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile(workDir, name + "-", ".out");
            Path err = Files.createTempFile(workDir, name + "-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            // A bound against a hang, not a measurement.
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not end: " + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readAllLines(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * How a consumer's process ended.
     *
     * @param exitCode its exit code
     * @param lines    what it printed on standard output
     * @param errors   what it printed on standard error
     */
    record Run(int exitCode, List<String> lines, String errors) {

        /**
         * The output of a run that must have succeeded.
         *
         * @return the lines of standard output
         */
        List<String> succeeded() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + ", stdout " + lines + ", stderr:\n" + errors);
            }
            return lines;
        }
    }
}
