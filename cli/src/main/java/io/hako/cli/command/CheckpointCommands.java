package io.hako.cli.command;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.Checkpoints;
import io.hako.checkpoint.RestoreOptions;
import io.hako.cli.Invocation;
import io.hako.cli.log.Log;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CriuOptions;
import io.hako.cli.request.GlobalOptions;
import io.hako.cli.request.RestoreRequest;
import io.hako.container.ContainerException;
import io.hako.container.CreateOptions;
import java.nio.file.Path;
import java.util.Optional;

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
        CriuOptions criu = request.criu();
        try {
            checkpoints(globals, invocation, log).checkpoint(request.id(), new CheckpointOptions(
                    imagePath(criu, invocation), criu.workPath().orElse(null), request.leaveRunning()));
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
        CreateOptions create = ProviderChoice.apply(new CreateOptions(request.pidFile().orElse(null), false, 0,
                null, 0, false, globals.systemdCgroup(), LifecycleCommands.rootlessCgroups(globals), null),
                invocation.environment());
        try {
            checkpoints(globals, invocation, log).restore(request.id(), request.bundle(),
                    new RestoreOptions(imagePath(criu, invocation), criu.workPath().orElse(null), create));
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    private static Checkpoints checkpoints(GlobalOptions globals, Invocation invocation, Log log)
            throws CommandError {
        return Checkpoints.open(LifecycleCommands.stateRoot(globals, invocation), globals.criu(), log::warn);
    }

    /** runc's default: {@code checkpoint} in the working directory. */
    private static Path imagePath(CriuOptions criu, Invocation invocation) {
        return criu.imagePath().orElse(invocation.workingDirectory().resolve("checkpoint"));
    }

    /** The first flag of a checkpoint this build does not honour, as the user wrote it. Pure. */
    static Optional<String> unhonoured(CheckpointRequest request) {
        if (request.preDump()) {
            return Optional.of("--pre-dump");
        }
        if (request.parentPath().isPresent()) {
            return Optional.of("--parent-path");
        }
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
     * foreground, runc waits for the restored process as run does. {@code --no-subreaper} concerns only that wait.
     */
    static Optional<String> unhonoured(RestoreRequest request) {
        if (!request.detach()) {
            return Optional.of("restoring in the foreground (without --detach)");
        }
        if (request.consoleSocket().isPresent()) {
            return Optional.of("--console-socket");
        }
        if (request.noPivot()) {
            return Optional.of("--no-pivot");
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
        if (criu.tcpEstablished()) {
            return Optional.of("--tcp-established");
        }
        if (criu.externalUnixSockets()) {
            return Optional.of("--ext-unix-sk");
        }
        if (criu.shellJob()) {
            return Optional.of("--shell-job");
        }
        if (criu.fileLocks()) {
            return Optional.of("--file-locks");
        }
        if (criu.manageCgroupsMode().isPresent()) {
            return Optional.of("--manage-cgroups-mode");
        }
        if (!criu.emptyNamespaces().isEmpty()) {
            return Optional.of("--empty-ns");
        }
        if (criu.autoDedup()) {
            return Optional.of("--auto-dedup");
        }
        if (criu.lazyPages()) {
            return Optional.of("--lazy-pages");
        }
        return Optional.empty();
    }
}
