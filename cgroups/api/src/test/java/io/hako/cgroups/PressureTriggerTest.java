package io.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The kernel's bounds on a PSI trigger are checked when one is made, and events carry positive counts. */
class PressureTriggerTest {
    @Test
    void aTriggerWithinTheKernelsBoundsIsMade() {
        var some = PressureTrigger.some(Duration.ofMillis(150), Duration.ofSeconds(1));
        assertFalse(some.full());
        assertTrue(PressureTrigger.full(Duration.ofMillis(500), Duration.ofMillis(500)).full(), "stall = window");
        assertEquals(PressureTrigger.MAX_WINDOW, PressureTrigger.some(Duration.ofNanos(1000),
                PressureTrigger.MAX_WINDOW).window());
    }

    @Test
    void windowsOutsideHalfASecondToTenSecondsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PressureTrigger.some(Duration.ofMillis(100), Duration.ofMillis(499)));
        assertTrue(e.getMessage().contains("500 ms to 10 s"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PressureTrigger.some(Duration.ofMillis(100), Duration.ofMillis(10_001)));
    }

    @Test
    void aStallMustFitItsWindowInWholeMicroseconds() {
        assertThrows(IllegalArgumentException.class,
                () -> PressureTrigger.some(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> PressureTrigger.some(Duration.ofDays(365L * 1_000_000), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> PressureTrigger.some(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> PressureTrigger.some(Duration.ofMillis(-1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> PressureTrigger.some(Duration.ofNanos(1500), Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> PressureTrigger.some(null, Duration.ofSeconds(1)));
    }

    @Test
    void eventCountsArePositive() {
        assertThrows(IllegalArgumentException.class, () -> new CgroupEvent.OomKill(0));
        assertThrows(IllegalArgumentException.class, () -> new CgroupEvent.OutOfMemory(-1));
        assertThrows(NullPointerException.class, () -> new CgroupEvent.MemoryPressure(null));
        assertEquals(new CgroupEvent.Removed(), new CgroupEvent.Removed());
    }
}
