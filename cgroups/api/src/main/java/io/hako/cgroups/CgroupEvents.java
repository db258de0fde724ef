package io.hako.cgroups;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A watch on one cgroup's events, opened with {@link Cgroup#events}: the kernel wakes it (v1: an eventfd
 * registered for {@code memory.oom_control}; v2: inotify on {@code memory.events}, a PSI trigger on
 * {@code memory.pressure}), so a caller learns of an OOM kill as it happens instead of polling counters. It holds
 * file descriptors until {@link #close}.
 *
 * <p>For one thread at a time: {@link #close} a watch after its {@link #await} has returned (a thread that
 * watches until told to stop awaits with a timeout and checks for that between two calls).
 *
 * <pre>{@code
 * try (CgroupEvents events = cgroup.events()) {
 *     while (true) {
 *         for (CgroupEvent event : events.await(Duration.ofSeconds(1))) {
 *             switch (event) {
 *                 case CgroupEvent.OomKill kill -> System.out.println(kill.count() + " killed");
 *                 case CgroupEvent.Removed removed -> { return; }
 *                 default -> { }
 *             }
 *         }
 *     }
 * }
 * }</pre>
 */
public interface CgroupEvents extends AutoCloseable {
    /** {@return the cgroup watched, as {@link Cgroup#path()} names it} */
    String cgroup();

    /**
     * Waits until something happens or {@code timeout} passes, and returns what happened since the last call:
     * OOMs before the kills they led to, then pressure; empty when the time passed with nothing. Once the cgroup
     * is gone, returns {@link CgroupEvent.Removed} at once, every time. {@link Duration#ZERO} looks without
     * waiting. Not interruptible: a thread that may have to stop waits in bounded steps.
     *
     * @param timeout the longest wait; {@link Duration#ZERO} only looks
     * @return the events in that order; empty on time-out
     * @throws CgroupException when a file of the cgroup cannot be read or a wait fails, naming the cgroup and why
     * @throws IllegalStateException after {@link #close}
     */
    List<CgroupEvent> await(Duration timeout) throws CgroupException;

    /**
     * The memory pressure threshold this watch reports crossings of; empty when none was asked for, and when the
     * layout has no pressure information per cgroup: cgroup v1 (PSI is kept per cgroup only in the cgroup2 tree),
     * or a v2 kernel without PSI (built without it, booted with {@code psi=0}, or {@code cgroup.pressure} 0).
     *
     * @return the trigger watched, or empty
     */
    Optional<PressureTrigger> memoryPressure();

    /** Closes the watch's descriptors, which ends the kernel's registrations; nothing happens the second time. */
    @Override
    void close();
}
