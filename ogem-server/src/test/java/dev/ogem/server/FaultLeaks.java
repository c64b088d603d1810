package dev.ogem.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Counts the threads of the JVM by name prefix, virtual threads included (a thread dump, taken through the
 * HotSpot diagnostic MBean, sees them; {@link Thread#getAllStackTraces()} does not).
 */
final class FaultLeaks {

    private static final Pattern NAME = Pattern.compile("\"name\": \"([^\"]*)\"");

    private FaultLeaks() {
    }

    static long threads(String prefix) {
        try {
            Path dir = Files.createTempDirectory("ogem-threads");
            Path file = dir.resolve("dump.json");
            try {
                ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                        "dumpThreads", new Object[] {file.toString(), "JSON"},
                        new String[] {String.class.getName(), String.class.getName()});
                Matcher names = NAME.matcher(Files.readString(file));
                long count = 0;
                while (names.find()) {
                    if (names.group(1).startsWith(prefix)) {
                        count++;
                    }
                }
                return count;
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JMException e) {
            throw new IllegalStateException("no thread dump", e);
        }
    }
}
