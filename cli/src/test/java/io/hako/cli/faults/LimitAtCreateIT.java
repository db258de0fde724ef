package io.hako.cli.faults;

import static io.hako.cli.PackagedHako.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.oci.config.Memory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory limit below what the waiting init already uses, applied by create once the init exists: on cgroup v1
 * the kernel refuses it (EBUSY), on v2 it would reclaim and then kill the init. Either way create fails in one
 * line that names the cgroup file, and leaves nothing: no init, cgroup or state. runc 1.1.5 refuses it too
 * ("unable to set memory limit to 65536 (current usage: …)").
 */
class LimitAtCreateIT {
    private static final String ID = "limit-at-create";

    @TempDir
    Path dir;

    @BeforeEach
    void check() {
        PackagedHako.assumeContainersRun();
    }

    @Test
    void aMemoryLimitBelowTheInitsUsageFailsCreateInOneLineAndLeavesNothing() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) || Files.exists(
                Path.of("/sys/fs/cgroup/cgroup.controllers")), "no memory controller on this host");
        Path bundle = BusyboxBundle.make(dir, "sleep 600; : " + ID, spec -> spec.editLinux(linux -> linux
                .editResources(resources -> resources.withMemory(new Memory(65_536L, null, null, null,
                        null, null, null, null, null, null)))));
        Path state = dir.resolve("state");
        Process create = new ProcessBuilder(CLIENT.toString(), "--root", state.toString(), "create", "--bundle",
                bundle.toString(), ID).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(create.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(create.waitFor(60, TimeUnit.SECONDS), "create hung");
        assertEquals(1, create.exitValue(), err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.contains("memory") && err.contains("65536"), "names the limit and its file: " + err);
        SideBySide.assertNothingLeft(new SideBySide.Runtime("hako", List.of(CLIENT.toString()), state), bundle, ID);
    }
}
