package dev.ogem.server;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged server, started as users start it, stops with exit status 1 and a line naming the variable and
 * the reason when a setting in its environment is invalid.
 */
class StartupExitIT {

    @Test
    void aBadVariableStopsTheServerWithStatusOneNamingIt() throws Exception {
        Path config = Files.createTempFile("ogem-exit", ".yaml");
        Path log = Files.createTempFile("ogem-exit", ".log");
        try {
            Files.writeString(config, """
                    providers:
                      local:
                        base_url: http://127.0.0.1:9/v1
                        protocol: openai
                        regions: { local: { models: [ m ] } }
                    """);
            String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-p", modulePath, "-m", "dev.ogem.server/dev.ogem.server.Main")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("CONFIG_SOURCE", config.toString());
            builder.environment().put("PORT", "0");
            builder.environment().put("MAX_REQUEST_BYTES", "abc");
            Process process = builder.start();
            try {
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server did not stop within 60 s");
                String output = Files.readString(log);
                assertEquals(1, process.exitValue(), output);
                assertTrue(output.contains("ogem did not start: MAX_REQUEST_BYTES: not a whole number: \"abc\""), output);
            } finally {
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(config);
            Files.deleteIfExists(log);
        }
    }
}
