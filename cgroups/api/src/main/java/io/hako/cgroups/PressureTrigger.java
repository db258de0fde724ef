package io.hako.cgroups;

import java.time.Duration;
import java.util.Objects;

/**
 * A PSI (pressure stall information) threshold: report when the cgroup's tasks spend more than {@code stall}
 * waiting for memory within any {@code window}. With {@code full}, only time when every non-idle task of the
 * cgroup waited at once counts (its work stood still); otherwise time when at least one did ("some").
 *
 * <p>The kernel takes windows from 500 ms to 10 s, and a stall up to the window, in whole microseconds.
 *
 * @param full count only time when all the cgroup's tasks stalled, not some of them
 * @param stall how much stall within a window crosses the threshold
 * @param window the sliding time window the stall is measured in
 */
public record PressureTrigger(boolean full, Duration stall, Duration window) {
    /** The kernel's shortest window for a trigger: 500 ms. */
    public static final Duration MIN_WINDOW = Duration.ofMillis(500);
    /** The kernel's longest window for a trigger: 10 s. */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(10);

    /**
     * Checks the threshold against the kernel's bounds, so that a trigger is refused here rather than by the write.
     *
     * @param full count only time when all the cgroup's tasks stalled
     * @param stall from 1 µs to the window, in whole microseconds
     * @param window from {@link #MIN_WINDOW} to {@link #MAX_WINDOW}, in whole microseconds
     * @throws IllegalArgumentException when a duration is out of those bounds
     * @throws NullPointerException when a duration is null
     */
    public PressureTrigger {
        Objects.requireNonNull(stall, "stall");
        Objects.requireNonNull(window, "window");
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("a pressure window is from 500 ms to 10 s, not " + window);
        }
        // Compared with the window first: a stall beyond it may be too long to count in nanoseconds.
        if (stall.compareTo(window) > 0 || stall.toNanos() < 1000) {
            throw new IllegalArgumentException("a pressure stall is from 1 µs to its window (" + window + "), not "
                    + stall);
        }
        if (stall.toNanos() % 1000 != 0 || window.toNanos() % 1000 != 0) {
            throw new IllegalArgumentException("the kernel counts pressure in whole microseconds: " + stall + " in "
                    + window);
        }
    }

    /**
     * {@return a threshold on time when some of the cgroup's tasks stalled on memory}
     *
     * @param stall from 1 µs to the window, in whole microseconds
     * @param window from {@link #MIN_WINDOW} to {@link #MAX_WINDOW}, in whole microseconds
     */
    public static PressureTrigger some(Duration stall, Duration window) {
        return new PressureTrigger(false, stall, window);
    }

    /**
     * {@return a threshold on time when all the cgroup's non-idle tasks stalled on memory at once}
     *
     * @param stall from 1 µs to the window, in whole microseconds
     * @param window from {@link #MIN_WINDOW} to {@link #MAX_WINDOW}, in whole microseconds
     */
    public static PressureTrigger full(Duration stall, Duration window) {
        return new PressureTrigger(true, stall, window);
    }
}
