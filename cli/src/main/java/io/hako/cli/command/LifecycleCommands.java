package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.cli.log.JsonText;
import io.hako.cli.log.Log;
import io.hako.cli.request.CreateRequest;
import io.hako.cli.request.DeleteRequest;
import io.hako.cli.request.GlobalOptions;
import io.hako.cli.request.KillRequest;
import io.hako.cli.request.LaunchOptions;
import io.hako.cli.request.ListRequest;
import io.hako.cli.request.OutputFormat;
import io.hako.cli.request.PauseRequest;
import io.hako.cli.request.PlanRequest;
import io.hako.cli.request.PsRequest;
import io.hako.cli.request.ResumeRequest;
import io.hako.cli.request.RunRequest;
import io.hako.cli.request.StartRequest;
import io.hako.cli.request.StateRequest;
import io.hako.container.ContainerException;
import io.hako.container.ContainerInfo;
import io.hako.container.Containers;
import io.hako.container.ProcessLauncher;
import io.hako.container.CreateOptions;
import io.hako.container.Rootless;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lifecycle commands: each turns its request into one call of the {@link Containers} API and prints the
 * result as runc does. Nothing here decides anything about containers.
 */
final class LifecycleCommands {
    private LifecycleCommands() {}

    /** The state root when neither {@code --root} nor {@code $XDG_RUNTIME_DIR} gives one. */
    static final Path DEFAULT_ROOT = Path.of("/run/hako");

    /** The containers under the state root ({@link #stateRoot}). */
    static Containers open(GlobalOptions options, Invocation invocation, Log log) throws CommandError {
        Containers containers = Containers.open(stateRoot(options, invocation), log::warn, log::debug);
        return ProcessLauncher.startsElsewhere(invocation.launcher())
                ? containers.startingProcessesWith(invocation.launcher()) : containers;
    }

