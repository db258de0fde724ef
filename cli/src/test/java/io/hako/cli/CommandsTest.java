package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.args.CommandSpec;
import io.hako.cli.args.UsageException;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.CommandTable;
import io.hako.cli.request.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of the table parses to its own kind of request, and every request reaches a command. */
class CommandsTest {
    @TempDir
    Path dir;

    /** The shortest valid call of a command. */
    private static List<String> minimalCall(CommandSpec spec) {
        var args = new ArrayList<>(List.of(spec.name()));
        if (spec.arity().min() > 0) {
            args.add("x");
        }
        if (spec.name().equals("exec")) {
            args.add("true");
        }
        if (spec.name().equals("daemon")) {
            // A socket of the test's (relative to its directory), and no idle time: it ends at once.
            args.addAll(List.of("--socket", "daemon/sock", "--idle-timeout", "1ms"));
        }
        return args;
    }

    @Test
    void everyRequestKindComesFromExactlyOneCommand() throws UsageException {
        Set<Class<?>> seen = new HashSet<>();
        for (CommandSpec spec : CommandTable.all()) {
            var action = (CommandLine.Execute) CommandLine.parse(minimalCall(spec), dir).action();
            assertTrue(seen.add(action.request().getClass()), spec.name());
        }
        assertEquals(Set.of(Request.class.getPermittedSubclasses()), seen);
    }

    /** Every command reaches its code: it succeeds, or fails with a message of its own, never as a bug. */
    @Test
    void everyCommandIsCarriedOutOrSaysWhyNot() {
        for (CommandSpec spec : CommandTable.all()) {
            List<String> call = new java.util.ArrayList<>(List.of("--root", dir.resolve("state").toString()));
            call.addAll(minimalCall(spec));
            Hako.Result result = Hako.run(dir, call.toArray(String[]::new));
            assertFalse(result.err().contains("internal error"), result::toString);
            if (result.status() != 0) {
                assertFalse(result.err().isBlank(), result::toString);
            }
        }
    }
}
