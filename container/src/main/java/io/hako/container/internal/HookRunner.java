package io.hako.container.internal;

import io.hako.container.ProcessLauncher;
import io.hako.oci.config.Hook;
import io.hako.sys.Fd;
import io.hako.sys.Memfd;
import io.hako.sys.Pidfd;
import io.hako.sys.SysException;
import io.hako.sys.Sys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the hooks hako runs itself, in the runtime's namespaces (prestart, createRuntime, poststart, poststop):
 * each with the container's state on its stdin, its {@code args} as argv (its first element being argv[0], which
 * a ProcessBuilder cannot give), its {@code env} or else the environment of hako's caller (as runc's and crun's
 * hooks get theirs), started by the {@link ProcessLauncher} (hako itself, or its client for a resident hako) and
 * killed once its {@code timeout} is up.
 * What it prints goes into the error when it fails, which has runc's words, matched by people and tools:
 * {@code error running hook #0: prestart hook /bin/x: exit status 1, stdout: ..., stderr: ...} on one line.
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
    static void run(ProcessLauncher launcher, String kind, List<Hook> hooks, byte[] state) throws HookException {
        if (hooks == null) {
            return;
        }
        for (int i = 0; i < hooks.size(); i++) {
            run(launcher, kind, i, hooks.get(i), state);
        }
    }

    /**
     * Runs hooks whose failure the spec makes a warning (poststart, poststop): the rest run, the operation goes on.
     */
    static void runOrWarn(ProcessLauncher launcher, Consumer<String> warnings, String kind, List<Hook> hooks,
            byte[] state) {
        if (hooks == null) {
            return;
        }
        for (int i = 0; i < hooks.size(); i++) {
            try {
                run(launcher, kind, i, hooks.get(i), state);
            } catch (HookException e) {
                warnings.accept(e.getMessage());
            }
        }
    }

    /** Runs the {@code index}th hook of {@code kind}. */
    static void run(ProcessLauncher launcher, String kind, int index, Hook hook, byte[] state)
            throws HookException {
        List<String> argv = hook.args() == null || hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
        String which = "error running hook #" + index + ": " + kind + " hook " + hook.path() + ": ";
        try (Fd stdin = Memfd.sealed("hako-hook-state", state); Fd stdout = Memfd.create("hako-hook-stdout");
                Fd stderr = Memfd.create("hako-hook-stderr")) {
            ProcessLauncher.Launched launched = launcher.launch(new ProcessLauncher.Launch(null, hook.path(), argv,
                    hook.env() == null ? launcher.callerEnvironment() : hook.env(),
                    Map.of(0, stdin, 1, stdout, 2, stderr)));
            try (Pidfd process = Pidfd.open(launched.pid())) {
                long timeout = hook.timeout() == null ? -1 : hook.timeout() * 1000;
                short[] ready = Sys.pollIn((int) Math.min(timeout, Integer.MAX_VALUE), process.fd());
                if (ready[0] == 0) {
                    process.sendSignal(9);
                    launched.waitExit();
                    throw new HookException(which + "ran past its timeout of " + hook.timeout()
                            + " s and was killed");
                }
                Pidfd.Exit exit = launched.waitExit();
                if (exit.status() != 0) {
                    throw new HookException(which + (exit.signal() != 0 ? "signal " + exit.signal()
                            : "exit status " + exit.code()) + ", stdout: " + printed(stdout) + ", stderr: "
                            + printed(stderr));
                }
            }
        } catch (SysException e) {
            throw new HookException(which + e.getMessage());
        }
    }

    /** What a hook wrote, its line breaks written as {@code \n} as runc's log shows them: the error is one line. */
    private static String printed(Fd output) throws SysException {
        return new String(Memfd.contents(output), StandardCharsets.UTF_8).replace("\r", "\\r")
                .replace("\n", "\\n");
    }

}
