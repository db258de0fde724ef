package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.cli.args.UsageException;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.DaemonRequest;
import io.hako.cli.request.ExecRequest;
import io.hako.cli.request.Request;
import io.hako.cli.request.RestoreRequest;
import io.hako.cli.request.RunRequest;
import java.util.Optional;

/**
 * Which calls a resident hako may run: every call whose effects do not depend on being the caller's own process.
 * The processes a call starts (the stage, and so a container's init; hooks) its client starts on its behalf, so
 * they are the caller's children either way; the caller's descriptors above its standard streams come with the
 * call (--preserve-fds and LISTEN_FDS hand them on from there); and a foreground run or exec's wait — the caller's
 * signals passed on, the terminal relayed — is the client's too ({@code ProcessLauncher#attach}), and so is ps(1)
 * for ps's table. What stays cold: checkpoint and restore, which are not yet served here. Decided from the command
 * line before anything is done.
 */
public final class WarmCalls {
    private WarmCalls() {}

    /**
     * What the resident hako does with a call, from one reading of its command line.
     *
     * @param coldReason why it must run cold; empty when the resident hako runs it
     * @param staysWithItsProcess a foreground run or exec: it stays with the process it starts, and its caller's
     *     signals are for that process from the start
     */
    public record Decision(Optional<String> coldReason, boolean staysWithItsProcess) {}

    public static Decision decide(Invocation invocation) {
        Request request = request(invocation);
        if (request instanceof CheckpointRequest || request instanceof RestoreRequest
                || request instanceof DaemonRequest) {
            return new Decision(Optional.of("not a call for a resident hako"), false);
        }
        boolean foreground = request instanceof RunRequest run ? !run.detach()
                : request instanceof ExecRequest exec && !exec.detach();
        return new Decision(Optional.empty(), foreground);
    }

    /** Why {@code invocation} must run cold, or empty when a resident hako may run it. */
    public static Optional<String> coldReason(Invocation invocation) {
        return decide(invocation).coldReason();
    }

    /** Whether {@code invocation} is a foreground run or exec (see {@link Decision}). */
    public static boolean staysWithItsProcess(Invocation invocation) {
        return decide(invocation).staysWithItsProcess();
    }

    /** The command the call asks for; null for help, the version and a usage error (printed alike warm or cold). */
    private static Request request(Invocation invocation) {
        try {
            CommandLine.Globals globals = CommandLine.parseGlobals(invocation.args());
            if (globals.helpRequested() || globals.versionRequested()) {
                return null;
            }
            globals.options(invocation.workingDirectory());
            return CommandLine.parseCommand(globals.commandArgs(), invocation.workingDirectory())
                    instanceof CommandLine.Execute execute ? execute.request() : null;
        } catch (UsageException | RuntimeException e) {
            return null;
        }
    }
}
