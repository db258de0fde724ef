package io.hako.cli.args;

import static io.hako.cli.args.Flag.Type.DURATION;
import static io.hako.cli.args.Flag.Type.INT;
import static io.hako.cli.args.Flag.Type.INT_LIST;
import static io.hako.cli.args.Flag.Type.STRING_LIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flags parsed as runc parses them: urfave/cli v1 moving flags before positional arguments, Go's flag package
 * reading them, and Go's syntax for values. The expected errors are the texts runc 1.1.5 prints.
 */
class FlagsTest {
    private static final List<Flag> FLAGS = List.of(
            Flag.string("bundle, b", "bundle"),
            Flag.bool("detach, d", "detach"),
            Flag.bool("no-pivot", "no pivot"),
            Flag.of("preserve-fds", INT, "fds"),
            Flag.of("env, e", STRING_LIST, "env"),
            Flag.of("additional-gids, g", INT_LIST, "gids"),
            Flag.of("interval", DURATION, "interval"));

    private static ParsedArgs parse(String... args) throws UsageException {
        return FlagParser.parse(FLAGS, List.of(args), true);
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void oneOrTwoDashesAndBothValueForms() throws UsageException {
        for (List<String> form : List.of(List.of("--bundle", "/b"), List.of("-bundle", "/b"), List.of("--bundle=/b"),
                List.of("-b", "/b"), List.of("-b=/b"), List.of("--b", "/b"))) {
            ParsedArgs a = parse(form.toArray(String[]::new));
            assertEquals(Optional.of("/b"), a.string("bundle"), form::toString);
        }
    }

    @Test
    void aValueMayStartWithADashOrBeEmpty() throws UsageException {
        assertEquals(Optional.of("-x"), parse("--bundle", "-x").string("bundle"));
        assertEquals(Optional.of(""), parse("--bundle=").string("bundle"));
        assertEquals(Optional.of("a=b"), parse("--bundle=a=b").string("bundle"));
    }

    @Test
    void boolFlagsTakeOnlyTheEqualsForm() throws UsageException {
        assertTrue(parse("--detach").bool("detach"));
        assertTrue(parse("-d=true").bool("detach"));
        assertFalse(parse("--detach=false").bool("detach"));
        for (String yes : List.of("1", "t", "T", "TRUE", "true", "True")) {
            assertTrue(parse("--detach=" + yes).bool("detach"));
        }
        for (String no : List.of("0", "f", "F", "FALSE", "false", "False")) {
            assertFalse(parse("--detach=" + no).bool("detach"));
        }
        // "false" after a bool flag is a positional argument, not its value.
        ParsedArgs a = parse("--detach", "false", "id");
        assertTrue(a.bool("detach"));
        assertEquals(List.of("false", "id"), a.positionals());
        assertEquals("invalid boolean value \"yes\" for -detach: parse error", error("--detach=yes"));
    }

    @Test
    void flagsMayFollowPositionalArgumentsInOrder() throws UsageException {
        ParsedArgs a = parse("id", "--bundle", "/b", "sig", "-d", "--no-pivot");
        assertEquals(List.of("id", "sig"), a.positionals());
        assertEquals(Optional.of("/b"), a.string("bundle"));
        assertTrue(a.bool("detach"));
        assertTrue(a.bool("no-pivot"));
        // Unlike urfave, the argument after a bool flag stays in its place.
        assertEquals(List.of("id", "9"), parse("id", "--detach", "9").positionals());
    }

    @Test
    void doubleDashEndsTheFlags() throws UsageException {
        ParsedArgs a = parse("-d", "--", "--bundle", "x");
        assertTrue(a.bool("detach"));
        assertEquals(List.of("--bundle", "x"), a.positionals());
        assertEquals(List.of("id", "-b"), parse("id", "--", "-b").positionals());
    }

    @Test
    void inOrderParsingStopsAtTheFirstPositional() throws UsageException {
        ParsedArgs a = FlagParser.parse(FLAGS, List.of("-d", "id", "sh", "-c", "--bundle", "x"), false);
        assertTrue(a.bool("detach"));
        assertEquals(Optional.empty(), a.string("bundle"));
        assertEquals(List.of("id", "sh", "-c", "--bundle", "x"), a.positionals());
    }

    @Test
    void repeatedFlagsAccumulateAndSingleOnesKeepTheLast() throws UsageException {
        ParsedArgs a = parse("--env", "A=1", "--env=B=2", "-g", "10", "-g", "0x10", "--bundle", "x", "--bundle", "y");
        assertEquals(List.of("A=1", "B=2"), a.strings("env"));
        assertEquals(List.of(10L, 16L), a.integers("additional-gids"));
        assertEquals(Optional.of("y"), a.string("bundle"));
    }

    @Test
    void twoFormsOfOneFlagAreRefused() {
        assertEquals("Cannot use two forms of the same flag: e env", error("-e", "A=1", "--env", "B=2"));
    }

    @Test
    void goFlagPackageErrors() {
        assertEquals("flag provided but not defined: -bad", error("--bad", "x"));
        assertEquals("flag provided but not defined: -bad", error("-bad=1"));
        assertEquals("flag needs an argument: -b", error("-b"));
        assertEquals("bad flag syntax: ---x", error("---x"));
        assertEquals("bad flag syntax: -=x", error("-=x"));
        assertEquals("invalid value \"abc\" for flag -preserve-fds: parse error", error("--preserve-fds", "abc"));
        assertEquals("invalid value \"99999999999999999999\" for flag -preserve-fds: value out of range",
                error("--preserve-fds=99999999999999999999"));
        assertEquals("invalid value \"5\" for flag -interval: parse error", error("--interval", "5"));
    }

    @Test
    void aValueFlagLastTakesTheArgumentMovedBeforeIt() throws UsageException {
        // urfave moves "--bundle" to the front, then Go gives it the next argument: runc does the same.
        ParsedArgs a = parse("id", "--bundle");
        assertEquals(Optional.of("id"), a.string("bundle"));
        assertEquals(List.of(), a.positionals());
    }

    @Test
    void anUnknownFlagAfterThePositionalsIsAPositional() throws UsageException {
        // urfave moves only known flags; Go stops at "id"; runc then complains about the argument count.
        assertEquals(List.of("id", "--bad"), parse("id", "--bad").positionals());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "7,7", "-7,-7", "+7,7", "010,8", "0o17,15", "0O17,15", "0x1f,31", "0X1F,31", "0b101,5",
            "1_000,1000", "0x_1f,31", "9223372036854775807,9223372036854775807",
            "-9223372036854775808,-9223372036854775808"})
    void goIntegerLiterals(String literal, long value) throws GoSyntax.SyntaxError {
        assertEquals(value, GoSyntax.parseInt(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", "0x", "0b", "08", "1__0", "_1", "1_", "0x_", "1e3", " 1", "1.0", "٣"})
    void notGoIntegerLiterals(String literal) {
        assertEquals("parse error",
                assertThrows(GoSyntax.SyntaxError.class, () -> GoSyntax.parseInt(literal)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "5s,5000", "300ms,300", "1m30s,90000", "1.5h,5400000", "2h45m,9900000", "-1s,-1000",
            "1000us,1", "1000µs,1", ".5s,500", "1.s,1000"})
    void goDurations(String text, long millis) throws GoSyntax.SyntaxError {
        assertEquals(Duration.ofMillis(millis), GoSyntax.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "5x", "1..5s", "-", "5 s", "3000000h"})
    void notGoDurations(String text) {
        assertThrows(GoSyntax.SyntaxError.class, () -> GoSyntax.parseDuration(text));
    }

    @Test
    void goQuoting() {
        assertEquals("\"plain\"", GoSyntax.quote("plain"));
        assertEquals("\"a\\\"b\\\\c\\nd\\te\"", GoSyntax.quote("a\"b\\c\nd\te"));
        assertEquals("\"\\x00\\x1b\\x7f\"", GoSyntax.quote("\0\u001b\u007f"));
        assertEquals("\"héllo 世界\"", GoSyntax.quote("héllo 世界"));
        assertEquals("\"\\u2028\\u00a0\"", GoSyntax.quote("\u2028\u00a0"));
    }
}
