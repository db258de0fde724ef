package io.hako.cli.request;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code create} and {@code run} share: where the bundle is and how the container's init is set up
 * and reported.
 *
 * @param bundle the bundle directory ({@code --bundle}, default the working directory)
 * @param consoleSocket where to send the pty master when {@code process.terminal} is set ({@code --console-socket})
 * @param pidfdSocket where to send a pidfd of the init ({@code --pidfd-socket}, runc 1.2)
 * @param pidFile where to write the init's pid ({@code --pid-file})
 * @param noPivot use {@code MS_MOVE} + {@code chroot} instead of {@code pivot_root} ({@code --no-pivot})
 * @param noNewKeyring keep the caller's session keyring ({@code --no-new-keyring})
 * @param preserveFds how many descriptors after stdio (and {@code LISTEN_FDS}) the container inherits
 */
public record LaunchOptions(
        Path bundle,
        Optional<Path> consoleSocket,
        Optional<Path> pidfdSocket,
        Optional<Path> pidFile,
        boolean noPivot,
        boolean noNewKeyring,
        int preserveFds) {
}
