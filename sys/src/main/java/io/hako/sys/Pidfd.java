package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A process descriptor ({@code pidfd_open(2)}): signals and waits reach exactly the process it was opened for,
 * even after its pid is reused.
 */
public final class Pidfd implements AutoCloseable {
    private static final int P_PIDFD = 3;
    private static final int WEXITED = 4;
    private static final int WNOHANG = 1;
    private static final int CLD_EXITED = 1;
    private static final int CLD_KILLED = 2;
    private static final int CLD_DUMPED = 3;

    private final Fd fd;
    private final int pid;

    private Pidfd(Fd fd, int pid) {
        this.fd = fd;
        this.pid = pid;
    }

    /**
     * Opens a descriptor for a live process.
     *
     * @param pid the process
     * @return its descriptor, the caller's to close
     * @throws SysException if pidfd_open fails, with the pid: ESRCH if there is no such process
     */
    public static Pidfd open(int pid) throws SysException {
        return new Pidfd(Fd.adopt((int) Native.syscall("pidfd_open", Nr.PIDFD_OPEN, pid, 0, 0,
                String.valueOf(pid))), pid);
    }

    /** {@return the pid it was opened for; after the process is reaped, the number may name another} */
    public int pid() {
        return pid;
    }

    /**
     * {@return the descriptor, to poll: it turns readable when the process exits} It stays this object's:
     * {@link #close()} closes it.
     */
    public Fd fd() {
        return fd;
    }

    /**
     * Sends {@code signal} to the process, never to another that took its pid.
     *
     * @param signal the signal's number
     * @throws SysException if pidfd_send_signal fails, with the pid: ESRCH once the process has exited
     */
    public void sendSignal(int signal) throws SysException {
        Native.syscall("pidfd_send_signal", Nr.PIDFD_SEND_SIGNAL, fd.number(), signal, 0, 0, 0, 0,
                String.valueOf(pid));
    }

    /**
     * How a process ended.
     *
     * @param code its exit code, 0-255; 0 when a signal killed it
     * @param signal the signal that killed it; 0 when it exited
     */
    public record Exit(int code, int signal) {
        /** {@return the shell's convention: the exit code, or 128 + the signal that killed it} */
        public int status() {
            return signal != 0 ? 128 + signal : code;
        }
    }

    /**
     * Waits until the process (a child of this one) exits, and reaps it.
     *
     * @return how it ended
     * @throws SysException if waitid fails: ECHILD when the process is not a child of this one, or already reaped
     */
    public Exit waitExit() throws SysException {
        return waitid(WEXITED, true);
    }

    /**
     * Reaps the process if it has exited, without waiting.
     *
     * @return how it ended; null while it runs
     * @throws SysException if waitid fails: ECHILD when the process is not a child of this one, or already reaped
     */
    public Exit pollExit() throws SysException {
        return waitid(WEXITED | WNOHANG, false);
    }

    private Exit waitid(int options, boolean block) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(128, 8);
            Native.syscall("waitid", Nr.WAITID, P_PIDFD, fd.number(), info.address(), options, 0, 0,
                    String.valueOf(pid));
            int reportedPid = info.get(ValueLayout.JAVA_INT, 16);
            if (reportedPid == 0 && !block) {
                return null;
            }
            int code = info.get(ValueLayout.JAVA_INT, 8);
            int status = info.get(ValueLayout.JAVA_INT, 24);
            return switch (code) {
                case CLD_EXITED -> new Exit(status, 0);
                case CLD_KILLED, CLD_DUMPED -> new Exit(0, status);
                default -> throw new IllegalStateException("waitid: unexpected si_code " + code);
            };
        }
    }

    @Override
    public void close() {
        fd.close();
    }
}
