package io.hako.cli.daemon;

import io.hako.container.ProcessLauncher;
import io.hako.sys.Fd;
import io.hako.sys.Pidfd;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts a call's processes in its caller, the {@code hako} client: over the call's own connection, the client
 * forks and execs each (the stage from the descriptor attached, a hook by its path), with the descriptors attached
 * at the numbers asked and its own standard streams for the rest, and waits for them when asked. So they are the
 * caller's children, as on the cold path, where hako-jvm (the caller's process) starts them.
 */
final class ClientLauncher implements ProcessLauncher {
    private final UnixSocket connection;
    private final long callerPid;
    private final List<String> callerEnvironment;
    private final Map<Integer, Fd> callerFds;
    private boolean used;

    /**
     * @param callerFds the caller's descriptors above its standard streams, by their numbers there: this process's
     *     copies, which the call's end closes
     */
    ClientLauncher(UnixSocket connection, long callerPid, Map<String, String> callerEnvironment,
            Map<Integer, Fd> callerFds) {
        this.connection = connection;
        this.callerPid = callerPid;
        this.callerFds = Map.copyOf(callerFds);
        List<String> environment = new ArrayList<>();
        callerEnvironment.forEach((name, value) -> environment.add(name + "=" + value));
        this.callerEnvironment = List.copyOf(environment);
    }

    /** Whether a process was started: after that, the call can no longer be sent back cold. */
    synchronized boolean used() {
        return used;
    }

    @Override
    public synchronized Launched launch(Launch launch) throws SysException {
        List<Fd> attached = new ArrayList<>();
        if (launch.executable() != null) {
            attached.add(launch.executable());
        }
        List<int[]> layout = new ArrayList<>();
        for (var entry : new TreeMap<>(launch.fds()).entrySet()) {
            layout.add(new int[] {entry.getKey(), attached.size()});
            attached.add(entry.getValue());
        }
        if (attached.size() > DaemonProtocol.SPAWN_MAX_FDS) {
            throw new SysException("spawn", 7 /* E2BIG */, launch.argv().getFirst() + ": "
                    + attached.size() + " descriptors to pass, at most " + DaemonProtocol.SPAWN_MAX_FDS);
        }
        used = true;
        connection.send(DaemonProtocol.spawn(launch.executable() != null,
                launch.path() == null ? "" : launch.path(), launch.argv(), launch.env(), layout),
                attached.toArray(Fd[]::new));
        int pid = answer(DaemonProtocol.SPAWNED, launch.argv().getFirst());
        if (pid < 0) {
            throw new SysException("spawn", -pid, launch.path() == null ? launch.argv().getFirst() : launch.path());
        }
        return new Launched() {
            @Override
            public int pid() {
                return pid;
            }

            @Override
            public Pidfd.Exit waitExit() throws SysException {
                return waitFor(pid, 0);
            }
        };
    }

    /**
     * A foreground call's wait, done by the client: the caller's signals go on to {@code pid} meanwhile, and the
     * terminal, if any, is relayed between the client's own standard streams (which {@code in} and {@code out}
     * are here) and the pty.
     */
    @Override
    public Pidfd.Exit attach(int pid, Fd terminal, InputStream in, OutputStream out) throws SysException {
        return terminal == null ? waitFor(pid, DaemonProtocol.WAIT_FORWARD_SIGNALS)
                : waitFor(pid, DaemonProtocol.WAIT_FORWARD_SIGNALS | DaemonProtocol.WAIT_RELAY_TERMINAL, terminal);
    }

    private synchronized Pidfd.Exit waitFor(int pid, int flags, Fd... attached) throws SysException {
        connection.send(DaemonProtocol.waitFor(pid, flags), attached);
        int status = answer(DaemonProtocol.WAITED, String.valueOf(pid));
        if (status < 0) {
            throw new SysException("waitpid", -status, String.valueOf(pid));
        }
        // waitpid's status: the signal in the low 7 bits, else the exit code above them.
        int signal = status & 0x7f;
        return signal == 0 ? new Pidfd.Exit((status >> 8) & 0xff, 0) : new Pidfd.Exit(0, signal);
    }

    private int answer(int expected, String subject) throws SysException {
        UnixSocket.Message message = connection.receive(64);
        message.fds().forEach(Fd::close);
        try {
            return DaemonProtocol.answer(message.data(), expected);
        } catch (DaemonProtocol.MalformedRequest e) {
            throw new SysException("the client", 71 /* EPROTO */, subject + ": " + e.getMessage());
        }
    }

    @Override
    public Fd callerDescriptor(int number) throws SysException {
        Fd fd = callerFds.get(number);
        if (fd == null) {
            throw new SysException("the caller's descriptors", 9 /* EBADF */, "none at " + number);
        }
        return fd;
    }

    @Override
    public long callerPid() {
        return callerPid;
    }

    @Override
    public List<String> callerEnvironment() {
        return callerEnvironment;
    }
}
