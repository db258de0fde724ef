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

    /** Opens a descriptor for a live process; ESRCH if there is none. */
    public static Pidfd open(int pid) throws SysException {
        return new Pidfd(Fd.adopt((int) Native.syscall("pidfd_open", Nr.PIDFD_OPEN, pid, 0, 0,
                String.valueOf(pid))), pid);
    }

    public int pid() {
        return pid;
    }

    public Fd fd() {
        return fd;
    }

    /** Sends {@code signal}; ESRCH once the process has exited. */
    public void sendSignal(int signal) throws SysException {
        Native.syscall("pidfd_send_signal", Nr.PIDFD_SEND_SIGNAL, fd.number(), signal, 0, 0, 0, 0,
                String.valueOf(pid));
    }

    /** How a process ended. */
    public record Exit(int code, int signal) {
        /** The shell's convention: the exit code, or 128 + the signal that killed it. */
        public int status() {
            return signal != 0 ? 128 + signal : code;
        }
    }

    /** Waits until the process (a child of this one) exits, and reaps it. */
    public Exit waitExit() throws SysException {
        return waitid(WEXITED, true);
    }

    /** Reaps the process if it has exited; null while it runs. */
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
