package io.hako.cli.command;

import io.hako.checkpoint.Checkpoints;
import io.hako.checkpoint.CriuCheck;
import io.hako.cli.Invocation;
import io.hako.cli.args.CommandSpec;
import io.hako.cli.args.GoSyntax;
import io.hako.cli.args.UsageException;
import io.hako.cli.log.Log;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.CommandTable;
import io.hako.cli.request.CreateRequest;
import io.hako.cli.request.DaemonRequest;
import io.hako.cli.request.DeleteRequest;
import io.hako.cli.request.EventsRequest;
import io.hako.cli.request.ExecRequest;
import io.hako.cli.request.FeaturesRequest;
import io.hako.cli.request.GlobalOptions;
import io.hako.cli.request.KillRequest;
import io.hako.cli.request.ListRequest;
import io.hako.cli.request.PauseRequest;
import io.hako.cli.request.PlanRequest;
import io.hako.cli.request.PsRequest;
import io.hako.cli.request.Request;
import io.hako.cli.request.RestoreRequest;
import io.hako.cli.request.ResumeRequest;
import io.hako.cli.request.RunRequest;
import io.hako.cli.request.SpecRequest;
import io.hako.cli.request.StartRequest;
import io.hako.cli.request.StateRequest;
import io.hako.cli.request.UpdateRequest;
import io.hako.cli.request.ValidateRequest;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one invocation: parses it in runc's two stages, sends errors where runc sends them, executes the
 * request and returns the exit status. Holds no state between invocations.
 */
public final class Cli {
    private Cli() {}

