package io.hako.security.capabilities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Capabilities;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitySetsTest {
    @Test
    void namesBecomeTheKernelsBits() {
        // Capabilities lists bounding, effective, inheritable, permitted, ambient.
        var caps = new Capabilities(List.of("CAP_CHOWN", "CAP_KILL", "CAP_CHECKPOINT_RESTORE"), List.of("CAP_KILL"),
                null, List.of("CAP_KILL"), List.of(), null);
        var sets = CapabilitySets.of(caps, 40);
        assertEquals(1L | 1L << 5 | 1L << 40, sets.bounding());
        assertEquals(1L << 5, sets.effective());
        assertEquals(1L << 5, sets.permitted());
        assertEquals(0, sets.inheritable());
        assertEquals(0, sets.ambient());
        assertEquals(List.of(), sets.warnings());
    }

    @Test
    void capabilitiesBeyondTheKernelAreSkippedWithAWarning() {
        var caps = new Capabilities(List.of("CAP_BPF", "CAP_CHECKPOINT_RESTORE", "CAP_KILL"), null, null, null,
                null, null);
        var sets = CapabilitySets.of(caps, 38);
        assertEquals(1L << 5, sets.bounding());
        assertEquals(List.of("ignoring unknown or unavailable capabilities: [CAP_BPF CAP_CHECKPOINT_RESTORE]"),
                sets.warnings());
    }

    @Test
    void noCapabilitiesSectionMeansNone() {
        var sets = CapabilitySets.of(null, 40);
        assertEquals(0, sets.bounding() | sets.effective() | sets.permitted() | sets.ambient());
    }

    @Test
    void unknownNamesAreSkippedWithRuncsWarningOnceEachSorted() {
        // runc's words and form (capabilities.New): one line, the names sorted and each once, whatever the sets.
        var caps = new Capabilities(List.of("CAP_UNKNOWN2", "CAP_KILL", "CAP_UNKNOWN"), List.of("CAP_UNKNOWN"),
                List.of("cap_kill"), List.of("CAP_KILL"), List.of("CAP_UNKNOWN2"), null);
        var sets = CapabilitySets.of(caps, 40);
        assertEquals(1L << 5, sets.bounding());
        assertEquals(0, sets.effective());
        assertEquals(0, sets.inheritable(), "names are matched as written, as runc does");
        assertEquals(1L << 5, sets.permitted());
        assertEquals(0, sets.ambient());
        assertEquals(List.of("ignoring unknown or unavailable capabilities: [CAP_UNKNOWN CAP_UNKNOWN2 cap_kill]"),
                sets.warnings());
    }

    @Test
    void theRunningKernelReportsItsLastCapability() throws Exception {
        int last = CapabilitySets.kernelLastCap();
        assertTrue(last >= 36 && last < 64, "cap_last_cap " + last);
    }
}
