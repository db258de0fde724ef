package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.cli.request.ResourceFlags;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** update's flags become a LinuxResources with only what was given. */
class UpdateCommandTest {
    private static ResourceFlags none() {
        return new ResourceFlags(OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void onlyTheGivenFlagsAreSet() throws Exception {
        var empty = UpdateCommand.fromFlags(none());
        assertNull(empty.memory());
        assertNull(empty.cpu());
        assertNull(empty.pids());
        assertNull(empty.blockIO());

        var given = UpdateCommand.fromFlags(new ResourceFlags(OptionalInt.of(300), Optional.of("0"),
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(50000),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.of(64L << 20), OptionalLong.empty(), OptionalLong.of(-1), OptionalLong.of(20),
                Optional.empty(), Optional.empty()));
        assertEquals(new Memory(64L << 20, null, -1L, null, null, null, null, null, null, null), given.memory());
        assertEquals(new Cpu(null, 50000L, null, null, null, null, "0", null, null, null), given.cpu());
        assertEquals(new Pids(20, null), given.pids());
        assertEquals(300, given.blockIO().weight());
    }

    @Test
    void intelRdtIsRefusedRatherThanIgnored() {
        var rdt = new ResourceFlags(OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), Optional.of("L3:0=ff"), Optional.empty());
        assertThrows(CommandError.class, () -> UpdateCommand.fromFlags(rdt));
    }
}
