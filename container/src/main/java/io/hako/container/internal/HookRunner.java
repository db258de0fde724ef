package io.hako.container.internal;

import io.hako.oci.config.Hook;
import io.hako.sys.Fd;
import io.hako.sys.Memfd;
import io.hako.sys.Pidfd;
import io.hako.sys.Spawn;
import io.hako.sys.SysException;
import io.hako.sys.Sys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the hooks hako runs itself, in the runtime's namespaces (prestart, createRuntime, poststart, poststop):
 * each with the container's state on its stdin, its {@code args} as argv (its first element being argv[0], which
 * a ProcessBuilder cannot give, hence posix_spawn), its {@code env} or else hako's own environment (as runc's and
 * crun's hooks get theirs), and killed once its {@code timeout} is up.
 * What it prints goes into the error when it fails.
 */
final class HookRunner {
    /** A hook that failed, timed out or could not be started; the message says which and how. */
    static final class HookException extends Exception {
        HookException(String message) {
            super(message);
        }
    }

    private HookRunner() {}

    /** Runs {@code hooks} in order, stopping at the first that fails. */
    static void run(String kind, List<Hook> hooks, byte[] state) throws HookException {
        if (hooks == null) {
            return;
        }
        for (Hook hook : hooks) {
            run(kind, hook, state);
        }
    }

    static void run(String kind, Hook hook, byte[] state) throws HookException {
        List<String> argv = hook.args() == null || hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
        try (Fd stdin = Memfd.sealed("hako-hook-state", state); Fd output = Memfd.create("hako-hook-output")) {
            int pid = Spawn.spawn(hook.path(), argv, hook.env() == null ? ownEnvironment() : hook.env(),
                    Map.of(0, stdin, 1, output, 2, output));
            try (Pidfd process = Pidfd.open(pid)) {
                long timeout = hook.timeout() == null ? -1 : hook.timeout() * 1000;
                short[] ready = Sys.pollIn((int) Math.min(timeout, Integer.MAX_VALUE), process.fd());
                if (ready[0] == 0) {
                    process.sendSignal(9);
                    process.waitExit();
                    throw new HookException(kind + " hook " + hook.path() + " did not finish within "
                            + hook.timeout() + " s and was killed");
                }
                Pidfd.Exit exit = process.waitExit();
                if (exit.status() != 0) {
                    String printed = new String(Memfd.contents(output), StandardCharsets.UTF_8).strip();
                    throw new HookException(kind + " hook " + hook.path() + " failed: "
                            + (exit.signal() != 0 ? "signal " + exit.signal() : "exit status " + exit.code())
                            + (printed.isEmpty() ? "" : ": " + printed));
                }
            }
        } catch (SysException e) {
            throw new HookException(kind + " hook " + hook.path() + ": " + e.getMessage());
        }
    }

    /** hako's environment, for a hook that names none: engines pass PATH and the like through the runtime. */
    private static List<String> ownEnvironment() {
        List<String> environment = new ArrayList<>();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) { // no lambda: none to spin at start
            environment.add(variable.getKey() + "=" + variable.getValue());
        }
        return environment;
    }
}
