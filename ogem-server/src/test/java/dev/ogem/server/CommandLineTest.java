package dev.ogem.server;

import dev.ogem.server.CommandLine.Action;
import dev.ogem.server.CommandLine.UsageException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void noArgumentsServe() {
        assertEquals(new CommandLine(Action.SERVE, Optional.empty()), CommandLine.parse(List.of()));
    }

    @Test
    void theConfigIsNamedTheGoWayOrTheGnuWay() {
        CommandLine expected = new CommandLine(Action.SERVE, Optional.of("/etc/ogem/config.yaml"));
        assertEquals(expected, CommandLine.parse(List.of("--config", "/etc/ogem/config.yaml")));
        assertEquals(expected, CommandLine.parse(List.of("--config=/etc/ogem/config.yaml")));
        assertEquals(expected, CommandLine.parse(List.of("-config", "/etc/ogem/config.yaml")));
        assertEquals(expected, CommandLine.parse(List.of("-config=/etc/ogem/config.yaml")));
        assertEquals(new CommandLine(Action.SERVE, Optional.of("https://cfg.example/ogem.yaml")),
                CommandLine.parse(List.of("--config", "https://cfg.example/ogem.yaml")));
    }

    @Test
    void checkConfigTakesAnOptionalFileOrTheConfigOption() {
        assertEquals(new CommandLine(Action.CHECK_CONFIG, Optional.empty()), CommandLine.parse(List.of("--check-config")));
        assertEquals(new CommandLine(Action.CHECK_CONFIG, Optional.of("a.yaml")),
                CommandLine.parse(List.of("--check-config", "a.yaml")));
        assertEquals(new CommandLine(Action.CHECK_CONFIG, Optional.of("a.yaml")),
                CommandLine.parse(List.of("--check-config=a.yaml")));
        assertEquals(new CommandLine(Action.CHECK_CONFIG, Optional.of("a.yaml")),
                CommandLine.parse(List.of("--check-config", "--config", "a.yaml")));
        assertEquals(new CommandLine(Action.CHECK_CONFIG, Optional.of("a.yaml")),
                CommandLine.parse(List.of("--config", "a.yaml", "--check-config")));
    }

    @Test
    void theOtherActions() {
        assertEquals(Action.VERSION, CommandLine.parse(List.of("--version")).action());
        assertEquals(Action.VERSION, CommandLine.parse(List.of("-version")).action());
        assertEquals(Action.HELP, CommandLine.parse(List.of("--help")).action());
        assertEquals(Action.HELP, CommandLine.parse(List.of("-h")).action());
        assertEquals(Action.HEALTH_CHECK, CommandLine.parse(List.of("--health-check")).action());
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertUsage("unknown option '--port'", "--port", "8080");
        assertUsage("unexpected argument 'serve'", "serve");
        assertUsage("option '--config' needs a file or URL", "--config");
        assertUsage("option '--config' needs a file or URL", "--config", "--version");
        assertUsage("option '--config=' needs a file or URL", "--config=");
        assertUsage("the config is named twice", "--config", "a.yaml", "--check-config", "b.yaml");
        assertUsage("the config is named twice", "--config", "a.yaml", "--config", "b.yaml");
        assertUsage("choose one of", "--check-config", "--version");
        assertUsage("option '--version' takes no value", "--version=2");
        assertUsage("--health-check takes no config", "--health-check", "--config", "a.yaml");
    }

    private static void assertUsage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(List.of(args)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
