package io.hako.container.internal;

import io.hako.sys.Errno;
import io.hako.sys.Pidfd;
import io.hako.sys.SysException;
import io.hako.sys.Sys;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Signals a container's processes and waits for them to go.
 *
 * <p>SIGTERM and SIGKILL, nearly all that engines send, go through {@link ProcessHandle}: it is in java.base
 * (in the AOT cache, no native code to link, which costs a CLI call some 20 ms), and it checks the process's
 * start time before it signals, so a reused pid is not hit. Other signals go through a pidfd.
 */
final class Signals {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private Signals() {}

    /**
     * Sends {@code signal} to the process {@code pid} if it is still the one that started at {@code startTime}
     * (clock ticks since boot) and has not exited; returns whether it was sent.
     */
    static boolean send(int pid, long startTime, int signal) throws SysException, IOException {
        if (signal == SIGKILL || signal == SIGTERM) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !ProcStat.isRunning(pid, startTime)) {
                return false;
            }
            // The handle holds the start time read when it was made, which was then this process's.
            return signal == SIGKILL ? process.get().destroyForcibly() : process.get().destroy();
        }
        try (Pidfd process = Pidfd.open(pid)) {
            // The pidfd pins the process: if its start time still matches, the signal cannot hit another one.
            if (!ProcStat.isRunning(pid, startTime)) {
                return false;
            }
            process.sendSignal(signal);
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Waits, at most {@code timeout}, until the process that started at {@code startTime} has exited; returns
     * whether it has. When it is this JVM's child (a library user that created the container in-process), it is
     * reaped too; otherwise its parent (the engine's subreaper) reaps it and this only watches it die. Bounded:
     * a killed process in a frozen cgroup does not die until it is thawed, and no command may hang on that.
     */
    static boolean awaitExit(int pid, long startTime, Duration timeout) throws SysException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProcStat stat = ProcStat.read(pid);
        if (stat == null || stat.startTime() != startTime) {
            return true;
        }
        if (stat.parentPid() == ProcessHandle.current().pid()) {
            try (Pidfd child = Pidfd.open(pid)) {
                // A pidfd is readable once its process has exited.
                if (Sys.pollIn((int) Math.max(1, timeout.toMillis()), child.fd())[0] == 0) {
                    return false;
                }
                child.waitExit();
                return true;
            } catch (SysException e) {
                if (e.errno() != Errno.ESRCH && e.errno() != Errno.ECHILD) {
                    throw e;
                }
            }
        }
        long pause = 1;
        while (ProcStat.isRunning(pid, startTime)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for pid " + pid + " to exit", e);
            }
            pause = Math.min(pause * 2, 20);
        }
        return true;
    }
}
