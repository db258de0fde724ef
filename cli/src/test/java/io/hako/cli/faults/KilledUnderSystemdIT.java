package io.hako.cli.faults;

import static io.hako.cli.PackagedHako.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * hako with {@code --systemd-cgroup} killed (SIGKILL, {@code HAKO_FAULT_POINT}) part-way through create or delete:
 * {@code delete --force} stops the transient scope systemd made for the container, as well as everything else. It
 * needs systemd as init, so it runs in the VM's systemd mode ({@code cgroups/src/test/vm/run-systemd-tests.sh});
 * elsewhere it skips.
 */
class KilledUnderSystemdIT {
    private static final int KILLED = 128 + 9;

    @TempDir
    Path dir;

    @BeforeEach
    void check() {
        PackagedHako.assumeContainersRun();
        assumeTrue(Files.isDirectory(Path.of("/run/systemd/system")),
                "needs systemd as init: run cgroups/src/test/vm/run-systemd-tests.sh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"create:cgroup-made", "create:init-saved", "create:config-saved", "delete:killed"})
    void theScopeOfAContainerWhoseHakoWasKilledIsStoppedByDelete(String point) throws Exception {
        String id = "fault-sd-" + point.replace(':', '-');
        String unit = "hako-" + id + ".scope";
        Path bundle = BusyboxBundle.make(dir, "sleep 600; : " + id, spec -> spec.editLinux(linux -> linux
                .withCgroupsPath("system.slice:hako:" + id)));
        List<String> create = List.of("create", "--bundle", bundle.toString(), id);
        if (point.startsWith("delete:")) {
            assertEquals(0, hako(Map.of(), create));
            assertEquals("active", show(unit, "ActiveState"));
            assertEquals(KILLED, hako(Map.of("HAKO_FAULT_POINT", point), List.of("delete", "--force", id)));
        } else {
            assertEquals(KILLED, hako(Map.of("HAKO_FAULT_POINT", point), create));
        }
        assertEquals(0, hako(Map.of(), List.of("delete", "--force", id)));
        assertEquals("inactive", show(unit, "ActiveState"), unit + " is stopped");
        SideBySide.assertNothingLeft(new SideBySide.Runtime("hako", List.of(CLIENT.toString()), state()), bundle,
                id);
    }

    private Path state() {
        return dir.resolve("state");
    }

    /** A cold hako call with {@code --systemd-cgroup} and {@code env} added; its exit status. */
    private int hako(Map<String, String> env, List<String> args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", state().toString(),
                "--systemd-cgroup"));
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("HAKO_DAEMON", "off");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        return process.exitValue();
    }

    private static String show(String unit, String property) throws Exception {
        Process systemctl = new ProcessBuilder("systemctl", "show", unit, "-p", property, "--value")
                .redirectErrorStream(true).start();
        String out = new String(systemctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        systemctl.waitFor();
        return out;
    }
}
