package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;
import static io.hako.container.internal.Lifecycle.reason;

import io.hako.container.ContainerException;
import io.hako.container.CreateOptions;
import io.hako.container.ProcessLauncher;
import io.hako.sys.Fd;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * run in the foreground, apart from {@link Lifecycle}: create, start, stay with the init relaying its terminal
 * (with a notify socket, its readiness forwarded meanwhile), then delete.
 */
final class ForegroundRun {
    private final Lifecycle lifecycle;
    private final Creation creation;
    private final Consumer<String> warnings;
    private final ProcessLauncher launcher;

    ForegroundRun(Lifecycle lifecycle, Creation creation, Consumer<String> warnings, ProcessLauncher launcher) {
        this.lifecycle = lifecycle;
        this.creation = creation;
        this.warnings = warnings;
        this.launcher = launcher;
    }

    /** See {@link io.hako.container.Containers#runAttached}. */
    int run(String id, Path bundle, CreateOptions options, boolean keep, InputStream in, OutputStream out)
            throws ContainerException {
        Creation.Created created = creation.create(id, Creation.Source.onDisk(bundle), options, true, Map.of());
        NotifySocket listening = null;
        try (Fd master = created.console()) {
            Thread forwarding = null;
            if (options.notifySocket() != null) {
                listening = NotifySocket.bind(lifecycle.notifySocketPath(id));
            }
            lifecycle.start(id);
            if (listening != null) {
                // In the foreground, hako is what systemd watches: its caller's pid is the main one, as runc's is.
                forwarding = forwardInBackground(id, listening, options.notifySocket(), created.info().pid());
            }
            int status = lifecycle.attach(id, created.info().pid(), master, in, out);
            if (forwarding != null) {
                forwarding.join(); // ends with the init
            }
            if (!keep) {
                lifecycle.delete(id, true);
            }
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(id, "run: interrupted", e);
        } catch (SysException | IOException e) {
            ContainerException failure = failed(id, "run: notify socket: " + reason(e), e);
            try {
                lifecycle.delete(id, true);
            } catch (ContainerException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        } catch (ContainerException e) {
            try {
                lifecycle.delete(id, true);
            } catch (ContainerException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            if (listening != null) {
                listening.close();
            }
        }
    }

    /**
     * A foreground run's readiness, forwarded while the container runs; a failure to forward is a warning, the
     * container goes on (runc ignores it).
     */
    private Thread forwardInBackground(String id, NotifySocket listening, String host, int init) {
        int mainPid = (int) launcher.callerPid();
        return Thread.ofPlatform().name("notify-" + id).daemon().start(() -> {
            try {
                listening.forwardReady(host, init, mainPid);
            } catch (SysException e) {
                warnings.accept("notify socket: " + e.getMessage());
            } catch (IOException e) {
                warnings.accept(reason(e));
            }
        });
    }
}
