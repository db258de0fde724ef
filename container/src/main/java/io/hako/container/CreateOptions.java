package io.hako.container;

import java.nio.file.Path;

/**
 * How to create a container, besides its bundle.
 *
 * @param pidFile where to write the init's pid (engines read it from there), or null
 * @param noPivot set up the root with chroot instead of pivot_root (for a rootfs on ramfs)
 * @param preserveFds how many descriptors after the standard streams (3, 4, ...) the process inherits
 * @param consoleSocket where to send the pty master of a container with {@code process.terminal}, or null
 * @param listenFds systemd socket activation: how many descriptors from 3 up are listening sockets handed to
 *     the caller ({@code LISTEN_FDS}); they go to the process first, with {@code LISTEN_FDS} and
 *     {@code LISTEN_PID=1} in its environment, then the {@code preserveFds} after them
 * @param noNewKeyring keep the caller's session keyring instead of a new one ({@code --no-new-keyring})
 * @param systemdCgroup manage the cgroup through systemd ({@code --systemd-cgroup}); an error where this build
 *     or host cannot, never a silent fall-back to cgroupfs
 */
public record CreateOptions(Path pidFile, boolean noPivot, int preserveFds, Path consoleSocket, int listenFds,
        boolean noNewKeyring, boolean systemdCgroup) {
    public static final CreateOptions DEFAULTS = new CreateOptions(null, false, 0, null, 0, false, false);

    public CreateOptions(Path pidFile, boolean noPivot, int preserveFds) {
        this(pidFile, noPivot, preserveFds, null, 0, false, false);
    }

    public CreateOptions(Path pidFile, boolean noPivot, int preserveFds, Path consoleSocket, int listenFds) {
        this(pidFile, noPivot, preserveFds, consoleSocket, listenFds, false, false);
    }

    public CreateOptions {
        if (preserveFds < 0 || listenFds < 0) {
            throw new IllegalArgumentException("preserveFds and listenFds must not be negative: " + preserveFds
                    + ", " + listenFds);
        }
    }

    /** Every descriptor the process inherits after the standard streams. */
    public int inheritedFds() {
        return listenFds + preserveFds;
    }
}
