package dev.ogem.server.config;

import java.nio.file.Path;

/**
 * Where the config is read from, which decides how a change is noticed: a file is watched, a URL is polled, the
 * bundled sample never changes. Made by {@link ConfigLoader#locate}.
 */
public sealed interface ConfigLocation {

    /**
     * Where it is, safe to log.
     *
     * @return a description
     */
    String description();

    /**
     * A file ({@code CONFIG_SOURCE} as a path, or {@code ./config.yaml}).
     *
     * @param path the file, absolute
     */
    record File(Path path) implements ConfigLocation {
        @Override
        public String description() {
            return "file " + path;
        }
    }

    /**
     * An {@code http(s)://} URL ({@code CONFIG_SOURCE}).
     *
     * @param shown the URL without user info, query or fragment
     */
    record Url(String shown) implements ConfigLocation {
        @Override
        public String description() {
            return "url " + shown;
        }
    }

    /** The sample config bundled in the jar, used when there is neither {@code CONFIG_SOURCE} nor a config.yaml. */
    record Bundled() implements ConfigLocation {
        @Override
        public String description() {
            return "bundled sample " + ConfigSourceReader.SAMPLE_RESOURCE;
        }
    }
}
