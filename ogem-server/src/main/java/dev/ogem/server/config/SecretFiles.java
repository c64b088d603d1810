package dev.ogem.server.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A secret variable's value, from the variable itself or from the file its {@code _FILE} twin names (such as
 * {@code OPENAI_API_KEY_FILE=/run/secrets/openai}, as Docker and Kubernetes mount secrets). The variable wins
 * when both are set. A file is read at every config load, so a secret rotated in its file is taken up by the next
 * reload, which a variable cannot be: a process cannot see its environment change. The file's content is
 * trimmed; a problem names the {@code _FILE} variable and the path, never the content.
 */
final class SecretFiles {

    /** The suffix of a variable naming a secret file. */
    static final String SUFFIX = "_FILE";
    private static final long MAX_BYTES = 64 * 1024;

    private SecretFiles() {
    }

    /**
     * A secret by its variable's name.
     *
     * @param environment the process environment
     * @param variable    the secret variable, such as {@code OPENAI_API_KEY}
     * @return its trimmed value; empty when neither it nor its file is set, or both are blank
     * @throws ConfigException when the {@code _FILE} variable names a file that cannot be read
     */
    static Optional<String> read(Map<String, String> environment, String variable) {
        Optional<String> direct = Optional.ofNullable(environment.get(variable)).map(String::trim)
                .filter(value -> !value.isEmpty());
        if (direct.isPresent()) {
            return direct;
        }
        String fileVariable = variable + SUFFIX;
        Optional<String> named = Optional.ofNullable(environment.get(fileVariable)).map(String::trim)
                .filter(value -> !value.isEmpty());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(named.get());
        } catch (InvalidPathException e) {
            throw new ConfigException(fileVariable, "not a file path: \"" + named.get() + "\"");
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(fileVariable, "no such file: " + file);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(fileVariable, file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()).filter(value -> !value.isEmpty());
        } catch (CharacterCodingException e) {
            throw new ConfigException(fileVariable, file + " is not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(fileVariable, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
