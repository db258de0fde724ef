package io.hako.cgroups.systemd.internal.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {
    @Test
    void splitsIntoCompleteTypes() {
        assertEquals(List.of("s", "s", "a(sv)", "a(sa(sv))"), Signatures.split("ssa(sv)a(sa(sv))"));
        assertEquals(List.of("a{sv}", "v", "ay"), Signatures.split("a{sv}vay"));
        assertEquals(List.of(), Signatures.split(""));
    }

    @Test
    void refusesWhatIsNoSignature() {
        for (String bad : List.of("a", "(", "()", "(s", "a{vs}", "a{s}", "a{sss}", "z", "{sv}")) {
            assertThrows(IllegalArgumentException.class, () -> Signatures.split(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Signatures.split("a".repeat(33) + "s"));
        assertThrows(IllegalArgumentException.class, () -> Signatures.split("s".repeat(256)));
    }
}
