package io.hako.cli.request;

import io.hako.cli.log.LogFormat;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The options before the command, checked the way runc checks them before running any command.
 *
 * @param debug write debug records ({@code --debug})
 * @param log the log file, absolute ({@code --log}; empty: stderr)
 * @param logFormat {@code --log-format}
 * @param root the state root given with {@code --root}, absolute and normalised; empty for the default
 *     ({@code /run/hako}, or {@code $XDG_RUNTIME_DIR/hako} for a rootless caller, as runc decides it)
 * @param criu the CRIU binary ({@code --criu}; accepted for checkpoint/restore)
 * @param systemdCgroup manage cgroups through systemd ({@code --systemd-cgroup})
 * @param rootless {@code --rootless}
 */
public record GlobalOptions(
        boolean debug,
        Optional<Path> log,
        LogFormat logFormat,
        Optional<Path> root,
        String criu,
        boolean systemdCgroup,
        Rootless rootless) {

    /** {@code --rootless}: whether to ignore cgroup permission errors; {@code auto} decides from the caller. */
    public enum Rootless {
        TRUE,
        FALSE,
        AUTO
    }
}
