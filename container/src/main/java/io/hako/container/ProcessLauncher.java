package io.hako.container;

import io.hako.container.internal.SpawningLauncher;
import io.hako.sys.Fd;
import io.hako.sys.Pidfd;
import io.hako.sys.SysException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts the processes container operations need — the native stage, which forks the container's init, and the
 * hooks hako runs — and waits for them. {@link #spawning()} starts them from this process. A program that acts for
 * others (hako's resident hako, for its client) starts them in its caller instead, so that a container's init is
 * the caller's descendant, with the caller's cgroup, session, terminal and subreaper, exactly as if the caller had
 * run hako itself.
 */
public interface ProcessLauncher {
    /**
     * A process to start.
     *
     * @param executable an open descriptor of the program (the sealed stage), or null to run {@code path}
     * @param path the program's path, when {@code executable} is null
     * @param argv its arguments, argv[0] included
     * @param env its environment, {@code NAME=value}
     * @param fds descriptors it gets, by the number it gets each at; a standard stream (0, 1, 2) not among them is
     *     the caller's own
     */
    record Launch(Fd executable, String path, List<String> argv, List<String> env, Map<Integer, Fd> fds) {
        public Launch {
            if ((executable == null) == (path == null)) {
                throw new IllegalArgumentException("a program to start: an executable descriptor or a path");
            }
            argv = List.copyOf(argv);
            env = List.copyOf(env);
            fds = Map.copyOf(fds);
        }
    }

    /** A started process: the launcher's child, which only the launcher waits for. */
    interface Launched {
        int pid();

        /** Waits until it exits, and reaps it. */
        Pidfd.Exit waitExit() throws SysException;
    }

    /** Starts a process. */
    Launched launch(Launch launch) throws SysException;

    /**
     * Stays with {@code pid} until it exits, and reaps it: a process the stage made a child of the side this
     * launcher starts processes on (a container's init, an exec'd process). Given {@code terminal}, a pty's master,
     * the terminal is relayed meanwhile — the caller's standard input to it, it to the caller's standard output,
     * and what the process printed last once it has exited — where {@code in} and {@code out} are this process's
     * view of the caller's streams. A launcher that starts processes in a caller also passes that caller's
     * signals (INT, TERM, HUP, QUIT, USR1, USR2) on to {@code pid} meanwhile, as the caller would waiting itself;
     * {@link #spawning()} leaves this process's own signals to the program (hako's command line forwards them).
     */
    Pidfd.Exit attach(int pid, Fd terminal, InputStream in, OutputStream out) throws SysException;

    /**
     * The caller's descriptor {@code number} (3 and up: what {@code --preserve-fds} and {@code LISTEN_FDS} hand on),
     * as this process holds it, to give {@link #launch}: borrowed, the launcher's to close. {@link #spawning()}:
     * this process's own descriptor at that number.
     *
     * @throws SysException EBADF when the caller has none at {@code number}
     */
    Fd callerDescriptor(int number) throws SysException;

    /** The pid of the caller hako acts for: the process that ran hako, whose pid systemd knows ({@code LISTEN_PID}). */
    long callerPid();

    /** The environment of the caller hako acts for: what a hook without {@code env} gets. */
    List<String> callerEnvironment();

    /** Starts processes from this one, with {@code posix_spawn}, in this process's environment. */
    static ProcessLauncher spawning() {
        return SpawningLauncher.INSTANCE;
    }

    /** Whether {@code launcher} is not {@link #spawning()} (its processes are not this process's children). */
    static boolean startsElsewhere(ProcessLauncher launcher) {
        return !Objects.equals(launcher, spawning());
    }
}
