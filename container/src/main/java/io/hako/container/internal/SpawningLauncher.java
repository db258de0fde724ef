package io.hako.container.internal;

import io.hako.container.ProcessLauncher;
import io.hako.sys.Fd;
import io.hako.sys.Pidfd;
import io.hako.sys.Spawn;
import io.hako.sys.SysException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link ProcessLauncher#spawning()}: posix_spawn from this process, which then reaps its children itself. */
public final class SpawningLauncher implements ProcessLauncher {
    public static final SpawningLauncher INSTANCE = new SpawningLauncher();

    private SpawningLauncher() {}

    @Override
    public Launched launch(Launch launch) throws SysException {
        // A descriptor's program is started by the path through this process's table, resolved before the
        // child's descriptors are closed.
        String path = launch.executable() != null
                ? "/proc/" + ProcessHandle.current().pid() + "/fd/" + launch.executable().number() : launch.path();
        int pid = Spawn.spawn(path, launch.argv(), launch.env(), launch.fds());
        return new Launched() {
            @Override
            public int pid() {
                return pid;
            }

            @Override
            public Pidfd.Exit waitExit() throws SysException {
                try (Pidfd process = Pidfd.open(pid)) {
                    return process.waitExit();
                }
            }
        };
    }

    @Override
    public Pidfd.Exit attach(int pid, Fd terminal, InputStream in, OutputStream out) throws SysException {
        try (Pidfd process = Pidfd.open(pid)) {
            if (terminal == null) {
                return process.waitExit();
            }
            Console relay = Console.relay("tty-" + pid, terminal, in, out);
            Pidfd.Exit exit = process.waitExit();
            try {
                relay.drain();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the status stands; what it printed last may be cut
            }
            return exit;
        }
    }

    @Override
    public Fd callerDescriptor(int number) {
        return Fd.adopt(number); // posix_spawn's dup2 says EBADF when there is none
    }

    @Override
    public long callerPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public List<String> callerEnvironment() {
        List<String> environment = new ArrayList<>();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) { // no lambda: none to spin at start
            environment.add(variable.getKey() + "=" + variable.getValue());
        }
        return environment;
    }
}
