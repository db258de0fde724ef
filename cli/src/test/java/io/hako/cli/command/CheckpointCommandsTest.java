package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cli.args.UsageException;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.RestoreRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of runc's checkpoint and restore flags this build refuses, each by its name, before doing anything. */
class CheckpointCommandsTest {
    private static <T> T request(Class<T> type, String line) throws UsageException {
        var action = CommandLine.parseCommand(List.of(line.split(" ")), Path.of("/w"));
        return type.cast(((CommandLine.Execute) action).request());
    }

    @ParameterizedTest
    @CsvSource({
        "checkpoint --image-path /i c, ''",
        "checkpoint --leave-running --work-path /w c, ''",
        "checkpoint --pre-dump c, --pre-dump",
        "checkpoint --parent-path /p c, --parent-path",
        "checkpoint --tcp-established c, --tcp-established",
        "checkpoint --ext-unix-sk c, --ext-unix-sk",
        "checkpoint --shell-job c, --shell-job",
        "checkpoint --file-locks c, --file-locks",
        "checkpoint --lazy-pages c, --lazy-pages",
        "checkpoint --status-fd 3 c, --status-fd",
        "checkpoint --page-server 1.2.3.4:5 c, --page-server",
        "checkpoint --manage-cgroups-mode soft c, --manage-cgroups-mode",
        "checkpoint --empty-ns network c, --empty-ns",
        "checkpoint --auto-dedup c, --auto-dedup",
        "checkpoint --tcp-skip-in-flight c, --tcp-skip-in-flight",
        "checkpoint --link-remap c, --link-remap",
    })
    void checkpoint(String line, String refused) throws UsageException {
        assertEquals(refused.isEmpty() ? Optional.empty() : Optional.of(refused),
                CheckpointCommands.unhonoured(request(CheckpointRequest.class, line)));
    }

    @ParameterizedTest
    @CsvSource({
        "restore -d --image-path /i --bundle /b --pid-file /p c, ''",
        "restore -d --no-subreaper c, ''",
        "restore c, restoring in the foreground (without --detach)",
        "restore -d --console-socket /s c, --console-socket",
        "restore -d --no-pivot c, --no-pivot",
        "restore -d --lsm-profile apparmor:x c, --lsm-profile",
        "restore -d --lsm-mount-context x c, --lsm-mount-context",
        "restore -d --tcp-established c, --tcp-established",
        "restore -d --empty-ns network c, --empty-ns",
    })
    void restore(String line, String refused) throws UsageException {
        assertEquals(refused.isEmpty() ? Optional.empty() : Optional.of(refused),
                CheckpointCommands.unhonoured(request(RestoreRequest.class, line)));
    }
}
