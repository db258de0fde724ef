package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.CriuSettings;
import io.hako.cli.args.UsageException;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.RestoreRequest;
import io.hako.oci.config.NamespaceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which of runc's checkpoint and restore flags this build refuses, each by its name, before doing anything; what
 * those it honours become, and their values runc refuses.
 */
class CheckpointCommandsTest {
    private static final String MODES = "soft, full, strict or ignore";

    private static <T> T request(Class<T> type, String line) throws UsageException {
        var action = CommandLine.parseCommand(List.of(line.split(" ")), Path.of("/w"));
        return type.cast(((CommandLine.Execute) action).request());
    }

    @ParameterizedTest
    @CsvSource({
        "checkpoint --image-path /i c, ''",
        "checkpoint --leave-running --work-path /w c, ''",
        "checkpoint --pre-dump c, ''",
        "checkpoint --parent-path ../p c, ''",
        "checkpoint --tcp-established c, ''",
        "checkpoint --ext-unix-sk c, ''",
        "checkpoint --shell-job c, ''",
        "checkpoint --file-locks c, ''",
        "checkpoint --lazy-pages c, --lazy-pages",
        "checkpoint --status-fd 3 c, --status-fd",
        "checkpoint --page-server 1.2.3.4:5 c, --page-server",
        "checkpoint --manage-cgroups-mode soft c, ''",
        "checkpoint --empty-ns network c, ''",
        "checkpoint --auto-dedup c, ''",
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
        "restore -d --console-socket /s c, ''",
        "restore -d --no-pivot c, ''",
        "restore -d --lsm-profile apparmor:x c, --lsm-profile",
        "restore -d --lsm-mount-context x c, --lsm-mount-context",
        "restore -d --tcp-established c, ''",
        "restore -d --empty-ns network c, ''",
    })
    void restore(String line, String refused) throws UsageException {
        assertEquals(refused.isEmpty() ? Optional.empty() : Optional.of(refused),
                CheckpointCommands.unhonoured(request(RestoreRequest.class, line)));
    }

    @Test
    void runcsPassThroughFlagsBecomeCriuSettings() throws Exception {
        CriuSettings all = CheckpointCommands.settings(request(CheckpointRequest.class, "checkpoint "
                + "--tcp-established --ext-unix-sk --shell-job --file-locks --manage-cgroups-mode full "
                + "--empty-ns network --auto-dedup c").criu());
        assertEquals(new CriuSettings(true, true, true, true, CriuSettings.CgroupsMode.FULL,
                Set.of(NamespaceType.NETWORK), true), all);
        assertEquals(CriuSettings.DEFAULTS, CheckpointCommands.settings(request(RestoreRequest.class,
                "restore -d c").criu()));
        assertEquals(CriuSettings.CgroupsMode.IGNORE, CheckpointCommands.settings(request(RestoreRequest.class,
                "restore -d --manage-cgroups-mode ignore c").criu()).cgroupsMode());
    }

    @Test
    void aPreDumpAndItsParentAsRuncHasThem() throws Exception {
        var preDump = CheckpointCommands.options(request(CheckpointRequest.class,
                "checkpoint --pre-dump --image-path /i/pre c"), Path.of("/w"));
        assertEquals(new CheckpointOptions(Path.of("/i/pre"), null, false, true, null, CriuSettings.DEFAULTS),
                preDump);
        var dump = CheckpointCommands.options(request(CheckpointRequest.class,
                "checkpoint --parent-path ../pre --image-path /i/dump c"), Path.of("/w"));
        assertEquals(Path.of("../pre"), dump.parentPath());
        assertEquals(Path.of("/w/checkpoint"), CheckpointCommands.options(request(CheckpointRequest.class,
                "checkpoint c"), Path.of("/w")).imagePath(), "runc's default");
        CommandError absolute = assertThrows(CommandError.class, () -> CheckpointCommands.options(
                request(CheckpointRequest.class, "checkpoint --parent-path /i/pre c"), Path.of("/w")));
        assertEquals("--parent-path must be relative", absolute.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "checkpoint --manage-cgroups-mode bogus c | invalid manage-cgroups-mode value \"bogus\": " + MODES,
        "restore -d --manage-cgroups-mode SOFT c | invalid manage-cgroups-mode value \"SOFT\": " + MODES,
        "checkpoint --empty-ns pid c | namespace \"pid\" is not supported",
        "restore -d --empty-ns network --empty-ns mnt c | namespace \"mnt\" is not supported",
    })
    void aValueRuncRefusesIsOneLine(String line, String message) throws UsageException {
        var criu = line.startsWith("checkpoint") ? request(CheckpointRequest.class, line).criu()
                : request(RestoreRequest.class, line).criu();
        CommandError error = assertThrows(CommandError.class, () -> CheckpointCommands.settings(criu));
        assertEquals(message, error.getMessage());
    }
}
