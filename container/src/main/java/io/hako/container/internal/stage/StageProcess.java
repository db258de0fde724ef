package io.hako.container.internal.stage;

import io.hako.container.ProcessLauncher;
import io.hako.container.internal.plan.Plan;
import io.hako.container.internal.plan.PlanEncoder;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Memfd;
import io.hako.sys.Pidfd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a plan through the native stage and speaks its side of the sync protocol ({@code sync.h}): starts the
 * stage from a sealed memfd with the sync socket and the plan (a sealed memfd) at the two descriptors after those
 * the caller passes, writes the id maps when the intermediate asks, learns the init's pid, and returns when the
 * init reports ready — or throws with the stage's own account of what failed.
 */
public final class StageProcess {
    static final int NEED_ID_MAPS = 1;
    static final int INIT_PID = 2;
    static final int READY = 3;
    static final int ERROR = 4;
    static final int CONSOLE = 5;
    static final int SECCOMP_LISTENER = 6;
    static final int NEED_CGROUP = 7;
    static final int RUN_HOOKS = 8;
    static final int ID_MAPS_WRITTEN = 100;
    static final int CGROUP_JOINED = 101;
    static final int HOOKS_DONE = 102;

    /**
     * What main does when the stage asks: join the intermediate to the container's cgroup, write a new user
     * namespace's id maps, hand on a seccomp notify listener. Each is called on the thread that runs the stage.
     */
    public interface Callbacks {
        /** Moves the intermediate (and so every process it makes) into the container's cgroup. */
        void joinCgroup(int intermediatePid) throws Exception;

        /** Writes the id maps of the user namespace the intermediate made and waits in. */
        void writeIdMaps(int intermediatePid) throws Exception;

        /**
         * Takes the seccomp notify listener the init made (to send it to the spec's listenerPath), as soon as
         * both it and the init's pid are known, before the init goes on: a filter may already notify on what
         * the init does next. The callee owns the descriptor.
         */
        void seccompListener(int initPid, Fd listener) throws Exception;

        /**
         * Runs the prestart and createRuntime hooks while the init waits with its mounts made, and returns the
         * container's state (JSON) for the hooks the init runs itself.
         */
        byte[] runCreateHooks(int initPid) throws Exception;
    }

    /**
     * An init that is ready.
     *
     * @param initPid its pid, a child of this process
     * @param console the master of its pseudo-terminal when the plan made one (the caller owns it), else null
     * @param consoleName the pseudo-terminal's name in the container, {@code /dev/pts/0}, or null
     */
    public record Started(int initPid, Fd console, String consoleName) {}

    private StageProcess() {}

