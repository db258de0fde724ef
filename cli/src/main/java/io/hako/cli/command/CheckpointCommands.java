package io.hako.cli.command;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.Checkpoints;
import io.hako.checkpoint.CriuSettings;
import io.hako.checkpoint.PageServer;
import io.hako.checkpoint.RestoreOptions;
import io.hako.cli.Invocation;
import io.hako.cli.log.Log;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CriuOptions;
import io.hako.cli.request.GlobalOptions;
import io.hako.cli.request.RestoreRequest;
import io.hako.container.ContainerException;
import io.hako.container.CreateOptions;
import io.hako.oci.config.NamespaceType;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code checkpoint} and {@code restore}, through {@code io.hako.checkpoint} (CRIU). Apart from
 * {@link LifecycleCommands}: only these load the checkpoint module and protobuf. Every flag of runc's is honoured;
 * {@code --no-subreaper} as run honours it (the restored init is this process's child: CRIU restores it as its
 * sibling), {@code --no-pivot} as runc's check of the configuration (CRIU pivots into the root itself).
 */
final class CheckpointCommands {
    private CheckpointCommands() {}

    static void checkpoint(CheckpointRequest request, GlobalOptions globals, Invocation invocation, Log log)
            throws CommandError {
        CheckpointOptions options = options(request, invocation.workingDirectory());
        Runnable serving = () -> { };
        if (options.criu().lazyPages() && request.statusFd() != -1) {
            serving = statusFd(request.statusFd(), log);
        }
        try {
            checkpoints(globals, invocation, log).checkpoint(request.id(), options, serving);
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    /**
     * {@code restore}: detached, the container is left running; in the foreground, as runc's, this stays with it
     * (signals forwarded) and returns its exit status once it has ended and been deleted.
     */
    static int restore(RestoreRequest request, GlobalOptions globals, Invocation invocation, Log log)
            throws CommandError {
        CriuOptions criu = request.criu();
        CriuSettings settings = settings(criu);
        CreateOptions create = ProviderChoice.apply(new CreateOptions(request.pidFile().orElse(null),
                request.noPivot(), 0, request.consoleSocket().orElse(null), 0, false, globals.systemdCgroup(),
                LifecycleCommands.rootlessCgroups(globals), null), invocation.environment());
        RestoreOptions options = new RestoreOptions(imagePath(criu, invocation.workingDirectory()),
                criu.workPath().orElse(null), create, settings, request.lsmProfile().orElse(null),
                request.lsmMountContext().orElse(null));
        Checkpoints checkpoints = checkpoints(globals, invocation, log);
        try {
            if (request.detach()) {
                checkpoints.restore(request.id(), request.bundle(), options);
                return 0;
            }
            try (var forwarding = SignalForwarding.here(invocation)
                    ? SignalForwarding.to(LifecycleCommands.open(globals, invocation, log), request.id())
                    : SignalForwarding.none()) {
                return checkpoints.restoreAndWait(request.id(), request.bundle(), options);
            }
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    private static Checkpoints checkpoints(GlobalOptions globals, Invocation invocation, Log log)
            throws CommandError {
        return Checkpoints.open(LifecycleCommands.stateRoot(globals, invocation), globals.criu(), log::warn);
    }

    /**
     * A checkpoint's options, checked as runc checks them (a parent path relative to the images, a page server's
     * {@code ADDRESS:PORT}). Pure.
     */
    static CheckpointOptions options(CheckpointRequest request, Path workingDirectory) throws CommandError {
        CriuOptions criu = request.criu();
        CriuSettings settings = settings(criu, request.tcpSkipInFlight(), request.linkRemap());
        try {
            return new CheckpointOptions(imagePath(criu, workingDirectory), criu.workPath().orElse(null),
                    request.leaveRunning(), request.preDump(), request.parentPath().orElse(null), settings,
                    request.pageServer().map(PageServer::parse).orElse(null));
        } catch (IllegalArgumentException e) {
            throw CommandError.failed(e.getMessage());
        }
    }

    /**
     * The options that go to CRIU as they are, checked as runc checks them: a cgroup mode of runc's words, and only
     * the network namespace left empty. Pure.
     */
    static CriuSettings settings(CriuOptions criu) throws CommandError {
        return settings(criu, false, false);
    }

    /** The same, with a dump's {@code --tcp-skip-in-flight} and {@code --link-remap}. Pure. */
    static CriuSettings settings(CriuOptions criu, boolean tcpSkipInFlight, boolean linkRemap) throws CommandError {
        try {
            CriuSettings.CgroupsMode mode = criu.manageCgroupsMode().isEmpty() ? CriuSettings.CgroupsMode.DEFAULT
                    : CriuSettings.CgroupsMode.parse(criu.manageCgroupsMode().get());
            Set<NamespaceType> empty = new HashSet<>();
            for (String namespace : criu.emptyNamespaces()) {
                if (!namespace.equals(NamespaceType.NETWORK.toString())) {
                    throw new IllegalArgumentException("namespace \"" + namespace + "\" is not supported");
                }
                empty.add(NamespaceType.NETWORK);
            }
            return new CriuSettings(criu.tcpEstablished(), criu.externalUnixSockets(), criu.shellJob(),
                    criu.fileLocks(), mode, empty, criu.autoDedup(), tcpSkipInFlight, linkRemap, criu.lazyPages());
        } catch (IllegalArgumentException e) {
            throw CommandError.failed(e.getMessage());
        }
    }

    /** runc's default: {@code checkpoint} in the working directory. */
    private static Path imagePath(CriuOptions criu, Path workingDirectory) {
        return criu.imagePath().orElse(workingDirectory.resolve("checkpoint"));
    }

    /**
     * {@code --status-fd N} of a lazy migration, checked as runc checks it (open, and writable): what writes
     * {@code \0} to it and closes it once the page server listens (a failure to is a warning, as runc's).
     */
    static Runnable statusFd(int number, Log log) throws CommandError {
        String flags;
        try {
            flags = Files.readAllLines(Path.of("/proc/self/fdinfo/" + number)).stream()
                    .filter(line -> line.startsWith("flags:")).findFirst().orElse("flags: 0").substring(6).strip();
        } catch (IOException e) {
            throw CommandError.failed("invalid --status-fd argument " + number + ": bad file descriptor");
        }
        if ((Integer.parseInt(flags, 8) & 3) == 0) { // O_RDONLY: neither O_WRONLY nor O_RDWR
            throw CommandError.failed("invalid --status-fd argument " + number + ": not writable");
        }
        return () -> {
            try (Fd status = Fd.adopt(number)) {
                Sys.writeFully(status, new byte[] {0});
            } catch (SysException e) {
                log.warn("can't write \\0 to status fd: " + e.getMessage());
            }
        };
    }
}