    /**
     * The state root as runc chooses its own: {@code --root}; else {@code $XDG_RUNTIME_DIR/hako} where runc
     * would use {@code $XDG_RUNTIME_DIR/runc} ({@link Rootless#runtimeDirRoot}: not the host's root), made here
     * as runc makes it, mode 0700 with the sticky bit (which keeps the runtime directory's clean-up away from it);
     * else {@code /run/hako}.
     */
    static Path stateRoot(GlobalOptions options, Invocation invocation) throws CommandError {
        if (options.root().isPresent()) {
            return options.root().get();
        }
        Optional<Path> inRuntimeDir = Rootless.runtimeDirRoot(invocation.environment(),
                ProcessIdentity.current().uid(), Rootless.inUserNamespace());
        if (inRuntimeDir.isEmpty()) {
            return DEFAULT_ROOT;
        }
        Path root = inRuntimeDir.get();
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
            Files.setAttribute(root, "unix:mode", 01700);
        } catch (IOException e) {
            throw CommandError.io("the path in $XDG_RUNTIME_DIR must be writable by the user: mkdir " + root, e);
        }
        return root;
    }

    /**
     * Whether cgroup permission errors are ignored ({@code --rootless}, auto decided from this process as runc
     * decides it).
     */
    static boolean rootlessCgroups(GlobalOptions globals) throws CommandError {
        Boolean flag = switch (globals.rootless()) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case AUTO -> null;
        };
        return Rootless.ignoresCgroupPermissionErrors(flag, ProcessIdentity.current().uid(),
                Rootless.inUserNamespace(), globals.systemdCgroup());
    }

    /** runc's warning before {@code pause}, {@code resume} and {@code ps} where cgroups may not be reachable. */
    static void warnIfRootless(GlobalOptions globals, Log log, String command) throws CommandError {
        if (rootlessCgroups(globals)) {
            log.warn("hako " + command + " may fail if you don't have the full access to cgroups");
        }
    }

    static void create(Containers containers, CreateRequest request, int listenFds, GlobalOptions globals,
            Invocation invocation) throws CommandError {
        try {
            containers.create(request.id(), request.launch().bundle(), options(request.launch(), listenFds, globals,
                    invocation));
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    /** {@code start}, waiting for readiness when the caller has {@code NOTIFY_SOCKET}, as runc's start does. */
    static void start(Containers containers, StartRequest request, Invocation invocation) throws CommandError {
        try {
            containers.start(request.id(), invocation.environment().get("NOTIFY_SOCKET"));
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    /**
     * {@code run}: create and start; detached, that is all. In the foreground, wait for the container's process,
     * delete the container (unless {@code --keep}) and return its exit status, 128 + N for signal N.
     */
    static int run(Containers containers, RunRequest request, int listenFds, GlobalOptions globals, Streams io,
            Invocation invocation) throws CommandError {
        CreateOptions options = options(request.launch(), listenFds, globals, invocation);
        try {
            if (!request.detach()) {
                // In the foreground: a terminal without --console-socket is relayed here, as runc run does.
                try (var forwarding = SignalForwarding.here(invocation) ? SignalForwarding.to(containers, request.id())
                        : SignalForwarding.none()) {
                    io.out().flush();
                    return containers.runAttached(request.id(), request.launch().bundle(), options, request.keep(),
                            io.in(), io.out());
                }
            }
            containers.create(request.id(), request.launch().bundle(), options);
            try {
                containers.start(request.id(), options.notifySocket());
            } catch (ContainerException e) {
                deleteQuietly(containers, request.id(), e);
                throw e;
            }
            return 0;
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    private static void deleteQuietly(Containers containers, String id, ContainerException cause) {
        try {
            containers.delete(id, true);
        } catch (ContainerException e) {
            cause.addSuppressed(e);
        }
    }

    /** {@code state}: runc's document, indented by two spaces, without a final newline; its owner is empty, as runc's. */
    static void state(Containers containers, StateRequest request, Streams io) throws CommandError {
        try {
            io.out().print(containerState(containers.state(request.id()), "", true));
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    static void list(Containers containers, ListRequest request, Streams io) throws CommandError {
        List<ContainerInfo> all;
        try {
            all = containers.list();
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
        if (request.quiet()) {
            all.forEach(info -> io.out().println(info.id()));
            return;
        }
        if (request.format() == OutputFormat.JSON) {
            // runc prints null for no containers; containerd and podman read that as an empty list.
            if (all.isEmpty()) {
                io.out().println("null");
                return;
            }
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < all.size(); i++) {
                json.append(i == 0 ? "" : ",").append(containerState(all.get(i), all.get(i).owner(), false));
            }
            io.out().println(json.append(']'));
            return;
        }
        String format = "%-12s%-8s%-10s%-40s%-32s%s%n";
        io.out().printf(format, "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
        for (ContainerInfo info : all) {
            io.out().printf(format, info.id() + " ", info.pid() + " ", info.status() + " ", info.bundle() + " ",
                    info.created() + " ", info.owner());
        }
    }

    static void kill(Containers containers, KillRequest request) throws CommandError {
        try {
            containers.kill(request.id(), request.signal().number(), request.all());
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    static void pause(Containers containers, PauseRequest request) throws CommandError {
        try {
            containers.pause(request.id());
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    static void resume(Containers containers, ResumeRequest request) throws CommandError {
        try {
            containers.resume(request.id());
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    /**
     * {@code ps}: with {@code --format json} the pids as a JSON array (what containerd parses); as a table, what
     * {@code ps(1)} prints with the given arguments ({@code -ef} by default), its header and the lines of the
     * container's processes, as runc does.
     */
    /** {@code ps}: the container's pids as JSON, or the lines of ps(1)'s table (run in the caller) that are theirs. */
    static void ps(Containers containers, PsRequest request, Streams io, Invocation invocation)
            throws CommandError {
        List<Integer> pids;
        try {
            pids = containers.processes(request.id());
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
        if (request.format() == OutputFormat.JSON) {
            io.out().println(pids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",",
                    "[", "]")));
            return;
        }
        List<String> command = new java.util.ArrayList<>(List.of("ps"));
        command.addAll(request.psArgs().isEmpty() ? List.of("-ef") : request.psArgs());
        CallerProgram.Result ps = CallerProgram.run(invocation, command);
        String output = ps.output();
        if (ps.status() != 0) {
            throw CommandError.failed("ps: " + String.join(" ", command) + " failed: " + output.strip());
        }
        List<String> lines = output.lines().toList();
        if (lines.isEmpty()) {
            return;
        }
        int pidColumn = java.util.Arrays.asList(lines.getFirst().strip().split("\\s+")).indexOf("PID");
        if (pidColumn < 0) {
            throw CommandError.failed("couldn't find PID field in ps output");
        }
        io.out().println(lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > pidColumn && pids.contains(Integer.valueOf(fields[pidColumn]))) {
                io.out().println(line);
            }
        }
    }

    /**
     * {@code delete}; with {@code --force}, a container that does not exist is already deleted, no error (as runc:
     * podman and containerd delete by force after every failed create and on every clean-up).
     */
    static void delete(Containers containers, DeleteRequest request) throws CommandError {
        try {
            containers.delete(request.id(), request.force());
        } catch (ContainerException e) {
            if (request.force() && e.kind() == ContainerException.Kind.NOT_FOUND) {
                return;
            }
            throw CommandError.of(e);
        }
    }

    static void plan(PlanRequest request, Streams io, Invocation invocation) throws CommandError {
        try {
            io.out().print(Containers.describePlan(request.bundle(), ProviderChoice.apply(
                    new CreateOptions(null, request.noPivot(), request.preserveFds()), invocation.environment())));
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    /**
     * systemd socket activation, as runc reads it: {@code LISTEN_FDS} counts the listening sockets from descriptor
     * 3 up when {@code LISTEN_PID} is the caller's process (the launcher execs the JVM, so it keeps the pid; a
     * resident hako's caller is its client).
     */
    static int listenFds(Invocation invocation) {
        Map<String, String> env = invocation.environment();
        String count = env.get("LISTEN_FDS");
        String pid = env.get("LISTEN_PID");
        if (count == null || pid == null || !pid.equals(String.valueOf(invocation.launcher().callerPid()))) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static CreateOptions options(LaunchOptions launch, int listenFds, GlobalOptions globals,
            Invocation invocation) throws CommandError {
        if (launch.pidfdSocket().isPresent()) {
            throw CommandError.failed("--pidfd-socket is not supported by this build yet");
        }
        return ProviderChoice.apply(new CreateOptions(launch.pidFile().orElse(null), launch.noPivot(),
                launch.preserveFds(), launch.consoleSocket().orElse(null), listenFds, launch.noNewKeyring(),
                globals.systemdCgroup(), rootlessCgroups(globals), invocation.environment().get("NOTIFY_SOCKET")),
                invocation.environment());
    }

    /**
     * runc's {@code containerState}, what {@code state} and {@code list --format json} print and engines parse: its
     * fields in its order (ociVersion, id, pid, status, bundle, rootfs, created, annotations, owner), the
     * annotations sorted and left out when there are none, as Go's encoder writes them; {@code indent}, as
     * {@code json.MarshalIndent} with two spaces. A pure function.
     */
    static String containerState(ContainerInfo info, String owner, boolean indent) {
        String open = indent ? "{\n  " : "{";
        String next = indent ? ",\n  " : ",";
        String colon = indent ? ": " : ":";
        var json = new StringBuilder(open);
        json.append("\"ociVersion\"").append(colon).append(JsonText.quote(info.ociVersion()))
                .append(next).append("\"id\"").append(colon).append(JsonText.quote(info.id()))
                .append(next).append("\"pid\"").append(colon).append(info.pid())
                .append(next).append("\"status\"").append(colon).append(JsonText.quote(info.status().toString()))
                .append(next).append("\"bundle\"").append(colon).append(JsonText.quote(info.bundle()))
                .append(next).append("\"rootfs\"").append(colon).append(JsonText.quote(info.rootfs()))
                .append(next).append("\"created\"").append(colon).append(JsonText.quote(info.created()));
        if (!info.annotations().isEmpty()) {
            json.append(next).append("\"annotations\"").append(colon).append(indent ? "{\n    " : "{");
            boolean first = true;
            for (Map.Entry<String, String> annotation : new TreeMap<>(info.annotations()).entrySet()) {
                json.append(first ? "" : indent ? ",\n    " : ",").append(JsonText.quote(annotation.getKey()))
                        .append(colon).append(JsonText.quote(annotation.getValue()));
                first = false;
            }
            json.append(indent ? "\n  }" : "}");
        }
        json.append(next).append("\"owner\"").append(colon).append(JsonText.quote(owner));
        return json.append(indent ? "\n}" : "}").toString();
    }
}
