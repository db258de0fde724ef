package io.hako.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.seccomp.SeccompSupport;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deriving what is supported from libseccomp's API level and the kernel's release. */
class SupportTest {
    @Test
    void actionsFollowTheApiLevel() {
        assertEquals(EnumSet.of(Action.Kind.KILL_THREAD, Action.Kind.TRAP, Action.Kind.ERRNO, Action.Kind.TRACE,
                Action.Kind.ALLOW), Support.actions(2));
        assertEquals(EnumSet.complementOf(EnumSet.of(Action.Kind.NOTIFY)), Support.actions(4));
        assertEquals(EnumSet.allOf(Action.Kind.class), Support.actions(5));
    }

    @Test
    void flagsFollowTheApiLevelAndTheKernel() {
        assertEquals(EnumSet.of(FilterFlag.TSYNC), Support.flags(2, "6.1.0"));
        assertEquals(EnumSet.of(FilterFlag.TSYNC, FilterFlag.LOG), Support.flags(3, "6.1.0"));
        assertEquals(EnumSet.of(FilterFlag.TSYNC, FilterFlag.LOG, FilterFlag.SPEC_ALLOW), Support.flags(6, "5.18.3"));
        assertEquals(EnumSet.allOf(FilterFlag.class), Support.flags(6, "5.19.0-1-amd64"));
        assertEquals(EnumSet.of(FilterFlag.TSYNC, FilterFlag.LOG, FilterFlag.SPEC_ALLOW), Support.flags(4, "6.1"),
                "no listener, no WAIT_KILLABLE_RECV");
    }

    @Test
    void kernelReleasesCompareByMajorAndMinor() {
        assertTrue(Support.kernelAtLeast("6.18.44-fc-v669", 5, 19));
        assertTrue(Support.kernelAtLeast("5.19", 5, 19));
        assertTrue(Support.kernelAtLeast("10.0.0", 5, 19));
        assertFalse(Support.kernelAtLeast("5.9.0", 5, 19));
        assertFalse(Support.kernelAtLeast("4.20.1", 5, 19));
        assertFalse(Support.kernelAtLeast("", 5, 19));
        assertFalse(Support.kernelAtLeast(null, 5, 19));
        assertFalse(Support.kernelAtLeast("linux", 5, 19));
        assertFalse(Support.kernelAtLeast("99999999999.1", 5, 19));
    }

    @Test
    void theRecordListsSortedNamesOfWhatResolves() {
        SeccompSupport s = Support.of(4, "6.1.0", arch -> arch == Architecture.X86_64 || arch == Architecture.X86,
                "2.5.4");
        assertEquals(List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"), s.actions());
        assertEquals(List.of("SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"), s.operators());
        assertEquals(List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64"), s.archs());
        assertEquals(List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"),
                s.flags());
        assertEquals("2.5.4", s.libseccompVersion());
        var features = s.toFeatures();
        assertEquals(true, features.enabled());
        assertEquals(s.flags(), features.supportedFlags());
        assertEquals(SeccompSupport.KNOWN_FLAGS, features.knownFlags());
    }
}
