package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.cli.args.UsageException;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.DeleteRequest;
import io.hako.cli.request.EventsRequest;
import io.hako.cli.request.FeaturesRequest;
import io.hako.cli.request.GlobalOptions;
import io.hako.cli.request.KillRequest;
import io.hako.cli.request.ListRequest;
import io.hako.cli.request.OutputFormat;
import io.hako.cli.request.PauseRequest;
import io.hako.cli.request.PlanRequest;
import io.hako.cli.request.PsRequest;
import io.hako.cli.request.Request;
import io.hako.cli.request.ResumeRequest;
import io.hako.cli.request.SpecRequest;
import io.hako.cli.request.StartRequest;
import io.hako.cli.request.StateRequest;
import io.hako.cli.request.UpdateRequest;
import io.hako.cli.request.ValidateRequest;
import io.hako.container.ContainerException;
import io.hako.container.ContainerInfo;
import io.hako.container.Containers;
import io.hako.oci.config.Hook;
import java.util.List;
import java.util.Optional;

/**
 * Which calls a resident hako may run: those that start no process. Every process hako starts (the stage, and so
 * a container's init, and the hooks) must be the caller's descendant, with the caller's cgroup, session and
 * subreaper, as on the cold path; until the client can start them on the resident hako's behalf, a call that would
 * start one runs cold. Decided from the command line before anything is done (and, for start and delete, from
 * whether the container has hooks still to run).
 */
public final class WarmCalls {
    private WarmCalls() {}

    /** Why {@code invocation} must run cold, or empty when a resident hako may run it. */
    public static Optional<String> coldReason(Invocation invocation) {
        Request request;
        GlobalOptions options;
        try {
            CommandLine.Globals globals = CommandLine.parseGlobals(invocation.args());
            if (globals.helpRequested() || globals.versionRequested()) {
                return Optional.empty();
            }
            options = globals.options(invocation.workingDirectory());
            if (!(CommandLine.parseCommand(globals.commandArgs(), invocation.workingDirectory())
                    instanceof CommandLine.Execute execute)) {
                return Optional.empty(); // help
            }
            request = execute.request();
        } catch (UsageException | RuntimeException e) {
            return Optional.empty(); // a usage error is printed alike warm or cold
        }
        if (request instanceof StateRequest || request instanceof ListRequest || request instanceof KillRequest
                || request instanceof PauseRequest || request instanceof ResumeRequest
                || request instanceof EventsRequest || request instanceof UpdateRequest
                || request instanceof FeaturesRequest || request instanceof ValidateRequest
                || request instanceof PlanRequest || request instanceof SpecRequest) {
            return Optional.empty();
        }
        if (request instanceof PsRequest ps) {
            return ps.format() == OutputFormat.JSON ? Optional.empty() : Optional.of("ps runs ps(1)");
        }
        if (request instanceof StartRequest start) {
            return hooksStillToRun(options, invocation, start.id(), true);
        }
        if (request instanceof DeleteRequest delete) {
            return hooksStillToRun(options, invocation, delete.id(), false);
        }
        return Optional.of("it starts a process");
    }

    /** Cold when the container has poststart (start) or poststop (delete) hooks: they are processes. */
    private static Optional<String> hooksStillToRun(GlobalOptions options, Invocation invocation, String id,
            boolean start) {
        try {
            Containers containers = Containers.open(LifecycleCommands.stateRoot(options, invocation), w -> { },
                    d -> { });
            ContainerInfo info = containers.state(id);
            List<Hook> hooks = info.hooks() == null ? null
                    : start ? info.hooks().poststart() : info.hooks().poststop();
            return hooks == null || hooks.isEmpty() ? Optional.empty() : Optional.of("the container has hooks to run");
        } catch (ContainerException | CommandError e) {
            return Optional.empty(); // no such container: the error is printed alike warm or cold
        }
    }
}