    /** Runs {@code invocation} to its end; see {@link io.hako.cli.Main#run}. */
    public static int run(Invocation invocation) {
        var out = new PrintStream(invocation.stdout(), false, StandardCharsets.UTF_8);
        var err = new PrintStream(invocation.stderr(), false, StandardCharsets.UTF_8);
        try {
            return run(invocation, new Streams(invocation.stdin(), out, err));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int run(Invocation invocation, Streams io) {
        // Stage one. Until the global options are known there is no log: errors go to stderr.
        CommandLine.Globals globals;
        GlobalOptions options;
        try {
            globals = CommandLine.parseGlobals(invocation.args());
            if (globals.helpRequested()) {
                HelpPrinter.printProgramHelp(io.out(), BuildInfo.current());
                return 0;
            }
            if (globals.versionRequested()) {
                VersionPrinter.print(io.out(), BuildInfo.current(), criuCheck(globals, invocation));
                return 0;
            }
            options = globals.options(invocation.workingDirectory());
        } catch (UsageException e) {
            Log.toStderr(io.err()).error(e.getMessage());
            io.err().println("Run '" + CommandLine.PROGRAM + " --help' for usage.");
            return e.exitStatus();
        }

        var log = new Log(options.logFormat(), options.log(), options.debug(), io.err(), InstantSource.system());
        if (log.isDebugEnabled()) {
            log.debug("hako " + BuildInfo.current().version() + ": " + String.join(" ", invocation.args()));
        }
        CommandLine.Action action;
        try {
            action = CommandLine.parseCommand(globals.commandArgs(), invocation.workingDirectory());
        } catch (UsageException e) {
            log.error(e.getMessage());
            String hint = hintFor(globals.commandArgs());
            if (!hint.isEmpty()) {
                io.err().println(hint);
            }
            return e.exitStatus();
        }
        try {
            // instanceof rather than a pattern switch: a switch on types bootstraps SwitchBootstraps.typeSwitch
            // and defines hidden classes at run time, which the AOT cache cannot hold; this runs on every call.
            if (action instanceof CommandLine.Execute execute) {
                return execute(execute.request(), options, invocation, io, log);
            }
            if (action instanceof CommandLine.ShowCommandHelp help) {
                HelpPrinter.printCommandHelp(io.out(), help.command());
            } else {
                HelpPrinter.printProgramHelp(io.out(), BuildInfo.current());
            }
            return 0;
        } catch (CommandError e) {
            // The cause first: the error stays the last record, which is the one containerd reads.
            if (log.isDebugEnabled() && e.getCause() != null) {
                log.debug("cause: " + stackTrace(e.getCause()));
            }
            log.error(e.getMessage());
            return e.exitStatus();
        } catch (InvalidPathException e) {
            // A path from a configuration or a file that no file system can name (a NUL in it): bad input.
            log.error("invalid path " + GoSyntax.quote(e.getInput()) + ": " + e.getReason().toLowerCase(Locale.ROOT));
            return 1;
        } catch (RuntimeException e) {
            // A bug, not a user error: one line for the engine, the trace for whoever runs with --debug.
            log.error("internal error: " + e);
            log.debug(stackTrace(e));
            return 1;
        }
    }

    /**
     * Every command, by its request. (A chain of instanceof for the reason given above; {@code CommandsTest}
     * runs every command so none falls through.)
     */
    private static int execute(Request request, GlobalOptions options, Invocation invocation, Streams io, Log log)
            throws CommandError {
        if (request instanceof SpecRequest spec) {
            SpecCommand.run(spec);
        } else if (request instanceof FeaturesRequest) {
            FeaturesCommand.run(io.out(), BuildInfo.current(), criuCheck(options, invocation));
        } else if (request instanceof ValidateRequest validate) {
            ValidateCommand.run(validate, io);
        } else if (request instanceof PlanRequest plan) {
            LifecycleCommands.plan(plan, io, invocation);
        } else if (request instanceof CreateRequest create) {
            LifecycleCommands.create(LifecycleCommands.open(options, invocation, log), create,
                    LifecycleCommands.listenFds(invocation), options, invocation);
        } else if (request instanceof StartRequest start) {
            LifecycleCommands.start(LifecycleCommands.open(options, invocation, log), start, invocation);
        } else if (request instanceof RunRequest run) {
            return LifecycleCommands.run(LifecycleCommands.open(options, invocation, log), run,
                    LifecycleCommands.listenFds(invocation), options, io, invocation);
        } else if (request instanceof StateRequest state) {
            LifecycleCommands.state(LifecycleCommands.open(options, invocation, log), state, io);
        } else if (request instanceof ListRequest list) {
            LifecycleCommands.list(LifecycleCommands.open(options, invocation, log), list, io);
        } else if (request instanceof KillRequest kill) {
            LifecycleCommands.kill(LifecycleCommands.open(options, invocation, log), kill);
        } else if (request instanceof DeleteRequest delete) {
            LifecycleCommands.delete(LifecycleCommands.open(options, invocation, log), delete);
        } else if (request instanceof PauseRequest pause) {
            LifecycleCommands.warnIfRootless(options, log, "pause");
            LifecycleCommands.pause(LifecycleCommands.open(options, invocation, log), pause);
        } else if (request instanceof ResumeRequest resume) {
            LifecycleCommands.warnIfRootless(options, log, "resume");
            LifecycleCommands.resume(LifecycleCommands.open(options, invocation, log), resume);
        } else if (request instanceof PsRequest ps) {
            LifecycleCommands.warnIfRootless(options, log, "ps");
            LifecycleCommands.ps(LifecycleCommands.open(options, invocation, log), ps, io, invocation);
        } else if (request instanceof ExecRequest exec) {
            try {
                return ExecCommand.run(LifecycleCommands.open(options, invocation, log), exec, io,
                        SignalForwarding.here(invocation), invocation.environment());
            } catch (CommandError e) {
                throw e.asExecFailure();
            }
        } else if (request instanceof EventsRequest events) {
            EventsCommand.run(LifecycleCommands.open(options, invocation, log), events, io);
        } else if (request instanceof DaemonRequest daemon) {
            DaemonCommand.run(daemon, invocation, log);
        } else if (request instanceof UpdateRequest update) {
            UpdateCommand.run(LifecycleCommands.open(options, invocation, log), update, invocation.stdin());
        } else if (request instanceof CheckpointRequest checkpoint) {
            CheckpointCommands.checkpoint(checkpoint, options, invocation, log);
        } else if (request instanceof RestoreRequest restore) {
            return CheckpointCommands.restore(restore, options, invocation, log);
        } else {
            throw new IllegalStateException("no command handles " + request);
        }
        return 0;
    }

    /** After a usage error: the command's usage line, or where to look for the list of commands. */
    private static String hintFor(List<String> commandArgs) {
        if (commandArgs.isEmpty()) {
            return "";
        }
        Optional<CommandSpec> spec = CommandTable.find(commandArgs.getFirst());
        if (spec.isEmpty()) {
            return "Run '" + CommandLine.PROGRAM + " --help' for the list of commands.";
        }
        return "Usage: " + HelpPrinter.usageLine(spec.get()) + "\nRun '" + CommandLine.PROGRAM + " "
                + spec.get().name() + " --help' for details.";
    }

    private static String stackTrace(Throwable t) {
        var text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString().strip();
    }

    /** CRIU's check for {@code --version}: with the global options as given, whatever else the line holds. */
    private static CriuCheck criuCheck(CommandLine.Globals globals, Invocation invocation) {
        try {
            return criuCheck(globals.options(invocation.workingDirectory()), invocation);
        } catch (UsageException e) {
            return Checkpoints.check("criu");
        }
    }

    /**
     * CRIU's check, kept in the state root's cache beside the seccomp filters ({@code <root>/@cache}): asking CRIU
     * costs {@code --version} and {@code features} a tenth of a second or more.
     */
    private static CriuCheck criuCheck(GlobalOptions options, Invocation invocation) {
        try {
            return Checkpoints.check(options.criu(), LifecycleCommands.stateRoot(options, invocation).resolve("@cache"));
        } catch (CommandError e) {
            return Checkpoints.check(options.criu()); // no state root to keep it in
        }
    }
}
