package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.cli.request.ExecRequest;
import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Process;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** exec's flags over the container's own process, as runc combines them. */
class ExecCommandTest {
    private static ExecRequest request(List<String> command, List<String> env, Optional<String> user,
            List<String> caps) {
        return new ExecRequest("c", Optional.empty(), command, false, false, Optional.empty(), env, user, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, caps,
                0, List.of(), false);
    }

    @Test
    void whatIsNotGivenIsTheContainers() throws Exception {
        Process base = DefaultSpec.create().process();
        Process exec = ExecCommand.fromFlags(request(List.of("ls", "-l"), List.of("EXTRA=1"), Optional.of("1000:10"),
                List.of("CAP_NET_ADMIN")), base);
        assertEquals(List.of("ls", "-l"), exec.args());
        assertEquals(base.cwd(), exec.cwd());
        assertEquals("EXTRA=1", exec.env().getLast());
        assertEquals(base.env().size() + 1, exec.env().size());
        assertEquals(1000L, exec.user().uid());
        assertEquals(10L, exec.user().gid());
        assertEquals(true, exec.noNewPrivileges());
        assertEquals(true, exec.capabilities().bounding().contains("CAP_NET_ADMIN"));
        assertEquals(true, exec.capabilities().bounding().containsAll(base.capabilities().bounding()));
    }

    /** --cgroup as runc 1.1.5 reads it, with its words for what it refuses. */
    @Test
    void subCgroupsAreAPathOrControllersWithAPath() throws Exception {
        assertEquals(java.util.Map.of("", "sub"), ExecCommand.subCgroupPaths(List.of("sub")));
        assertEquals(java.util.Map.of("", "sub"), ExecCommand.subCgroupPaths(List.of(":sub")));
        assertEquals(java.util.Map.of("memory", "m", "pids", "m", "cpu", "c"),
                ExecCommand.subCgroupPaths(List.of("memory,pids:m", "cpu:c")));
        assertEquals(java.util.Map.of("memory", ""), ExecCommand.subCgroupPaths(List.of("memory:")));
        assertEquals(java.util.Map.of(), ExecCommand.subCgroupPaths(List.of()));
        assertEquals("invalid --cgroup argument: a:b:c",
                assertThrows(CommandError.class, () -> ExecCommand.subCgroupPaths(List.of("a:b:c"))).getMessage());
        assertEquals("invalid --cgroup argument: other (missing <controller>: prefix)", assertThrows(
                CommandError.class, () -> ExecCommand.subCgroupPaths(List.of("memory:m", "other"))).getMessage());
    }

    @Test
    void aCommandAndAWellFormedUserAreNeeded() {
        Process base = DefaultSpec.create().process();
        assertThrows(CommandError.class, () -> ExecCommand.fromFlags(request(List.of(), List.of(), Optional.empty(),
                List.of()), base));
        assertThrows(CommandError.class, () -> ExecCommand.fromFlags(request(List.of("id"), List.of(),
                Optional.of("root"), List.of()), base));
    }
}
