package io.hako.container;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run a process in a running container, besides the process itself.
 *
 * @param pidFile where to write the process's pid, or null
 * @param consoleSocket where to send the pty master of a process with a terminal, or null
 * @param preserveFds how many descriptors after the standard streams (3, 4, ...) the process inherits
 * @param ignorePaused run it even in a paused container (where it will not run until resumed)
 * @param subCgroups existing cgroups under the container's to run it in (runc's {@code exec --cgroup}): a
 *     controller ({@code memory}, {@code name=systemd}) to a path relative to the container's cgroup in that
 *     controller's hierarchy, or the key "" to one path in every hierarchy (the only form cgroup v2 has); empty
 *     for the container's own cgroup
 * @param seccompCompiler the seccomp compiler to use by name, as {@link CreateOptions#seccompCompiler()}, or null
 *     for the first available by priority
 */
public record ExecOptions(Path pidFile, Path consoleSocket, int preserveFds, boolean ignorePaused,
        Map<String, String> subCgroups, String seccompCompiler) {
    /** No pid file, no console socket, no descriptors, refused in a paused container, the container's cgroup. */
    public static final ExecOptions DEFAULTS = new ExecOptions(null, null, 0, false);

    /** Checks the count; an empty compiler name is none. */
    public ExecOptions {
        if (seccompCompiler != null && seccompCompiler.isEmpty()) {
            seccompCompiler = null;
        }
        if (preserveFds < 0) {
            throw new IllegalArgumentException("preserveFds must not be negative: " + preserveFds);
        }
        subCgroups = Map.copyOf(subCgroups);
    }

    /**
     * Options that run the process in the container's own cgroup, with the seccomp compiler chosen by priority.
     *
     * @param pidFile where to write the process's pid, or null
     * @param consoleSocket where to send a terminal's pty master, or null
     * @param preserveFds how many descriptors from 3 up the process inherits
     * @param ignorePaused run it even in a paused container
     */
    public ExecOptions(Path pidFile, Path consoleSocket, int preserveFds, boolean ignorePaused) {
        this(pidFile, consoleSocket, preserveFds, ignorePaused, Map.of());
    }

    /**
     * Options with the seccomp compiler chosen by priority.
     *
     * @param pidFile where to write the process's pid, or null
     * @param consoleSocket where to send a terminal's pty master, or null
     * @param preserveFds how many descriptors from 3 up the process inherits
     * @param ignorePaused run it even in a paused container
     * @param subCgroups cgroups under the container's to run it in, by controller; empty for the container's own
     */
    public ExecOptions(Path pidFile, Path consoleSocket, int preserveFds, boolean ignorePaused,
            Map<String, String> subCgroups) {
        this(pidFile, consoleSocket, preserveFds, ignorePaused, subCgroups, null);
    }

    /**
     * {@return a copy that uses the seccomp compiler called {@code name}, or chooses by priority when null}
     *
     * @param name a {@link io.hako.seccomp.SeccompCompiler#name()}, {@code libseccomp}
     */
    public ExecOptions withSeccompCompiler(String name) {
        return new ExecOptions(pidFile, consoleSocket, preserveFds, ignorePaused, subCgroups, name);
    }
}
