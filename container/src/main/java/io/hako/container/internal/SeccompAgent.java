package io.hako.container.internal;

import io.hako.oci.OciJson;
import io.hako.oci.config.Seccomp;
import io.hako.oci.state.ContainerProcessState;
import io.hako.oci.state.State;
import io.hako.sys.Fd;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.util.List;

/**
 * Hands a seccomp notify listener to the agent at {@code linux.seccomp.listenerPath}, with the container process
 * state as the message (runtime-spec config-linux.md, "The Container Process State"): the init's at create, and
 * each exec'd process's, whose filter is a new one with a listener of its own.
 */
final class SeccompAgent {
    private SeccompAgent() {}

    /**
     * Sends {@code listener}, which is closed here whatever happens: the agent holds the only copy that matters.
     *
     * @param processPid the process the filter is in (the init, or the exec'd process)
     * @param container the container's state as the agent is told it
     */
    static void send(Seccomp seccomp, String ociVersion, int processPid, State container, Fd listener)
            throws SysException, Unreachable {
        var message = new ContainerProcessState(ociVersion, List.of(ContainerProcessState.SECCOMP_FD), processPid,
                seccomp.listenerMetadata(), container, null);
        try (listener; UnixSocket socket = connect(seccomp.listenerPath())) {
            socket.send(OciJson.write(message), listener);
        }
    }

    /** The agent could not be reached: the message has runc's words, which say whose socket it is. */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static UnixSocket connect(String path) throws Unreachable {
        try {
            return UnixSocket.connect(path);
        } catch (SysException e) {
            throw new Unreachable("failed to connect with seccomp agent specified in the seccomp profile: "
                    + e.getMessage(), e);
        }
    }
}
