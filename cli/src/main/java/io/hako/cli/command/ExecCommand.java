package io.hako.cli.command;

import io.hako.cli.request.ExecRequest;
import io.hako.container.ContainerException;
import io.hako.container.Containers;
import io.hako.container.ExecOptions;
import io.hako.container.Status;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.config.Capabilities;
import io.hako.oci.config.Process;
import io.hako.oci.config.User;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code exec}: another process in a running container, from a process document ({@code --process}, what
 * containerd, conmon and CRI-O pass) or from the command and runc's flags over the container's own process. In
 * the foreground hako waits for it, forwarding signals, and exits with its status.
 */
final class ExecCommand {
    private ExecCommand() {}

    /**
     * @param forwardSignals whether this process's signals go on to a foreground process (the cold path); a
     *     resident hako's client forwards its own instead
     * @param environment the caller's, for the providers it forces ({@link ProviderChoice})
     */
    static int run(Containers containers, ExecRequest request, Streams io, boolean forwardSignals,
            Map<String, String> environment) throws CommandError {
        try {
            if (request.process().isEmpty() && request.command().isEmpty()) {
                throw nothingToRun(containers, request);
            }
            Process process = request.process().isPresent() ? read(request) : fromFlags(request,
                    containers.config(request.id()).process());
            if (request.pidfdSocket().isPresent()) {
                throw CommandError.failed("exec: --pidfd-socket is not supported by this build");
            }
            var options = ProviderChoice.apply(new ExecOptions(request.pidFile().orElse(null),
                    request.consoleSocket().orElse(null), request.preserveFds(), request.ignorePaused(),
                    subCgroupPaths(request.cgroups())), environment);
            if (!request.detach() && Boolean.TRUE.equals(process.terminal()) && request.consoleSocket().isEmpty()) {
                // CRI-O's interactive exec: hako relays the terminal itself and exits with the status.
                io.out().flush();
                return containers.execAttached(request.id(), process, options, io.in(), io.out());
            }
            if (request.detach()) {
                containers.exec(request.id(), process, options);
                return 0;
            }
            try (var forwarding = forwardSignals ? SignalForwarding.toProcessStarting(containers)
                    : SignalForwarding.none()) {
                int pid = containers.exec(request.id(), process, options);
                forwarding.started(containers, pid);
                return containers.waitForProcess(pid);
            }
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    /** An exec without a command, refused in runc's order: a container that is not there or not running first. */
    private static CommandError nothingToRun(Containers containers, ExecRequest request) throws ContainerException {
        Status status = containers.state(request.id()).status();
        if (status == Status.STOPPED) {
            return CommandError.failed("cannot exec in a stopped container");
        }
        if (status == Status.PAUSED && !request.ignorePaused()) {
            return CommandError.failed("cannot exec in a paused container (use --ignore-paused to override)");
        }
        return CommandError.failed("process args cannot be empty");
    }

    /**
     * {@code --cgroup [CONTROLLER[,CONTROLLER...]:]PATH}, repeatable, as runc reads it: controller to path, "" for
     * a path without controllers, which must then be the only one. Errors in runc's words. A pure function.
     */
    static Map<String, String> subCgroupPaths(List<String> arguments) throws CommandError {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String argument : arguments) {
            String[] parts = argument.split(":", 3);
            if (parts.length > 2) {
                throw CommandError.failed("invalid --cgroup argument: " + argument);
            }
            if (parts.length == 1) {
                if (arguments.size() != 1) {
                    throw CommandError.failed("invalid --cgroup argument: " + argument
                            + " (missing <controller>: prefix)");
                }
                paths.put("", argument);
            } else {
                for (String controller : parts[0].split(",", -1)) {
                    paths.put(controller, parts[1]);
                }
            }
        }
        return paths;
    }

    private static Process read(ExecRequest request) throws CommandError {
        try {
            return OciJson.read(Files.readAllBytes(request.process().get()), Process.class);
        } catch (IOException e) {
            throw CommandError.io("read " + request.process().get(), e);
        } catch (DocumentException e) {
            throw CommandError.failed(request.process().get() + ": " + e.getMessage());
        }
    }

    /** runc's flags over the container's own process: what is not given is the container's. A pure function. */
    static Process fromFlags(ExecRequest request, Process base) throws CommandError {
        if (request.command().isEmpty()) {
            throw CommandError.failed("process args cannot be empty");
        }
        List<String> env = new ArrayList<>(base.env() == null ? List.of() : base.env());
        env.addAll(request.env());
        User user = base.user();
        if (request.user().isPresent()) {
            String[] ids = request.user().get().split(":", 2);
            try {
                long uid = Long.parseLong(ids[0]);
                long gid = ids.length > 1 ? Long.parseLong(ids[1]) : 0;
                user = new User(uid, gid, user == null ? null : user.umask(), null, null, null);
            } catch (NumberFormatException e) {
                throw CommandError.failed("exec: --user \"" + request.user().get() + "\" is not UID[:GID]");
            }
        }
        if (!request.additionalGids().isEmpty()) {
            user = new User(user == null ? 0L : user.uid(), user == null ? 0L : user.gid(),
                    user == null ? null : user.umask(), request.additionalGids(), null, null);
        }
        Capabilities caps = base.capabilities();
        if (!request.capabilities().isEmpty()) {
            caps = new Capabilities(plus(caps == null ? null : caps.bounding(), request.capabilities()),
                    plus(caps == null ? null : caps.effective(), request.capabilities()),
                    plus(caps == null ? null : caps.inheritable(), request.capabilities()),
                    plus(caps == null ? null : caps.permitted(), request.capabilities()),
                    plus(caps == null ? null : caps.ambient(), request.capabilities()), null);
        }
        return new Process(request.tty(), base.consoleSize(), user, request.command(), null, env,
                request.cwd().orElse(base.cwd()), caps, base.rlimits(),
                request.noNewPrivs() || Boolean.TRUE.equals(base.noNewPrivileges()),
                request.apparmor().orElse(base.apparmorProfile()), base.oomScoreAdj(),
                request.processLabel().orElse(base.selinuxLabel()), base.ioPriority(), base.scheduler(),
                base.execCPUAffinity(), null);
    }

    private static List<String> plus(List<String> set, List<String> added) {
        var all = new LinkedHashSet<String>(set == null ? List.of() : set);
        all.addAll(added);
        return List.copyOf(all);
    }
}
