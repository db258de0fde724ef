package io.hako.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The public value types. */
class SeccompProgramTest {
    @Test
    void aProgramIsWholeInstructionsAndOwnsItsBytes() {
        byte[] bytes = new byte[16];
        SeccompProgram p = new SeccompProgram(bytes, SeccompProgram.FLAG_LOG, false);
        bytes[0] = 1;
        assertEquals(0, p.filter()[0], "copied in");
        p.filter()[1] = 1;
        assertEquals(0, p.filter()[1], "copied out");
        assertEquals(2, p.instructions());
        assertEquals(new SeccompProgram(new byte[16], 2, false), p);
        assertEquals(new SeccompProgram(new byte[16], 2, false).hashCode(), p.hashCode());
        assertNotEquals(new SeccompProgram(new byte[16], 0, false), p);
        assertEquals("SeccompProgram[2 instructions, flags 0x2]", p.toString());
        assertThrows(IllegalArgumentException.class, () -> new SeccompProgram(new byte[12], 0, false));
        assertThrows(IllegalArgumentException.class, () -> new SeccompProgram(new byte[0], 0, false));
        assertThrows(IllegalArgumentException.class, () -> new SeccompProgram(new byte[8], 0, true),
                "notify without NEW_LISTENER");
        assertArrayEquals(new byte[8], new SeccompProgram(new byte[8], SeccompProgram.FLAG_NEW_LISTENER, true)
                .filter());
    }

    @Test
    void exceptionsSayWhereAndWhichCallFailed() {
        SeccompException plain = new SeccompException("/linux/seccomp/syscalls/3/action",
                "unknown action \"SCMP_ACT_FOO\"");
        assertEquals("/linux/seccomp/syscalls/3/action: unknown action \"SCMP_ACT_FOO\"", plain.getMessage());
        assertEquals(Optional.of("/linux/seccomp/syscalls/3/action"), plain.pointer());
        assertEquals("unknown action \"SCMP_ACT_FOO\"", plain.reason());
        assertEquals(Optional.empty(), plain.call());
        assertEquals(0, plain.errno());
        SeccompException call = new SeccompException("/linux/seccomp/syscalls/0/names/1",
                "cannot add the rule for \"clone\"", "seccomp_rule_add_array", 22);
        assertEquals("/linux/seccomp/syscalls/0/names/1: cannot add the rule for \"clone\": seccomp_rule_add_array:"
                + " invalid argument (EINVAL)", call.getMessage());
        assertEquals(Optional.of("seccomp_rule_add_array"), call.call());
        assertEquals(22, call.errno());
        assertEquals("no pointer", new SeccompException(null, "no pointer").getMessage());
    }
}
