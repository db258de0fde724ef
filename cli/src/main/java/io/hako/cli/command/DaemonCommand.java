package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.cli.daemon.Daemon;
import io.hako.cli.log.Log;
import io.hako.cli.request.DaemonRequest;
import io.hako.container.Rootless;
import io.hako.sys.Fd;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code hako daemon}: the resident hako, in the foreground until its idle timeout (docs/ARCHITECTURE.md). */
final class DaemonCommand {
    private DaemonCommand() {}

    /** The build a client must be for its calls to be taken: the version and the commit, as the client has them. */
    static String build() {
        BuildInfo info = BuildInfo.current();
        return info.version() + "+" + info.commit();
    }

    static void run(DaemonRequest request, Invocation invocation, Log log) throws CommandError {
        int uid = (int) ProcessIdentity.current().uid();
        Path socket = request.socket().orElseGet(() -> Daemon.defaultSocket(invocation.environment(), uid,
                Rootless.inUserNamespace()));
        Daemon daemon;
        try {
            if (systemdPassedOne(invocation)) {
                daemon = Daemon.adopt(Fd.adopt(3), socket, build(), log::warn);
            } else {
                daemon = Daemon.listen(socket, build(), log::warn);
            }
        } catch (IOException | SysException e) {
            throw CommandError.failed("daemon: listen at " + socket + ": " + e.getMessage());
        }
        // Ended by a signal (a supervisor's TERM) as well as by its idle timeout: the socket goes, and the count of
        // calls it took is said, either way.
        Daemon listening = daemon;
        boolean ownSocket = !systemdPassedOne(invocation);
        Runnable end = () -> {
            listening.close();
            if (ownSocket) {
                try {
                    Files.deleteIfExists(socket);
                } catch (IOException e) {
                    log.warn("daemon: remove " + socket + ": " + e.getMessage());
                }
            }
            // Not a warning: what it did, for its supervisor's journal.
            try {
                invocation.stderr().write(("hako daemon: ended after " + listening.served() + " calls\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                invocation.stderr().flush();
            } catch (IOException e) {
                // nowhere left to say it
            }
        };
        Thread onSignal = new Thread(end);
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            daemon.serve(request.idleTimeout());
        } catch (SysException e) {
            throw CommandError.failed("daemon: " + e.getMessage());
        } finally {
            Runtime.getRuntime().removeShutdownHook(onSignal);
            end.run();
        }
    }

    /** systemd's socket activation: one listening socket at descriptor 3, for this process. */
    private static boolean systemdPassedOne(Invocation invocation) {
        return "1".equals(invocation.environment().get("LISTEN_FDS"))
                && String.valueOf(ProcessHandle.current().pid()).equals(invocation.environment().get("LISTEN_PID"));
    }
}
