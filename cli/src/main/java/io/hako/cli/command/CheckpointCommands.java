package io.hako.cli.command;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.Checkpoints;
import io.hako.checkpoint.CriuSettings;
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
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code checkpoint} and {@code restore}, through {@code io.hako.checkpoint} (CRIU). Apart from
 * {@link LifecycleCommands}: only these load the checkpoint module and protobuf. A flag this build does not honour
 * yet is refused, naming it, before anything is done: never ignored in silence.
 */
final class CheckpointCommands {
    private CheckpointCommands() {}

    static void checkpoint(CheckpointRequest request, GlobalOptions globals, Invocation invocation, Log log)
            throws CommandError {
        Optional<String> flag = unhonoured(request);
        if (flag.isPresent()) {
            throw CommandError.failed("checkpoint: " + flag.get() + " is not supported by this build yet");
        }
        CheckpointOptions options = options(request, invocation.workingDirectory());
        try {
            checkpoints(globals, invocation, log).checkpoint(request.id(), options);
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    static void restore(RestoreRequest request, GlobalOptions globals, Invocation invocation, Log log)
            throws CommandError {
        Optional<String> flag = unhonoured(request);
        if (flag.isPresent()) {
            throw CommandError.failed("restore: " + flag.get() + " is not supported by this build yet");
        }
        CriuOptions criu = request.criu();
        CriuSettings settings = settings(criu);
        CreateOptions create = ProviderChoice.apply(new CreateOptions(request.pidFile().orElse(null),
                request.noPivot(), 0, request.consoleSocket().orElse(null), 0, false, globals.systemdCgroup(),
                LifecycleCommands.rootlessCgroups(globals), null), invocation.environment());
        try {
            checkpoints(globals, invocation, log).restore(request.id(), request.bundle(), new RestoreOptions(
                    imagePath(criu, invocation.workingDirectory()), criu.workPath().orElse(null), create, settings));
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    private static Checkpoints checkpoints(GlobalOptions globals, Invocation invocation, Log log)
            throws CommandError {
        return Checkpoints.open(LifecycleCommands.stateRoot(globals, invocation), globals.criu(), log::warn);
    }

    /** A checkpoint's options, checked as runc checks them (a parent path relative to the images). Pure. */
    static CheckpointOptions options(CheckpointRequest request, Path workingDirectory) throws CommandError {
        CriuOptions criu = request.criu();
        CriuSettings settings = settings(criu);
        try {
            return new CheckpointOptions(imagePath(criu, workingDirectory), criu.workPath().orElse(null),
                    request.leaveRunning(), request.preDump(), request.parentPath().orElse(null), settings);
        } catch (IllegalArgumentException e) {
            throw CommandError.failed(e.getMessage());
        }
    }

    /**
     * The options that go to CRIU as they are, checked as runc checks them: a cgroup mode of runc's words, and only
     * the network namespace left empty. Pure.
     */
    static CriuSettings settings(CriuOptions criu) throws CommandError {
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
                    criu.fileLocks(), mode, empty, criu.autoDedup());
        } catch (IllegalArgumentException e) {
            throw CommandError.failed(e.getMessage());
        }
    }

    /** runc's default: {@code checkpoint} in the working directory. */
    private static Path imagePath(CriuOptions criu, Path workingDirectory) {
        return criu.imagePath().orElse(workingDirectory.resolve("checkpoint"));
    }

    /** The first flag of a checkpoint this build does not honour, as the user wrote it. Pure. */
    static Optional<String> unhonoured(CheckpointRequest request) {
        if (request.tcpSkipInFlight()) {
            return Optional.of("--tcp-skip-in-flight");
        }
        if (request.linkRemap()) {
            return Optional.of("--link-remap");
        }
        if (request.statusFd() != -1) {
            return Optional.of("--status-fd");
        }
        if (request.pageServer().isPresent()) {
            return Optional.of("--page-server");
        }
        return unhonoured(request.criu());
    }

    /**
     * The first flag of a restore this build does not honour. Only a detached restore is served: in the
     * foreground, runc waits for the restored process as run does. {@code --no-subreaper} concerns only that wait;
     * {@code --no-pivot} is checked against the configuration, as runc does (CRIU pivots into the root itself).
     */
    static Optional<String> unhonoured(RestoreRequest request) {
        if (!request.detach()) {
            return Optional.of("restoring in the foreground (without --detach)");
        }
        if (request.lsmProfile().isPresent()) {
            return Optional.of("--lsm-profile");
        }
        if (request.lsmMountContext().isPresent()) {
            return Optional.of("--lsm-mount-context");
        }
        return unhonoured(request.criu());
    }

    private static Optional<String> unhonoured(CriuOptions criu) {
        if (criu.lazyPages()) {
            return Optional.of("--lazy-pages");
        }
        return Optional.empty();
    }
}
