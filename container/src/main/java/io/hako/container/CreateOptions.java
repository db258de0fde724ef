package io.hako.container;

import java.nio.file.Path;

/**
 * How to create a container, besides its bundle.
 *
 * @param pidFile where to write the init's pid (engines read it from there), or null
 * @param noPivot set up the root with chroot instead of pivot_root (for a rootfs on ramfs)
 * @param preserveFds how many descriptors after the standard streams (3, 4, ...) the process inherits
 * @param consoleSocket where to send the pty master of a container with {@code process.terminal}, or null
 */
public record CreateOptions(Path pidFile, boolean noPivot, int preserveFds, Path consoleSocket) {
    public static final CreateOptions DEFAULTS = new CreateOptions(null, false, 0, null);

    public CreateOptions(Path pidFile, boolean noPivot, int preserveFds) {
        this(pidFile, noPivot, preserveFds, null);
    }

    public CreateOptions {
        if (preserveFds < 0) {
            throw new IllegalArgumentException("preserveFds must not be negative: " + preserveFds);
        }
    }
}
