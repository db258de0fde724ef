package io.hako.cli.request;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code restore [options] ID}.
 *
 * @param bundle the bundle ({@code --bundle/-b}, default the working directory)
 * @param consoleSocket where to send the pty master ({@code --console-socket})
 * @param detach return once restored ({@code --detach/-d})
 * @param pidFile where to write the init's pid ({@code --pid-file})
 * @param noSubreaper do not act as subreaper ({@code --no-subreaper}; go-runc writes {@code -no-subreaper})
 * @param noPivot do not use {@code pivot_root} ({@code --no-pivot})
 * @param lsmProfile {@code TYPE:NAME} LSM profile for the restored process ({@code --lsm-profile})
 * @param lsmMountContext LSM mount context ({@code --lsm-mount-context})
 */
public record RestoreRequest(
        String id,
        CriuOptions criu,
        Path bundle,
        Optional<Path> consoleSocket,
        boolean detach,
        Optional<Path> pidFile,
        boolean noSubreaper,
        boolean noPivot,
        Optional<String> lsmProfile,
        Optional<String> lsmMountContext) implements Request {
}
