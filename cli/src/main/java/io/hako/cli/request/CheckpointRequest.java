package io.hako.cli.request;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code checkpoint [options] ID}.
 *
 * @param parentPath a previous pre-dump's images, relative to the image path, as given ({@code --parent-path})
 * @param leaveRunning keep the container running afterwards ({@code --leave-running})
 * @param tcpSkipInFlight skip in-flight TCP connections ({@code --tcp-skip-in-flight})
 * @param linkRemap link unlinked files back when possible ({@code --link-remap})
 * @param statusFd descriptor CRIU writes {@code \0} to once lazy pages are ready, -1 for none ({@code --status-fd})
 * @param pageServer {@code ADDRESS:PORT} of a page server ({@code --page-server})
 * @param preDump dump memory only and leave the container running ({@code --pre-dump})
 */
public record CheckpointRequest(
        String id,
        CriuOptions criu,
        Optional<Path> parentPath,
        boolean leaveRunning,
        boolean tcpSkipInFlight,
        boolean linkRemap,
        int statusFd,
        Optional<String> pageServer,
        boolean preDump) implements Request {
}
