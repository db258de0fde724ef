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
 * @param rootlessCgroups ignore cgroup permission errors where runc's rootless cgroup manager does
 *     ({@code --rootless}; {@link Rootless#ignoresCgroupPermissionErrors} decides it as runc does): when the
 *     configuration names no {@code cgroupsPath}, a cgroup that cannot be made or joined for lack of rights
 *     (EPERM, EACCES, EROFS) is left out, in each v1 hierarchy on its own, and the container runs without it;
 *     a limit that would need it is then an error, naming the controller; device rules that cannot be applied are
 *     ignored. Later commands on the container (exec, update, stats, delete) keep this choice.
 * @param notifySocket the caller's {@code NOTIFY_SOCKET}, or null: the container then gets an sd_notify socket
 *     of hako's own, at {@code /run/notify/notify.sock} with {@code NOTIFY_SOCKET} naming it, whose readiness
 *     {@link Containers#start(String, String)} forwards to the caller's socket (as runc does)
 * @param cgroupDriver the {@link io.hako.cgroups.CgroupDriver#name() name} of the cgroup driver to use whatever
 *     the others' priorities ({@code HAKO_CGROUP_DRIVER} on the command line), or null for the first by priority
 *     that serves this host; a driver that is missing or does not serve this host is an error, and so is a
 *     cgroupfs driver with {@code systemdCgroup}. Later commands on the container use the driver it was made with.
 * @param seccompCompiler the {@link io.hako.seccomp.SeccompCompiler#name() name} of the seccomp compiler to use
 *     ({@code HAKO_SECCOMP_COMPILER}), or null for the first available by priority; a compiler that is missing
 *     or unavailable here is an error when the container has a filter
 */
public record CreateOptions(Path pidFile, boolean noPivot, int preserveFds, Path consoleSocket, int listenFds,
        boolean noNewKeyring, boolean systemdCgroup, boolean rootlessCgroups, String notifySocket,
        String cgroupDriver, String seccompCompiler) {
    /** No pid file, pivot_root, no descriptors, no console socket, a new keyring, cgroupfs, providers by priority. */
    public static final CreateOptions DEFAULTS = new CreateOptions(null, false, 0, null, 0, false, false, false,
            null, null, null);

    /**
     * Options with a pid file, chroot or not, and inherited descriptors; the rest as {@link #DEFAULTS}.
     *
     * @param pidFile where to write the init's pid, or null
     * @param noPivot chroot instead of pivot_root
     * @param preserveFds how many descriptors from 3 up the process inherits
     */
    public CreateOptions(Path pidFile, boolean noPivot, int preserveFds) {
        this(pidFile, noPivot, preserveFds, null, 0, false, false, false, null);
    }

    /**
     * As {@link #CreateOptions(Path, boolean, int)}, with a console socket and socket activation.
     *
     * @param pidFile where to write the init's pid, or null
     * @param noPivot chroot instead of pivot_root
     * @param preserveFds how many descriptors the process inherits after the standard streams and listening sockets
     * @param consoleSocket where to send a terminal's pty master, or null
     * @param listenFds how many descriptors from 3 up are socket activation's listening sockets
     */
    public CreateOptions(Path pidFile, boolean noPivot, int preserveFds, Path consoleSocket, int listenFds) {
        this(pidFile, noPivot, preserveFds, consoleSocket, listenFds, false, false, false, null);
    }

    /**
     * As {@link #CreateOptions(Path, boolean, int, Path, int)}, with the keyring and systemd choices.
     *
     * @param pidFile where to write the init's pid, or null
     * @param noPivot chroot instead of pivot_root
     * @param preserveFds how many descriptors the process inherits after the standard streams and listening sockets
     * @param consoleSocket where to send a terminal's pty master, or null
     * @param listenFds how many descriptors from 3 up are socket activation's listening sockets
     * @param noNewKeyring keep the caller's session keyring
     * @param systemdCgroup manage the cgroup through systemd
     */
    public CreateOptions(Path pidFile, boolean noPivot, int preserveFds, Path consoleSocket, int listenFds,
            boolean noNewKeyring, boolean systemdCgroup) {
        this(pidFile, noPivot, preserveFds, consoleSocket, listenFds, noNewKeyring, systemdCgroup, false, null);
    }

    /**
     * Options with the providers (cgroup driver, seccomp compiler) chosen by priority.
     *
     * @param pidFile where to write the init's pid, or null
     * @param noPivot chroot instead of pivot_root
     * @param preserveFds how many descriptors the process inherits after the standard streams and listening sockets
     * @param consoleSocket where to send a terminal's pty master, or null
     * @param listenFds how many descriptors from 3 up are socket activation's listening sockets
     * @param noNewKeyring keep the caller's session keyring
     * @param systemdCgroup manage the cgroup through systemd
     * @param rootlessCgroups ignore cgroup permission errors as runc's {@code --rootless}
     * @param notifySocket the caller's {@code NOTIFY_SOCKET}, or null
     */
    public CreateOptions(Path pidFile, boolean noPivot, int preserveFds, Path consoleSocket, int listenFds,
            boolean noNewKeyring, boolean systemdCgroup, boolean rootlessCgroups, String notifySocket) {
        this(pidFile, noPivot, preserveFds, consoleSocket, listenFds, noNewKeyring, systemdCgroup, rootlessCgroups,
                notifySocket, null, null);
    }

    /** Checks the counts; an empty {@code notifySocket} or provider name is none. */
    public CreateOptions {
        if (notifySocket != null && notifySocket.isEmpty()) {
            notifySocket = null; // an empty NOTIFY_SOCKET is none, as for runc
        }
        if (cgroupDriver != null && cgroupDriver.isEmpty()) {
            cgroupDriver = null;
        }
        if (seccompCompiler != null && seccompCompiler.isEmpty()) {
            seccompCompiler = null;
        }
        if (preserveFds < 0 || listenFds < 0) {
            throw new IllegalArgumentException("preserveFds and listenFds must not be negative: " + preserveFds
                    + ", " + listenFds);
        }
    }

    /**
     * {@return a copy that uses the cgroup driver called {@code name}, or chooses by priority when null}
     *
     * @param name a {@link io.hako.cgroups.CgroupDriver#name()}, {@code cgroupfs-v1}
     */
    public CreateOptions withCgroupDriver(String name) {
        return new CreateOptions(pidFile, noPivot, preserveFds, consoleSocket, listenFds, noNewKeyring, systemdCgroup,
                rootlessCgroups, notifySocket, name, seccompCompiler);
    }

    /**
     * {@return a copy that uses the seccomp compiler called {@code name}, or chooses by priority when null}
     *
     * @param name a {@link io.hako.seccomp.SeccompCompiler#name()}, {@code libseccomp}
     */
    public CreateOptions withSeccompCompiler(String name) {
        return new CreateOptions(pidFile, noPivot, preserveFds, consoleSocket, listenFds, noNewKeyring, systemdCgroup,
                rootlessCgroups, notifySocket, cgroupDriver, name);
    }

    /**
     * {@return how many descriptors the process inherits after the standard streams: {@code listenFds} then
     * {@code preserveFds}}
     */
    public int inheritedFds() {
        return listenFds + preserveFds;
    }
}
