package io.hako.cli.faults;

import static io.hako.cli.PackagedHako.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.oci.config.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory limit below what the waiting init already uses, applied by create once the init exists. On cgroup v1
 * the kernel refuses it (EBUSY): create fails in one line that names the cgroup file, and leaves nothing: no init,
 * cgroup or state; runc 1.1.5 refuses it too ("unable to set memory limit to 65536 (current usage: …)"). On v2 (the
 * VM suite, {@code cgroups/src/test/vm/run-v2-tests.sh}) the kernel takes it and OOM-kills the waiting init as the
 * limit is written: create fails in runc's words ("container init was OOM-killed (memory limit too low?)"), and
 * leaves nothing.
 */
class LimitAtCreateIT {
    private static final String ID = "limit-at-create";

    @TempDir
    Path dir;

    @BeforeEach
    void check() {
        PackagedHako.assumeContainersRun();
    }

    private record Result(int status, String out, String err) {}

    /** A cold hako call with its output in files (a created container keeps its creator's stdout). */
    private Result hako(Path state, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", state.toString()));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HAKO_DAEMON", "off");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aMemoryLimitBelowTheInitsUsageFailsCreateInOneLineAndLeavesNothing() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) || Files.exists(
                Path.of("/sys/fs/cgroup/cgroup.controllers")), "no memory controller on this host");
        Path bundle = BusyboxBundle.make(dir, "sleep 600; : " + ID, spec -> spec.editLinux(linux -> linux
                .editResources(resources -> resources.withMemory(new Memory(65_536L, null, null, null,
                        null, null, null, null, null, null)))));
        Path state = dir.resolve("state");
        Result create = hako(state, "create", "--bundle", bundle.toString(), ID);
        assertEquals(1, create.status(), create.err());
        assertEquals(1, create.err().lines().count(), "one line: " + create.err());
        if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            assertTrue(create.err().contains("container init was OOM-killed (memory limit too low?)"), create.err());
        } else {
            assertTrue(create.err().contains("memory") && create.err().contains("65536"),
                    "names the limit and its file: " + create.err());
        }
        SideBySide.assertNothingLeft(new SideBySide.Runtime("hako", List.of(CLIENT.toString()), state), bundle, ID);
    }
}
