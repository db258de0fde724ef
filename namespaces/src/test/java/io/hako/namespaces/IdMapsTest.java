package io.hako.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.IdMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IdMapsTest {
    private static final List<IdMapping> RANGE = List.of(new IdMapping(0, 100000, 65536));

    @Test
    void mapFilesHaveOneLinePerMapping() {
        assertEquals("0 1000 1\n1 100000 65536\n",
                IdMaps.format(List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536))));
    }

    @Test
    void setgroupsIsDeniedOnlyForAUsersOwnGidAsRootAlone() {
        List<IdMapping> own = List.of(new IdMapping(0, 1000, 1));
        assertTrue(IdMaps.deniesSetgroups(own, 1000, 1000));
        assertFalse(IdMaps.deniesSetgroups(own, 0, 1000), "root decides nothing here");
        assertFalse(IdMaps.deniesSetgroups(own, 1000, 1001), "not the caller's gid: newgidmap's");
        assertFalse(IdMaps.deniesSetgroups(List.of(new IdMapping(5, 1000, 1)), 1000, 1000), "not as root");
        assertFalse(IdMaps.deniesSetgroups(List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536)),
                1000, 1000), "several ranges: newgidmap's");
    }

    @Property
    void setgroupsDenialIsRuncsRule(@ForAll @IntRange(max = 3) int containerId, @ForAll @IntRange(max = 3) int hostId,
            @ForAll @IntRange(min = 1, max = 3) int size, @ForAll @IntRange(max = 2) int euid,
            @ForAll @IntRange(max = 3) int egid, @ForAll boolean twoRanges) {
        List<IdMapping> gids = new java.util.ArrayList<>(List.of(new IdMapping(containerId, hostId, size)));
        if (twoRanges) {
            gids.add(new IdMapping(10, 100000, 65536));
        }
        // runc: rootless euid and a gid map that is exactly {0, egid, 1} (requiresRootOrMappingTool false).
        boolean runc = euid != 0 && gids.equals(List.of(new IdMapping(0, egid, 1)));
        assertEquals(runc, IdMaps.deniesSetgroups(gids, euid, egid));
    }

    @Test
    void helpersAreFoundInPathAsExecFindsThem(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path notExecutable = Files.createDirectories(dir.resolve("a")).resolve("newuidmap");
        Files.writeString(notExecutable, "");
        Path executable = Files.createDirectories(dir.resolve("b")).resolve("newuidmap");
        Files.writeString(executable, "#!/bin/sh\n");
        executable.toFile().setExecutable(true);
        assertEquals(java.util.Optional.of(executable), IdMaps.findInPath("newuidmap",
                dir.resolve("a") + ":" + dir.resolve("b")));
        assertEquals(java.util.Optional.empty(), IdMaps.findInPath("newuidmap", dir.resolve("a").toString()));
        assertEquals(java.util.Optional.empty(), IdMaps.findInPath("newuidmap", null));
    }

    @Test
    void theHelpersTakeTriplesAfterThePid() {
        assertEquals(List.of("newuidmap", "42", "0", "1000", "1", "1", "100000", "65536"),
                IdMaps.helperCommand("newuidmap", 42,
                        List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536))));
    }

    @Test
    void rootWritesTheMapsOfAWaitingUserNamespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to map a range of ids");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare(1) from util-linux");
        Process inNamespace = new ProcessBuilder("/usr/bin/unshare", "--user", "sleep", "30").start();
        try {
            int pid = (int) inNamespace.pid();
            Path uidMap = Path.of("/proc", String.valueOf(pid), "uid_map");
            // unshare(1) execs sleep once its namespace exists; wait for that.
            for (int i = 0; i < 100 && !Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).startsWith("sleep"); i++) {
                Thread.sleep(10);
            }
            assertEquals("", Files.readString(uidMap).strip(), "no map yet");
            IdMaps.write(pid, RANGE, RANGE, 0, 0, System.getenv());
            assertEquals(List.of("0", "100000", "65536"), List.of(Files.readString(uidMap).strip().split("\\s+")));
            assertEquals(List.of("0", "100000", "65536"),
                    List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "gid_map")).strip().split("\\s+")));
        } finally {
            inNamespace.destroyForcibly().waitFor();
        }
    }
}