    /**
     * Runs {@code plan}. {@code fds} are passed to the stage at the numbers given (standard streams 0-2 included:
     * the container's process inherits them, and preserved descriptors from 3 up); the stage's own two come
     * right after the highest. Returns the init's pid once it is ready; the init is then a child of this process.
     */
    public static Started run(ProcessLauncher launcher, Plan plan, Map<Integer, Fd> fds, Callbacks callbacks)
            throws StageException, SysException {
        int syncFd = Math.max(3, fds.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
        int planFd = syncFd + 1;
        UnixSocket[] pair = UnixSocket.pair();
        Started started = null;
        Fd stage = StageBinary.sealedCopy();
        try (UnixSocket mine = pair[0];
             Fd planMemfd = Memfd.sealed("hako-plan", PlanEncoder.encode(plan))) {
            Map<Integer, Fd> passed = new HashMap<>(fds);
            passed.put(syncFd, pair[1].fd());
            passed.put(planFd, planMemfd);
            ProcessLauncher.Launched launched;
            try (UnixSocket theirs = pair[1]) {
                launched = launcher.launch(new ProcessLauncher.Launch(stage, null,
                        List.of("hako-stage", "--run", String.valueOf(syncFd), String.valueOf(planFd)), List.of(),
                        passed));
            }
            int intermediate = launched.pid();
            try (Pidfd intermediateProcess = Pidfd.open(intermediate)) {
                try {
                    started = converse(plan, mine, intermediate, callbacks);
                } catch (StageException | SysException | RuntimeException e) {
                    killQuietly(intermediateProcess, e); // it may be waiting for an answer that will not come
                    throw e;
                }
                Pidfd.Exit exit = launched.waitExit();
                if (exit.status() != 0) {
                    throw new StageException(-1, "", 0, "the stage's intermediate process exited with status "
                            + exit.status());
                }
            }
            return started;
        } catch (StageException | SysException | RuntimeException e) {
            if (started != null) {
                killQuietly(started.initPid(), e);
                if (started.console() != null) {
                    started.console().close();
                }
            }
            throw e;
        } finally {
            pair[1].close();
        }
    }

    /**
     * Answers the stage until the init is ready. Messages of the intermediate and the init interleave (the init
     * may be ready before its pid arrives). After an error the socket is read to its end, so that the init's pid is
     * known and every stage process has exited, then the init is reaped and the error thrown.
     */
    private static Started converse(Plan plan, UnixSocket socket, int intermediate, Callbacks callbacks)
            throws StageException, SysException {
        int initPid = -1;
        boolean ready = false;
        Fd console = null;
        String consoleName = null;
        Fd listener = null;
        boolean hooksAsked = false;
        StageException failure = null;
        while (failure != null || !ready || initPid <= 0) {
            UnixSocket.Message message = socket.receive(4096);
            byte[] data = message.data();
            int type = data.length >= 4 ? ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt() : -1;
            if (type == CONSOLE && message.fds().size() == 1 && console == null) {
                console = message.fds().get(0);
                consoleName = new String(data, 4, data.length - 4, StandardCharsets.UTF_8);
            } else if (type == SECCOMP_LISTENER && message.fds().size() == 1 && listener == null) {
                listener = message.fds().get(0);
            } else {
                message.fds().forEach(Fd::close);
            }
            if (data.length == 0) { // every stage process has closed its end
                if (failure == null) {
                    failure = new StageException(-1, "", 0, initPid > 0
                            ? "the container's init exited before it was ready"
                            : "the stage exited before it started the container's init");
                }
                if (initPid > 0) {
                    killQuietly(initPid, failure);
                }
                if (console != null) {
                    console.close();
                }
                if (listener != null) {
                    listener.close();
                }
                throw failure;
            }
            ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            switch (in.getInt()) {
                case NEED_ID_MAPS -> {
                    try {
                        callbacks.writeIdMaps(intermediate);
                    } catch (Exception e) {
                        throw new StageException(-1, "await-id-maps", 0, "write id maps: " + e.getMessage());
                    }
                    reply(socket, ID_MAPS_WRITTEN);
                }
                case RUN_HOOKS -> hooksAsked = true;
                case NEED_CGROUP -> {
                    try {
                        callbacks.joinCgroup(intermediate);
                    } catch (Exception e) {
                        throw new StageException(-1, "await-cgroup", 0, "join the cgroup: " + e.getMessage());
                    }
                    reply(socket, CGROUP_JOINED);
                }
                case INIT_PID -> initPid = in.getInt();
                case READY -> ready = true;
                case CONSOLE -> {
                    if (console == null) {
                        throw new StageException(-1, "console", 0, "the stage sent a console without its descriptor");
                    }
                }
                case SECCOMP_LISTENER -> {
                    if (listener == null) {
                        throw new StageException(-1, "seccomp", 0,
                                "the stage sent a seccomp listener without its descriptor");
                    }
                }
                case ERROR -> {
                    int index = in.getInt();
                    int errno = in.getInt();
                    String detail = new String(data, in.position(), in.remaining(), StandardCharsets.UTF_8);
                    String operation = index >= 0 && index < plan.ops().size()
                            ? plan.ops().get(index).code().label() : "";
                    if (failure == null) {
                        failure = new StageException(index, operation, errno, detail);
                    }
                }
                default -> throw new StageException(-1, "", 0, "unknown message from the stage");
            }
            if (hooksAsked && initPid > 0 && failure == null) {
                // The init asked; its pid (from the intermediate) may come after its question.
                hooksAsked = false;
                try {
                    byte[] state = callbacks.runCreateHooks(initPid);
                    socket.send(ByteBuffer.allocate(4 + state.length).order(ByteOrder.LITTLE_ENDIAN).putInt(HOOKS_DONE)
                            .put(state).array());
                } catch (Exception e) {
                    failure = new StageException(-1, "await-hooks", 0, e.getMessage());
                    Sys.signalIfPresent(initPid, 9);
                }
            }
            if (listener != null && initPid > 0 && failure == null) {
                Fd taken = listener;
                listener = null;
                try {
                    callbacks.seccompListener(initPid, taken);
                } catch (Exception e) {
                    failure = new StageException(-1, "seccomp", 0,
                            "send the seccomp listener: " + e.getMessage());
                    // The init goes on without waiting for main: stop it, so that its end of the socket closes.
                    Sys.signalIfPresent(initPid, 9);
                }
            }
        }
        return new Started(initPid, console, consoleName);
    }

    private static void reply(UnixSocket socket, int type) throws SysException {
        socket.send(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(type).array());
    }

    /**
     * Kills and reaps a half-made init (a child of this process); a failure here is added to the error that caused
     * it, never thrown over it.
     */
    public static void killQuietly(int pid, Exception cause) {
        try (Pidfd init = Pidfd.open(pid)) {
            killQuietly(init, cause);
        } catch (SysException e) {
            if (cause != null && e.errno() != Errno.ESRCH) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void killQuietly(Pidfd process, Exception cause) {
        try {
            try {
                process.sendSignal(9);
            } catch (SysException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
            }
            process.waitExit();
        } catch (SysException e) {
            if (cause != null && e.errno() != Errno.ECHILD) {
                cause.addSuppressed(e);
            }
        }
    }
}
