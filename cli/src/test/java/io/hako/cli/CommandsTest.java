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

    @Test
    void everyCommandIsCarriedOutOrSaysItIsNotImplemented() {
        for (CommandSpec spec : CommandTable.all()) {
            Hako.Result result = Hako.run(dir, minimalCall(spec).toArray(String[]::new));
            assertFalse(result.err().contains("internal error"), result::toString);
            if (result.status() != 0) {
                assertTrue(result.err().startsWith(spec.name() + ": not implemented in this build")
                        || List.of("validate", "spec").contains(spec.name()), result::toString);
            }
        }
    }
}
