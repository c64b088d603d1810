package dev.ogem.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version, written into {@code ogem-version.properties} by the build. */
final class Version {

    private Version() {
    }

    /**
     * The version of this build.
     *
     * @return such as {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}
     */
    static String current() {
        try (InputStream in = Version.class.getResourceAsStream("ogem-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("ogem-version.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
