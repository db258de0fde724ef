package io.hako.container;

import java.nio.file.Path;

/**
 * How to run a process in a running container, besides the process itself.
 *
 * @param pidFile where to write the process's pid, or null
 * @param consoleSocket where to send the pty master of a process with a terminal, or null
 * @param preserveFds how many descriptors after the standard streams (3, 4, ...) the process inherits
 * @param ignorePaused run it even in a paused container (where it will not run until resumed)
 */
public record ExecOptions(Path pidFile, Path consoleSocket, int preserveFds, boolean ignorePaused) {
    public static final ExecOptions DEFAULTS = new ExecOptions(null, null, 0, false);

    public ExecOptions {
        if (preserveFds < 0) {
            throw new IllegalArgumentException("preserveFds must not be negative: " + preserveFds);
        }
    }
}
