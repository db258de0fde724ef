package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The caller's ids for {@code spec --rootless}, from {@code /proc/self/status}. */
class ProcessIdentityTest {
    @Test
    void readsTheEffectiveIds() throws CommandError {
        String status = "Name:\tjava\nUmask:\t0022\nUid:\t1000\t1001\t1002\t1003\nGid:\t2000\t2001\t2002\t2003\n";
        assertEquals(new ProcessIdentity(1001, 2001), ProcessIdentity.parse(status));
    }

    @Test
    void aStatusWithoutIdsIsAnError() {
        assertThrows(CommandError.class, () -> ProcessIdentity.parse("Name:\tjava\n"));
        assertThrows(CommandError.class, () -> ProcessIdentity.parse("Uid:\t1000\nGid:\t1\t2\t3\t4\n"));
    }
}
