package dev.ogem.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The release archive ({@code ogem-VERSION-PLATFORM.tar.gz}, system property {@code ogem.archive}) unpacked
 * with {@code tar} into an empty temporary folder, as an operator would, and its launcher run as a process
 * with nothing from the build's environment: no {@code JAVA_HOME}, and a {@code PATH} that holds only the
 * few tools the launcher uses, so no {@code java} can be found on it.
 */
final class UnpackedRelease {

    private static final List<String> LAUNCHER_TOOLS = List.of("readlink", "dirname");

    private final Path root;
    private final Path home;
    private final Path path;

    private UnpackedRelease(Path root, Path home, Path path) {
        this.root = root;
        this.home = home;
        this.path = path;
    }

    /** Unpacks the archive into a new temporary folder. */
    static UnpackedRelease unpack() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("ogem.archive"));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no release archive at " + archive + " (built by mvn package)");
        }
        Path root = Files.createTempDirectory("ogem-install");
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", root.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(2, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar failed: " + output);
        }
        Path path = Files.createDirectories(root.resolve("path"));
        for (String tool : LAUNCHER_TOOLS) {
            Files.createSymbolicLink(path.resolve(tool), which(tool));
        }
        return new UnpackedRelease(root, root.resolve(System.getProperty("ogem.release")), path);
    }

    /** The installation folder, {@code ogem-VERSION}. */
    Path home() {
        return home;
    }

    /** The temporary folder holding it, for the test's own files. */
    Path root() {
        return root;
    }

    /** The {@code PATH} the launcher runs with. */
    String path() {
        return path.toString();
    }

    /**
     * Starts a launcher (the installed {@code bin/ogem} or a symlink to it) in a working directory, with
     * only the given variables (and {@code PATH}) in its environment.
     */
    Process start(Path launcher, Path workingDirectory, Map<String, String> environment, Path log, String... args)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Arrays.stream(args)).toList())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", path());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs the installed launcher to its end; the output is standard output and error together. */
    Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(root, "run", ".log");
        Process process = start(home.resolve("bin/ogem"), root, environment, log, args);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/ogem " + String.join(" ", args) + " did not end within 2 minutes");
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    /** How a run of the launcher ended. */
    record Result(int status, String output) {
    }

    /** Waits for a process to end after SIGTERM, at most {@code limit}. */
    static int stop(Process process, Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("ogem did not stop within " + limit + " of SIGTERM");
        }
        return process.exitValue();
    }

    private static Path which(String tool) {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst();
        return found.orElseThrow(() -> new IllegalStateException("the launcher needs " + tool + ", which is not on PATH"));
    }
}
