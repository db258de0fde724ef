package io.hako.cli.request;

import io.hako.cli.args.CommandSpec;
import io.hako.cli.args.Flag;
import io.hako.cli.args.FlagParser;
import io.hako.cli.args.GoSyntax;
import io.hako.cli.args.ParsedArgs;
import io.hako.cli.args.UsageException;
import io.hako.cli.log.LogFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * runc's command line: {@code hako [global options] command [command options] [arguments...]}.
 *
 * <p>Parsing has two stages, as in runc, because where errors go depends on the first: the global options
 * (which may name a log file and its format), then the command. A caller that just wants the result uses
 * {@link #parse}.
 */
public final class CommandLine {
    /** The program's name in messages, where runc puts {@code os.Args[0]}. */
    public static final String PROGRAM = "hako";

    /** The global options, in runc's order, then urfave's {@code --help} and {@code --version}. */
    public static final List<Flag> GLOBAL_FLAGS = List.of(
            Flag.bool("debug", "enable debug logging"),
            Flag.string("log", "set the log file to write hako logs to (default is '/dev/stderr')"),
            Flag.string("log-format", "set the log format ('text' (default), or 'json')").withShownDefault("\"text\""),
            Flag.string("root", "root directory for storage of container state (this should be located in tmpfs)")
                    .withShownDefault("\"/run/hako\", or \"$XDG_RUNTIME_DIR/hako\" when rootless"),
            Flag.string("criu", "path to the criu binary used for checkpoint and restore")
                    .withShownDefault("\"criu\""),
            Flag.bool("systemd-cgroup", "enable systemd cgroup support, expects cgroupsPath to be of form "
                    + "\"slice:prefix:name\" for e.g. \"system.slice:hako:434234\""),
            Flag.string("rootless", "ignore cgroup permission errors ('true', 'false', or 'auto')")
                    .withShownDefault("\"auto\""),
            Flag.bool("help, h", "show help"),
            Flag.bool("version, v", "print the version"));

    private CommandLine() {}

    /** The first stage: the global options and what follows them. */
    public record Globals(ParsedArgs parsed) {
        /** {@code --help}/{@code -h}: show the program's help (checked before {@code --version}, as urfave does). */
        public boolean helpRequested() {
            return parsed.bool("help");
        }

        /** {@code --version}/{@code -v}. */
        public boolean versionRequested() {
            return parsed.bool("version");
        }

        /** The command and its arguments. */
        public List<String> commandArgs() {
            return parsed.positionals();
        }

        /**
         * Checks the options as runc's {@code Before} hook does, which runs for every command but not for
         * {@code --help} or {@code --version}: the log format, the state root, {@code --rootless}.
         */
        public GlobalOptions options(Path cwd) throws UsageException {
            String formatName = parsed.string("log-format").orElse("text");
            Optional<LogFormat> format = LogFormat.named(formatName);
            if (format.isEmpty()) {
                throw new UsageException("invalid log-format: " + formatName);
            }
            Optional<String> log = parsed.string("log");
            Optional<Path> logFile = log.isEmpty() || log.get().isEmpty() ? Optional.empty()
                    : Optional.of(CommandTable.resolve(cwd, log.get(), "log"));
            Optional<Path> root = Optional.empty();
            if (parsed.isSet("root")) {
                Path resolved = CommandTable.resolve(cwd, parsed.string("root").orElseThrow(), "root");
                if (resolved.getParent() == null) {
                    throw new UsageException("Option --root argument should not be set to /");
                }
                root = Optional.of(resolved);
            }
            return new GlobalOptions(parsed.bool("debug"), logFile, format.get(), root,
                    parsed.string("criu").orElse("criu"), parsed.bool("systemd-cgroup"),
                    rootless(parsed.string("rootless").orElse("auto")));
        }
    }

    /** What the command part of a call asks for. */
    public sealed interface Action {
    }

    /** No command, or {@code help} without a topic: the program's help. */
    public record ShowProgramHelp() implements Action {
    }

    /** {@code help CMD}, {@code CMD --help}: one command's help. */
    public record ShowCommandHelp(CommandSpec command) implements Action {
    }

    /** Run a command. */
    public record Execute(CommandSpec command, Request request) implements Action {
    }

    /** A whole call, both stages. */
    public record Call(GlobalOptions options, Action action) {
    }

    /** The first stage: the global options, up to the command name (Go's flag package stops there). */
    public static Globals parseGlobals(List<String> args) throws UsageException {
        return new Globals(FlagParser.parse(GLOBAL_FLAGS, args, false));
    }

    /**
     * The second stage: the command, its options and arguments.
     *
     * @throws UsageException for bad options or arguments; for an unknown command or help topic, with
     *     urfave's wording ({@code No help topic for 'foo'}) and status 3
     */
    public static Action parseCommand(List<String> commandArgs, Path cwd) throws UsageException {
        if (commandArgs.isEmpty()) {
            return new ShowProgramHelp();
        }
        String name = commandArgs.getFirst();
        if (name.equals("help") || name.equals("h")) {
            if (commandArgs.size() == 1) {
                return new ShowProgramHelp();
            }
            return new ShowCommandHelp(command(commandArgs.get(1)));
        }
        CommandSpec spec = command(name);
        ParsedArgs parsed = spec.parse(commandArgs.subList(1, commandArgs.size()));
        if (parsed.bool("help")) {
            return new ShowCommandHelp(spec);
        }
        spec.arity().check(PROGRAM, spec.name(), parsed.positionals());
        return new Execute(spec, CommandTable.request(spec, parsed, cwd));
    }

    /**
     * Both stages, for callers that want the parsed call of a command line without a global {@code --help}
     * or {@code --version} (those print and exit before anything else is checked; see {@link Globals}).
     */
    public static Call parse(List<String> args, Path cwd) throws UsageException {
        Globals globals = parseGlobals(args);
        if (globals.helpRequested() || globals.versionRequested()) {
            throw new IllegalArgumentException("a global --help or --version is not a call: " + args);
        }
        return new Call(globals.options(cwd), parseCommand(globals.commandArgs(), cwd));
    }

    private static CommandSpec command(String name) throws UsageException {
        Optional<CommandSpec> spec = CommandTable.find(name);
        if (spec.isEmpty()) {
            throw new UsageException("No help topic for '" + name + "'", UsageException.UNKNOWN_COMMAND_STATUS);
        }
        return spec.get();
    }

    /** runc's {@code parseBoolOrAuto}: "" or auto (any case), else a Go bool. */
    private static GlobalOptions.Rootless rootless(String value) throws UsageException {
        if (value.isEmpty() || value.equalsIgnoreCase("auto")) {
            return GlobalOptions.Rootless.AUTO;
        }
        try {
            return GoSyntax.parseBool(value) ? GlobalOptions.Rootless.TRUE : GlobalOptions.Rootless.FALSE;
        } catch (GoSyntax.SyntaxError e) {
            throw new UsageException("invalid value " + GoSyntax.quote(value)
                    + " for --rootless: want true, false or auto");
        }
    }
}
