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
        try (daemon) {
            daemon.serve(request.idleTimeout());
        } catch (SysException e) {
            throw CommandError.failed("daemon: " + e.getMessage());
        } finally {
            if (!systemdPassedOne(invocation)) {
                try {
                    Files.deleteIfExists(socket);
                } catch (IOException e) {
                    log.warn("daemon: remove " + socket + ": " + e.getMessage());
                }
            }
        }
    }

    /** systemd's socket activation: one listening socket at descriptor 3, for this process. */
    private static boolean systemdPassedOne(Invocation invocation) {
        return "1".equals(invocation.environment().get("LISTEN_FDS"))
                && String.valueOf(ProcessHandle.current().pid()).equals(invocation.environment().get("LISTEN_PID"));
    }
}
