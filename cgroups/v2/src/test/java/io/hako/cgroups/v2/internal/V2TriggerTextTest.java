package io.hako.cgroups.v2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cgroups.PressureTrigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A PSI trigger as memory.pressure takes it: the kind of stall, then stall and window in microseconds. */
class V2TriggerTextTest {
    @Test
    void someAndFullInMicroseconds() {
        assertEquals("some 150000 1000000", V2Events.triggerText(PressureTrigger.some(Duration.ofMillis(150),
                Duration.ofSeconds(1))));
        assertEquals("full 1 10000000", V2Events.triggerText(PressureTrigger.full(Duration.ofNanos(1000),
                Duration.ofSeconds(10))));
    }
}
