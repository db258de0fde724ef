package io.hako.container;

import io.hako.container.internal.StandardStreams;
import io.hako.sys.Pidfd;
import io.hako.sys.SysException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * A process {@link Container#exec} started in a running container: signal it, wait for it, read and write its
 * piped streams, and {@link #close()} it, which kills it if it still runs. It ends at the latest with its container.
 * Methods may be called from several threads: {@link #close()} from one ends a {@link #waitFor()} in another.
 */
public final class ContainerProcess implements AutoCloseable {
    private static final int SIGKILL = 9;

    private final Containers containers;
    /** Pins the process: signals cannot reach another one that got its pid. */
    private final Pidfd process;
    private final StandardStreams streams;
    private final Consumer<ContainerProcess> closed;
    private final Object waiting = new Object();
    /** Its status once reaped; guarded by {@link #waiting}, read without it only to skip a signal. */
    private volatile Integer status;

    /** {@code closed} is told when {@link #close()} is done. */
    ContainerProcess(Containers containers, Pidfd process, StandardStreams streams,
            Consumer<ContainerProcess> closed) {
        this.containers = containers;
        this.process = process;
        this.streams = streams;
        this.closed = closed;
    }

    /** {@return its pid on the host} */
    public int pid() {
        return process.pid();
    }

    /**
     * Sends it {@code signal}; nothing once it has exited. A process handle, not the pid, names it: a signal never
     * reaches another process that got its pid.
     *
     * @param signal the signal's number
     * @throws ContainerException when the kernel refuses the signal (not for a process that has exited)
     */
    public void signal(int signal) throws ContainerException {
        if (status != null) {
            return;
        }
        try {
            process.sendSignal(signal);
        } catch (SysException e) {
            if (!"ESRCH".equals(e.errnoName())) { // exited meanwhile
                throw new ContainerException(ContainerException.Kind.FAILED, null,
                        "signal process " + pid() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Waits for it to exit, and reaps it. Later calls return the same status.
     *
     * @return its status: its exit code, or 128 + N for signal N
     * @throws ContainerException when it cannot be waited for
     */
    public int waitFor() throws ContainerException {
        synchronized (waiting) {
            if (status == null) {
                status = containers.waitForProcess(process.pid());
            }
            return status;
        }
    }

    /**
     * The pipe to its standard input; closing it is the process's end of input.
     *
     * @return this JVM's end of the pipe, the same stream at every call
     * @throws IllegalStateException when stdin was not {@link Stdio#pipe()}
     */
    public OutputStream stdin() {
        return piped(streams.stdin(), "stdin");
    }

    /**
     * The pipe from its standard output.
     *
     * @return this JVM's end of the pipe, the same stream at every call
     * @throws IllegalStateException when stdout was not {@link Stdio#pipe()}
     */
    public InputStream stdout() {
        return piped(streams.stdout(), "stdout");
    }

    /**
     * The pipe from its standard error.
     *
     * @return this JVM's end of the pipe, the same stream at every call
     * @throws IllegalStateException when stderr was not {@link Stdio#pipe()}
     */
    public InputStream stderr() {
        return piped(streams.stderr(), "stderr");
    }

    private <T> T piped(T stream, String name) {
        if (stream == null) {
            throw new IllegalStateException(name + " of process " + pid() + " is not a pipe: choose Stdio.pipe()");
        }
        return stream;
    }

    /**
     * Kills it if it still runs, reaps it, and closes this JVM's ends of its pipes.
     *
     * @throws ContainerException when it could not be killed or reaped; the pipes are closed even then
     */
    @Override
    public void close() throws ContainerException {
        try {
            signal(SIGKILL);
            waitFor();
        } finally {
            streams.close();
            process.close();
            closed.accept(this);
        }
    }

    /** What it is, for logs. */
    @Override
    public String toString() {
        return "ContainerProcess[pid " + pid() + "]";
    }
}
