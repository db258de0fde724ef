package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wrong command lines: the error line is runc's (checked against runc 1.1.5 with {@code runc <args>}, with
 * "runc" read as "hako"), the status is runc's, nothing is printed on stdout (where engines parse JSON) and
 * the line after the error says how to get help.
 */
class UsageTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            create                      | 1 | hako: "create" requires exactly 1 argument(s)
            start a b                   | 1 | hako: "start" requires exactly 1 argument(s)
            kill                        | 1 | hako: "kill" requires a minimum of 1 argument(s)
            kill --all                  | 1 | hako: "kill" requires a minimum of 1 argument(s)
            kill x 1 2                  | 1 | hako: "kill" requires a maximum of 2 argument(s)
            exec                        | 1 | hako: "exec" requires a minimum of 1 argument(s)
            ps                          | 1 | hako: "ps" requires a minimum of 1 argument(s)
            list extra                  | 1 | hako: "list" requires exactly 0 argument(s)
            events x y                  | 1 | hako: "events" requires exactly 1 argument(s)
            create --bad x              | 1 | flag provided but not defined: -bad
            create x --bad              | 1 | hako: "create" requires exactly 1 argument(s)
            create -b                   | 1 | flag needs an argument: -b
            create --preserve-fds abc x | 1 | invalid value "abc" for flag -preserve-fds: parse error
            create --preserve-fds -1 x  | 1 | invalid value for preserve-fds: -1 is not a number of descriptors
            events --interval abc x     | 1 | invalid value "abc" for flag -interval: parse error
            exec -e a --env b x sh      | 1 | Cannot use two forms of the same flag: e env
            list -f bad                 | 1 | invalid format option
            ps -f bad x                 | 1 | invalid format option
            foo --bad                   | 3 | No help topic for 'foo'
            ls                          | 3 | No help topic for 'ls'
            --bad                       | 1 | flag provided but not defined: -bad
            ---x                        | 1 | bad flag syntax: ---x
            --root                      | 1 | flag needs an argument: -root
            --debug=maybe state x       | 1 | invalid boolean value "maybe" for -debug: parse error
            --log-format xml state x    | 1 | invalid log-format: xml
            --root / state x            | 1 | Option --root argument should not be set to /
            --rootless maybe state x    | 1 | invalid value "maybe" for --rootless: want true, false or auto
            """)
    void runcsWordsAndStatus(String args, int status, String message) {
        Hako.Result result = Hako.run(dir, args.split(" "));
        assertEquals(status, result.status(), result::toString);
        assertEquals(message, result.errLines().getFirst());
        assertEquals("", result.out());
        assertTrue(result.errLines().getLast().startsWith("Run 'hako "), result::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            create          | Usage: hako create [command options] <container-id>
            kill            | Usage: hako kill <container-id> [signal]
            create --bad x  | Usage: hako create [command options] <container-id>
            """)
    void aCommandsUsageErrorShowsItsUsageLine(String args, String usage) {
        assertEquals(usage, Hako.run(dir, args.split(" ")).errLines().get(1));
    }
}
