package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mounts a dump declares external and a restore maps back, from a configuration. */
class ExternalMountsTest {
    private static Spec withBinds() {
        Spec spec = DefaultSpec.create();
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(new Mount("/data/", "bind", "/srv/data", List.of("rbind", "rw"), null, null, null));
        mounts.add(new Mount("/etc/hosts", null, "hosts", List.of("bind", "ro"), null, null, null));
        return new Spec(spec.ociVersion(), spec.root(), spec.process(), spec.hostname(), spec.domainname(), mounts,
                spec.hooks(), spec.annotations(), spec.linux(), spec.unknown());
    }

    @Test
    void aDumpKeysBindsAndDevicesByTheirMountPointAndMaskedFilesByTheNullDevice() {
        Map<String, String> dump = ExternalMounts.forDump(withBinds(), path -> path.equals("/proc/kcore"));
        assertEquals("/data", dump.get("/data"));
        assertEquals("/etc/hosts", dump.get("/etc/hosts"));
        assertEquals("/dev/null", dump.get("/proc/kcore"));
        assertFalse(dump.containsKey("/proc/acpi"), "a masked directory is a tmpfs, which CRIU makes itself");
        assertFalse(dump.containsKey("/proc"), "proc, sysfs, tmpfs, devpts, mqueue: CRIU's own");
        for (String device : ExternalMounts.DEFAULT_DEVICES) {
            assertEquals(device, dump.get(device));
        }
    }

    @Test
    void aRestoreMapsEachKeyToTheHostsSourceRelativeOnesAgainstTheBundle() {
        Map<String, String> restore = ExternalMounts.forRestore(withBinds(), Path.of("/bundles/b"));
        assertEquals("/srv/data", restore.get("/data"));
        assertEquals("/bundles/b/hosts", restore.get("/etc/hosts"));
        assertEquals("/dev/null", restore.get("/dev/null"));
        assertEquals("/dev/tty", restore.get("/dev/tty"));
    }

    @Test
    void pathsAreCleaned() {
        assertEquals("/a/b", ExternalMounts.clean("a//b/"));
        assertEquals("/a", ExternalMounts.clean("/a/./b/.."));
    }
}
