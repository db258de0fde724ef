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
 *
 * <p>A launcher is called from the threads that call the {@link Containers} using it: one shared by concurrent
 * calls must allow them.
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
        /**
         * Checks that there is one program, and copies the lists and the map.
         *
         * @throws IllegalArgumentException when both or neither of {@code executable} and {@code path} are given
         */
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
        /** {@return its pid, in this process's pid namespace} */
        int pid();

        /**
         * Waits until it exits, and reaps it.
         *
         * @return how it ended: its exit code or the signal that killed it
         * @throws SysException when it cannot be waited for (reaped already, or the caller it was started in
         *     cannot be reached)
         */
        Pidfd.Exit waitExit() throws SysException;
    }

    /**
     * Starts a process, returning once it exists (its program may not have run yet).
     *
     * @param launch the program, its arguments, environment and descriptors
     * @return the started process, to wait for
     * @throws SysException when it cannot be started (the kernel's errno: ENOENT for a missing program, ...)
     */
    Launched launch(Launch launch) throws SysException;

    /**
     * Stays with {@code pid} until it exits, and reaps it: a process the stage made a child of the side this
     * launcher starts processes on (a container's init, an exec'd process). Given {@code terminal}, a pty's master,
     * the terminal is relayed meanwhile — the caller's standard input to it, it to the caller's standard output,
     * and what the process printed last once it has exited — where {@code in} and {@code out} are this process's
     * view of the caller's streams. A launcher that starts processes in a caller also passes that caller's
     * signals (INT, TERM, HUP, QUIT, USR1, USR2) on to {@code pid} meanwhile, as the caller would waiting itself;
     * {@link #spawning()} leaves this process's own signals to the program (hako's command line forwards them).
     *
     * @param pid the process, in this process's pid namespace
     * @param terminal the pty master of the process's terminal, to relay; or null for none, and then {@code in}
     *     and {@code out} may be null too
     * @param in where the relayed terminal's input comes from
     * @param out where the relayed terminal's output goes
     * @return how it ended
     * @throws SysException when it cannot be waited for (not a child of the launcher's side, reaped already)
     */
    Pidfd.Exit attach(int pid, Fd terminal, InputStream in, OutputStream out) throws SysException;

    /**
     * The caller's descriptor {@code number} (3 and up: what {@code --preserve-fds} and {@code LISTEN_FDS} hand on),
     * as this process holds it, to give {@link #launch}: borrowed, the launcher's to close. {@link #spawning()}:
     * this process's own descriptor at that number.
     *
     * @param number the descriptor's number in the caller
     * @return the descriptor as this process holds it
     * @throws SysException EBADF when the caller has none at {@code number}
     */
    Fd callerDescriptor(int number) throws SysException;

    /**
     * {@return the pid of the caller hako acts for: the process that ran hako, whose pid systemd knows
     * ({@code LISTEN_PID})}
     */
    long callerPid();

    /**
     * {@return the environment of the caller hako acts for, {@code NAME=value}: what a hook without {@code env}
     * gets}
     */
    List<String> callerEnvironment();

    /** {@return the launcher that starts processes from this one, with {@code posix_spawn}, in its environment} */
    static ProcessLauncher spawning() {
        return SpawningLauncher.INSTANCE;
    }

    /**
     * {@return whether {@code launcher} is not {@link #spawning()}: its processes are not this process's children}
     *
     * @param launcher the launcher in use
     */
    static boolean startsElsewhere(ProcessLauncher launcher) {
        return !Objects.equals(launcher, spawning());
    }
}
