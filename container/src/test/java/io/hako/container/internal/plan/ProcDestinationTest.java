package io.hako.container.internal.plan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.oci.config.Mount;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** runc's rule for mounts on or inside /proc, which hako applies to the configuration before anything is made. */
class ProcDestinationTest {
    private static Mount bind(String source, String destination) {
        return new Mount(destination, "bind", source, List.of("rbind"), null, null, null);
    }

    private static PlanException refused(Mount mount) {
        return assertThrows(PlanException.class, () -> RootfsPlanner.checkProcDestination(mount, "/mounts/3"));
    }

    @Test
    void aMountInsideProcIsRefusedNamingItsDestination() {
        PlanException e = refused(bind("/tmp/file", "/proc/sys/kernel/domainname"));
        assertEquals("/mounts/3/destination", e.pointer());
        assertEquals("/mounts/3/destination: \"/proc/sys/kernel/domainname\" cannot be mounted because it is inside /proc", e.getMessage());
        assertEquals("/mounts/3/destination: \"/proc/self/fd\" cannot be mounted because it is inside /proc",
                refused(new Mount("/proc/./self/../self/fd", "tmpfs", "tmpfs", null, null, null, null)).getMessage());
    }

    @Test
    void onProcOnlyAProcfs() {
        assertEquals("/mounts/3/destination: \"/proc\" cannot be mounted because it is not of type proc",
                refused(new Mount("/proc", "tmpfs", "tmpfs", null, null, null, null)).getMessage());
        refused(bind("/tmp", "/proc/"));
        assertDoesNotThrow(() -> RootfsPlanner.checkProcDestination(new Mount("/proc", "proc", "proc", null, null,
                null, null), "/mounts/0"));
        assertDoesNotThrow(() -> RootfsPlanner.checkProcDestination(bind("/proc", "/proc"), "/mounts/0"));
    }

    @Test
    void lxcfsFilesAndPathsBesideProcMayBeMounted() throws PlanException {
        for (String file : RootfsPlanner.PROC_FILES) {
            RootfsPlanner.checkProcDestination(bind("/var/lib/lxcfs" + file, file), "/mounts/0");
        }
        RootfsPlanner.checkProcDestination(bind("/tmp", "/procfs"), "/mounts/0");
        RootfsPlanner.checkProcDestination(bind("/tmp", "/mnt/proc/sys"), "/mounts/0");
    }

    @Property
    void everyOtherPathUnderProcIsRefused(@ForAll @Size(min = 1, max = 4) List<@AlphaChars @StringLength(min = 1,
            max = 8) String> names) {
        String destination = "/proc/" + String.join("/", names);
        if (!RootfsPlanner.PROC_FILES.contains(destination)) {
            assertEquals("/mounts/3/destination", refused(bind("/tmp/x", destination)).pointer());
        }
    }
}
