package io.hako.examples.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.Cgroups;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitProcessTest {
    record Output(int status, List<String> out, String err) {}

    private static Output run(String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = LimitProcess.run(args, o, e);
        }
        return new Output(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aProcessLimitedToFourProcessesCannotForkAFifth() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "making cgroups needs root");
        String driver;
        try {
            driver = Cgroups.select(Cgroups.layout(), false).name();
        } catch (CgroupException e) {
            assumeTrue(false, "no cgroupfs driver serves this host: " + e.getMessage());
            return;
        }
        // The shell and three background sleeps fill the four; the fourth fork fails, and the shell gives up.
        Output output = run("67108864", "4", "/bin/sh", "-c", "for i in 1 2 3 4 5 6; do sleep 60 & done; wait");

        List<String> out = output.out();
        assertEquals("", output.err());
        String cgroup = "/hako-example-" + ProcessHandle.current().pid();
        assertEquals("driver: " + driver + ", cgroup " + cgroup, out.get(0));
        assertEquals("limits: memory 67108864 bytes, 4 processes", out.get(1));
        assertTrue(out.stream().anyMatch(line -> line.startsWith("| ") && line.toLowerCase().contains("fork")),
                String.join("\n", out));
        assertTrue(out.stream().anyMatch(line -> line.matches("exit status: \\d+")), String.join("\n", out));
        assertTrue(out.contains("pids: limit 4, now 3"), String.join("\n", out));
        assertTrue(out.contains("killed 3 process(es) it left in the cgroup"), String.join("\n", out));
        assertTrue(out.stream().anyMatch(line -> line.matches("memory: limit 67108864, peak \\d+ KiB, limit hit 0 "
                + "times")), String.join("\n", out));
        assertTrue(out.stream().anyMatch(line -> line.matches("cpu: \\d+ ms")), String.join("\n", out));
        assertEquals("removed " + cgroup, out.get(out.size() - 1));
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/pids" + cgroup)), "the cgroup is removed");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup" + cgroup)), "the cgroup is removed");
    }

    @Test
    void withoutACommandSaysHowToCallIt() throws Exception {
        Output output = run("1");
        assertEquals(2, output.status());
        assertEquals("usage: LimitProcess MEMORY_BYTES PIDS COMMAND [ARG...]\n", output.err());
    }
}
