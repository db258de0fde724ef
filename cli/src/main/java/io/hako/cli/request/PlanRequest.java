package io.hako.cli.request;

import java.nio.file.Path;

/**
 * {@code hako plan}: print the stage's plan for a bundle.
 *
 * @param bundle the bundle ({@code --bundle/-b}, default the working directory)
 * @param noPivot plan chroot instead of pivot_root ({@code --no-pivot})
 * @param preserveFds descriptors the process would inherit ({@code --preserve-fds})
 */
public record PlanRequest(Path bundle, boolean noPivot, int preserveFds) implements Request {
}
