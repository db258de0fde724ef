package io.hako.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.IdMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdMapsTest {
    private static final List<IdMapping> RANGE = List.of(new IdMapping(0, 100000, 65536));

    @Test
    void mapFilesHaveOneLinePerMapping() {
        assertEquals("0 1000 1\n1 100000 65536\n",
                IdMaps.format(List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 100000, 65536))));
    }

    @Test
    void onlyRootOrASingleOwnIdIsWrittenDirectly() {
        assertTrue(IdMaps.canWriteDirectly(RANGE, RANGE, 0, 0));
        List<IdMapping> own = List.of(new IdMapping(0, 1000, 1));
        assertTrue(IdMaps.canWriteDirectly(own, own, 1000, 1000));
        assertFalse(IdMaps.canWriteDirectly(own, own, 1001, 1000));
        assertFalse(IdMaps.canWriteDirectly(RANGE, RANGE, 1000, 1000));
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
            IdMaps.write(pid, RANGE, RANGE, 0, 0);
            assertEquals(List.of("0", "100000", "65536"), List.of(Files.readString(uidMap).strip().split("\\s+")));
            assertEquals(List.of("0", "100000", "65536"),
                    List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "gid_map")).strip().split("\\s+")));
        } finally {
            inNamespace.destroyForcibly().waitFor();
        }
    }
}
