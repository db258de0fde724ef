package io.hako.container;

import io.hako.container.internal.StandardStreams;
import io.hako.oci.config.Process;
import io.hako.sys.Pidfd;
import io.hako.sys.SysException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A container made by a {@link ContainerBuilder}: start it, signal it, wait for its process, read and write its
 * piped streams, run other processes in it, and {@link #close()} it, which leaves nothing of it on the host. Each
 * operation goes through the {@link Containers} that made it, so the command line sees the same container under
 * the same id. Methods may be called from several threads: {@link #close()} from one ends a {@link #waitFor()} or a
 * read of its output in another.
 */
public final class Container implements AutoCloseable {
    private static final int SIGKILL = 9;

    private final Containers containers;
    private final String id;
    private final int pid;
    private final StandardStreams streams;
    private final Object waiting = new Object();
    /** The init's status once reaped; guarded by {@link #waiting}. */
    private Integer status;
    /** The processes exec started and not yet closed: delete reaps them through their handles. */
    private final Set<ContainerProcess> execs = ConcurrentHashMap.newKeySet();
    private final Object deleting = new Object();
    /** Guarded by {@link #deleting}. */
    private boolean deleted;

    Container(Containers containers, ContainerInfo created, StandardStreams streams) {
        this.containers = containers;
        this.id = created.id();
        this.pid = created.pid();
        this.streams = streams;
    }

    /** {@return the container's id, under which the command line sees it too} */
    public String id() {
        return id;
    }

    /** {@return its init's pid on the host, as it was created; the init may have exited since} */
    public int pid() {
        return pid;
    }

    /**
     * Its state now (status, bundle, annotations, ...), as {@link Containers#state} reads it.
     *
     * @return its state, the status derived now
     * @throws ContainerException {@link ContainerException.Kind#NOT_FOUND} once deleted, or when its state cannot
     *     be read
     */
    public ContainerInfo info() throws ContainerException {
        return containers.state(id);
    }

    /**
     * Lets the created container's init run its process (see {@link Containers#start(String)}).
     *
     * @throws ContainerException when it has already started or stopped, or its init exited before the start
     */
    public void start() throws ContainerException {
        containers.start(id);
    }

    /**
     * Sends {@code signal} to its init. An init with its own pid namespace ignores the signals it has no handler for,
     * except SIGKILL and SIGSTOP.
     *
     * @param signal the signal's number
     * @throws ContainerException {@link ContainerException.Kind#NOT_RUNNING} once its init has exited, or when
     *     signalling failed
     */
    public void signal(int signal) throws ContainerException {
        containers.kill(id, signal, false);
    }

    /**
     * Waits for its init to exit and returns its status: its exit code, or 128 + N when signal N ended it. The
     * init exits only once started (or killed); later calls return the same status.
     *
     * @return the init's status
     * @throws ContainerException when the init cannot be waited for (reaped by other means, or not a child of
     *     the side the {@link ProcessLauncher} starts processes on)
     */
    public int waitFor() throws ContainerException {
        synchronized (waiting) {
            if (status == null) {
                status = containers.waitForExit(id);
            }
            return status;
        }
    }

    /**
     * The pipe to its process's standard input; closing it is the process's end of input.
     *
     * @return this JVM's end of the pipe, the same stream at every call
     * @throws IllegalStateException when stdin was not {@link Stdio#pipe()}
     */
    public OutputStream stdin() {
        return piped(streams.stdin(), "stdin");
    }

    /**
     * The pipe from its process's standard output; at its end once every process of the container holding it has
     * exited.
     *
     * @return this JVM's end of the pipe, the same stream at every call
     * @throws IllegalStateException when stdout was not {@link Stdio#pipe()}
     */
    public InputStream stdout() {
        return piped(streams.stdout(), "stdout");
    }

    /**
     * The pipe from its process's standard error.
     *
     * @return this JVM's end of the pipe, the same stream at every call
     * @throws IllegalStateException when stderr was not {@link Stdio#pipe()}
     */
    public InputStream stderr() {
        return piped(streams.stderr(), "stderr");
    }

    private <T> T piped(T stream, String name) {
        if (stream == null) {
            throw new IllegalStateException(name + " of container " + id + " is not a pipe: choose Stdio.pipe()");
        }
        return stream;
    }

    /**
     * Runs another process in the running container (its namespaces, cgroup and seccomp filter; its own user,
     * capabilities and environment, as {@code process} says), with its standard streams chosen as the init's are.
     * A process with a terminal is refused. The process stays this JVM's child until its handle reaps it.
     *
     * @param process the process to run: its arguments, user, environment, capabilities, ...
     * @param stdin where its standard input comes from
     * @param stdout where its standard output goes
     * @param stderr where its standard error goes
     * @return its handle, to wait for and close
     * @throws ContainerException naming the container and what failed (a missing executable in runc's words)
     */
    public ContainerProcess exec(Process process, Stdio stdin, Stdio stdout, Stdio stderr)
            throws ContainerException {
        Objects.requireNonNull(process, "process");
        StandardStreams execStreams = StandardStreams.open(id, stdin, stdout, stderr);
        int execPid = 0;
        try {
            execPid = containers.lifecycle().execs().exec(id, process, ExecOptions.DEFAULTS,
                    execStreams.forProcess());
            execStreams.processStarted();
            // Its own child, not reaped until waited for: the pid is the process's until then.
            var started = new ContainerProcess(containers, Pidfd.open(execPid), execStreams, execs::remove);
            execs.add(started);
            return started;
        } catch (ContainerException | RuntimeException e) {
            execStreams.close();
            throw e;
        } catch (SysException e) {
            execStreams.close();
            var failure = new ContainerException(ContainerException.Kind.FAILED, id,
                    "exec: watch process " + execPid + ": " + e.getMessage(), e);
            containers.signalProcess(execPid, SIGKILL); // not reaped yet: the pid is still its
            try {
                containers.waitForProcess(execPid);
            } catch (ContainerException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
    }

    /**
     * Deletes the container: its processes are killed (those it runs, exec'd ones included), its init reaped, and
     * its state, bundle (one hako wrote), cgroup and mounts removed. The piped streams stay open, with what the
     * pipes still hold, until {@link #close()}. Does nothing once done, or when the container was deleted by other
     * means (the command line, say).
     *
     * @throws ContainerException when it could not be killed or deleted (see {@link Containers#delete})
     */
    public void delete() throws ContainerException {
        synchronized (deleting) {
            if (deleted) {
                return;
            }
            try {
                containers.kill(id, SIGKILL, true); // every process of it: nothing is left to hold the pipes
            } catch (ContainerException e) {
                if (e.kind() == ContainerException.Kind.NOT_FOUND) {
                    deleted = true; // deleted by other means, which reaped what was this JVM's
                    return;
                }
                throw e;
            }
            for (ContainerProcess exec : execs) {
                exec.waitFor(); // killed above; reaped here, so that its handle keeps its status
            }
            waitFor();
            containers.delete(id, true);
            deleted = true;
        }
    }

    /**
     * {@link #delete()}s the container if it is still there, and closes this JVM's ends of its pipes.
     *
     * @throws ContainerException as {@link #delete()}; the pipes are closed even then
     */
    @Override
    public void close() throws ContainerException {
        try {
            delete();
        } finally {
            streams.close();
        }
    }

    /** What it is, for logs. */
    @Override
    public String toString() {
        return "Container[" + id + ", pid " + pid + "]";
    }
}
