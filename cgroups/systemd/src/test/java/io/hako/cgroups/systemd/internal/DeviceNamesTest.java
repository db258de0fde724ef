package io.hako.cgroups.systemd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceNamesTest {
    private static final String PROC_DEVICES = """
            Character devices:
              1 mem
              4 /dev/vc/0
              5 /dev/tty
            136 pts
            254 gpiochip

            Block devices:
              8 sd
            254 virtblk
            """;

    @Test
    void findsTheNameInTheRightPart() {
        assertEquals(Optional.of("pts"), DeviceNames.find(PROC_DEVICES, 'c', 136));
        assertEquals(Optional.of("gpiochip"), DeviceNames.find(PROC_DEVICES, 'c', 254));
        assertEquals(Optional.of("virtblk"), DeviceNames.find(PROC_DEVICES, 'b', 254));
        assertEquals(Optional.of("/dev/vc/0"), DeviceNames.find(PROC_DEVICES, 'c', 4));
        assertEquals(Optional.empty(), DeviceNames.find(PROC_DEVICES, 'b', 136));
        assertEquals(Optional.empty(), DeviceNames.find(PROC_DEVICES, 'c', 13));
    }
}
