package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.CriuSettings;
import io.hako.checkpoint.PageServer;
import io.hako.cli.args.UsageException;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.RestoreRequest;
import io.hako.oci.config.NamespaceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What runc's checkpoint and restore flags become, and their values runc refuses. */
class CheckpointCommandsTest {
    private static final String MODES = "soft, full, strict or ignore";

    private static <T> T request(Class<T> type, String line) throws UsageException {
        var action = CommandLine.parseCommand(List.of(line.split(" ")), Path.of("/w"));
        return type.cast(((CommandLine.Execute) action).request());
    }

    @Test
    void runcsPassThroughFlagsBecomeCriuSettings() throws Exception {
        CriuSettings all = CheckpointCommands.settings(request(CheckpointRequest.class, "checkpoint "
                + "--tcp-established --ext-unix-sk --shell-job --file-locks --manage-cgroups-mode full "
                + "--empty-ns network --auto-dedup --lazy-pages c").criu());
        assertEquals(new CriuSettings(true, true, true, true, CriuSettings.CgroupsMode.FULL,
                Set.of(NamespaceType.NETWORK), true, false, false, true), all);
        assertEquals(CriuSettings.DEFAULTS, CheckpointCommands.settings(request(RestoreRequest.class,
                "restore -d c").criu()));
        assertEquals(CriuSettings.CgroupsMode.IGNORE, CheckpointCommands.settings(request(RestoreRequest.class,
                "restore -d --manage-cgroups-mode ignore c").criu()).cgroupsMode());
    }

    @Test
    void aDumpsOwnFlagsAndItsPageServer() throws Exception {
        var options = CheckpointCommands.options(request(CheckpointRequest.class,
                "checkpoint --tcp-skip-in-flight --link-remap --page-server 10.1.2.3:27000 c"), Path.of("/w"));
        assertEquals(List.of(true, true), List.of(options.criu().tcpSkipInFlight(), options.criu().linkRemap()));
        assertEquals(new PageServer("10.1.2.3", 27000), options.pageServer());
        assertEquals(null, CheckpointCommands.options(request(CheckpointRequest.class, "checkpoint c"),
                Path.of("/w")).pageServer());
        CommandError bad = assertThrows(CommandError.class, () -> CheckpointCommands.options(
                request(CheckpointRequest.class, "checkpoint --page-server 10.1.2.3 c"), Path.of("/w")));
        assertEquals("Use --page-server ADDRESS:PORT to specify page server", bad.getMessage());
    }

    @Test
    void aStatusFdIsCheckedAsRuncChecksIt() throws Exception {
        CommandError closed = assertThrows(CommandError.class, () -> CheckpointCommands.statusFd(987, null));
        assertEquals("invalid --status-fd argument 987: bad file descriptor", closed.getMessage());
        io.hako.sys.Fd[] pipe = io.hako.sys.Sys.pipe();
        try {
            CommandError readOnly = assertThrows(CommandError.class,
                    () -> CheckpointCommands.statusFd(pipe[0].number(), null));
            assertEquals("invalid --status-fd argument " + pipe[0].number() + ": not writable", readOnly.getMessage());
            // Writes \0 and closes the descriptor, which the runnable owns from here.
            CheckpointCommands.statusFd(pipe[1].release(), null).run();
            byte[] read = new byte[2];
            assertEquals(1, io.hako.sys.Sys.read(pipe[0], read));
            assertEquals(0, read[0]);
            assertEquals(0, io.hako.sys.Sys.read(pipe[0], read), "closed once written: the reader sees the end");
        } finally {
            pipe[0].close();
        }
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
