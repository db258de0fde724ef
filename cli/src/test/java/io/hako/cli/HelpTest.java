package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.args.CommandSpec;
import io.hako.cli.args.Flag;
import io.hako.cli.request.CommandTable;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --help} and {@code help} for the program and every command, laid out as runc's. */
class HelpTest {
    @TempDir
    Path dir;

    /** runc 1.1.5's commands (runc --help) and hako's validate. */
    private static final List<String> COMMANDS = List.of("checkpoint", "create", "delete", "events", "exec", "kill",
            "list", "pause", "ps", "restore", "resume", "run", "spec", "start", "state", "update", "features",
            "validate");

    @Test
    void programHelpInEveryFormListsEveryCommandAndGlobalOption() {
        String help = Hako.run(dir, "--help").out();
        for (String[] form : List.of(new String[] {"-h"}, new String[] {"help"}, new String[] {"h"},
                new String[] {})) {
            Hako.Result result = Hako.run(dir, form);
            assertEquals(0, result.status());
            assertEquals(help, result.out(), String.join(" ", form));
        }
        assertTrue(help.startsWith("NAME:\n   hako - "), help);
        for (String command : COMMANDS) {
            assertTrue(help.contains("\n   " + command + " "), command + " missing from\n" + help);
        }
        for (String option : List.of("--debug", "--log value", "--log-format value", "--root value",
                "--criu value", "--systemd-cgroup", "--rootless value", "--help, -h", "--version, -v")) {
            assertTrue(help.contains("\n   " + option + " "), option + " missing from\n" + help);
        }
        assertTrue(help.contains("\nVERSION:\n   "), help);
    }

    static Stream<CommandSpec> commands() {
        return CommandTable.all().stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelpInEveryFormWithItsVisibleFlags(CommandSpec command) {
        String help = Hako.run(dir, "help", command.name()).out();
        assertEquals(help, Hako.run(dir, command.name(), "--help").out());
        assertEquals(help, Hako.run(dir, command.name(), "-h").out());
        assertEquals(help, Hako.run(dir, "h", command.name()).out());
        assertTrue(help.startsWith("NAME:\n   hako " + command.name() + " - " + command.usage() + "\n"), help);
        assertTrue(help.contains("\nUSAGE:\n   hako " + command.name()), help);
        for (Flag flag : command.flags()) {
            String names = "--" + flag.name();
            assertEquals(!flag.hidden(), help.contains("\n   " + names), names + " in\n" + help);
        }
    }

    @Test
    void helpNeedsNoArgumentsOfTheCommand() {
        // create without an id is a usage error, but --help comes first.
        Hako.Result result = Hako.run(dir, "create", "--help");
        assertEquals(0, result.status());
        assertEquals("", result.err());
    }

    @Test
    void createListsRuncsFlags() {
        String help = Hako.run(dir, "create", "--help").out();
        for (String flag : List.of("--bundle value, -b value", "--console-socket value", "--pid-file value",
                "--no-pivot", "--no-new-keyring", "--preserve-fds value", "--pidfd-socket value")) {
            assertTrue(help.contains("\n   " + flag + " "), flag + " in\n" + help);
        }
        assertTrue(help.contains("(default: 0)"), help);
        assertFalse(help.contains("--detach"), "create's --detach is accepted, not advertised");
    }

    @Test
    void anUnknownTopicIsUrfavesError() {
        Hako.Result result = Hako.run(dir, "help", "nope");
        assertEquals(3, result.status());
        assertEquals("No help topic for 'nope'", result.errLines().getFirst());
        assertEquals("", result.out());
    }
}
