package io.hako.cli.request;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code hako daemon}: run the resident hako in the foreground, taking the {@code hako} client's calls.
 *
 * @param socket where to listen ({@code --socket}); empty for the default, which the client looks at
 * @param idleTimeout end after no call for this long ({@code --idle-timeout}); zero for never
 */
public record DaemonRequest(Optional<Path> socket, Duration idleTimeout) implements Request {
}
