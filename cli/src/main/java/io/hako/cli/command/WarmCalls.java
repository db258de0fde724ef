package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.cli.args.UsageException;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.CreateRequest;
import io.hako.cli.request.DaemonRequest;
import io.hako.cli.request.ExecRequest;
import io.hako.cli.request.OutputFormat;
import io.hako.cli.request.PsRequest;
import io.hako.cli.request.Request;
import io.hako.cli.request.RestoreRequest;
import io.hako.cli.request.RunRequest;
import java.util.Optional;

/**
 * Which calls a resident hako may run: every call whose effects do not depend on being the caller's own process.
 * The processes a call starts (the stage, and so a container's init; hooks) its client starts on its behalf, so
 * they are the caller's children either way, and a foreground run or exec's wait — the caller's signals passed on,
 * the terminal relayed — is the client's too ({@code ProcessLauncher#attach}). What stays cold: a call that hands on
 * descriptors the caller holds beyond its standard streams (--preserve-fds, LISTEN_FDS), which the client does not
 * send; a foreground run with NOTIFY_SOCKET, whose readiness names the caller's process as the main one; and ps's
 * table, which runs ps(1) in the caller. Decided from the command line before anything is done.
 */
public final class WarmCalls {
    private WarmCalls() {}

    /** Why {@code invocation} must run cold, or empty when a resident hako may run it. */
    public static Optional<String> coldReason(Invocation invocation) {
        Request request;
        try {
            CommandLine.Globals globals = CommandLine.parseGlobals(invocation.args());
            if (globals.helpRequested() || globals.versionRequested()) {
                return Optional.empty();
            }
            globals.options(invocation.workingDirectory());
            if (!(CommandLine.parseCommand(globals.commandArgs(), invocation.workingDirectory())
                    instanceof CommandLine.Execute execute)) {
                return Optional.empty(); // help
            }
            request = execute.request();
        } catch (UsageException | RuntimeException e) {
            return Optional.empty(); // a usage error is printed alike warm or cold
        }
        boolean listenFds = invocation.environment().containsKey("LISTEN_FDS");
        if (request instanceof CreateRequest create) {
            return descriptors(create.launch().preserveFds(), listenFds);
        }
        if (request instanceof RunRequest run) {
            if (!run.detach() && invocation.environment().containsKey("NOTIFY_SOCKET")) {
                return Optional.of("run in the foreground with NOTIFY_SOCKET is the main process systemd watches");
            }
            return descriptors(run.launch().preserveFds(), listenFds);
        }
        if (request instanceof ExecRequest exec) {
            return descriptors(exec.preserveFds(), listenFds);
        }
        if (request instanceof PsRequest ps) {
            return ps.format() == OutputFormat.JSON ? Optional.empty() : Optional.of("ps runs ps(1)");
        }
        if (request instanceof CheckpointRequest || request instanceof RestoreRequest
                || request instanceof DaemonRequest) {
            return Optional.of("not a call for a resident hako");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code invocation} is a foreground run or exec: it stays with the process it starts, and its caller's
     * signals are for that process from the start.
     */
    public static boolean staysWithItsProcess(Invocation invocation) {
        try {
            CommandLine.Globals globals = CommandLine.parseGlobals(invocation.args());
            if (CommandLine.parseCommand(globals.commandArgs(), invocation.workingDirectory())
                    instanceof CommandLine.Execute execute) {
                return execute.request() instanceof RunRequest run ? !run.detach()
                        : execute.request() instanceof ExecRequest exec && !exec.detach();
            }
            return false;
        } catch (UsageException | RuntimeException e) {
            return false;
        }
    }

    /** Cold when descriptors of the caller's beyond its standard streams are to be handed on. */
    private static Optional<String> descriptors(int preserveFds, boolean listenFds) {
        return preserveFds > 0 || listenFds ? Optional.of("it hands on the caller's descriptors") : Optional.empty();
    }
}
