package io.hako.cgroups;

/**
 * What the kernel reported about a cgroup, as {@link CgroupEvents#await} returns it. Counts are of what happened
 * since the previous report (or since the watch began), never zero.
 */
public sealed interface CgroupEvent {
    /**
     * The cgroup's memory (or that of a cgroup below it) reached its limit {@code count} times with nothing left to
     * reclaim, and the kernel's OOM handling ran: an {@link OomKill} follows when it killed a process; none does
     * when the OOM killer is disabled for the cgroup (v1's {@code oom_kill_disable}: its processes wait for
     * memory instead) or found nothing to kill.
     *
     * @param count how many times, 1 or more
     */
    record OutOfMemory(long count) implements CgroupEvent {
        /**
         * Checks the count.
         *
         * @param count how many times, 1 or more
         * @throws IllegalArgumentException when {@code count} is 0 or less
         */
        public OutOfMemory {
            requirePositive(count);
        }
    }

    /**
     * The kernel's OOM killer killed {@code count} processes in the cgroup or a cgroup below it.
     *
     * @param count how many processes, 1 or more
     */
    record OomKill(long count) implements CgroupEvent {
        /**
         * Checks the count.
         *
         * @param count how many processes, 1 or more
         * @throws IllegalArgumentException when {@code count} is 0 or less
         */
        public OomKill {
            requirePositive(count);
        }
    }

    /**
     * The cgroup's tasks were stalled on memory for longer than {@code trigger} allows within its window (PSI,
     * {@code memory.pressure}). Reported at most once a window, while the pressure lasts.
     *
     * @param trigger the threshold crossed, the one the watch was opened with
     */
    record MemoryPressure(PressureTrigger trigger) implements CgroupEvent {
        /**
         * Checks the trigger.
         *
         * @param trigger the threshold crossed
         * @throws NullPointerException when {@code trigger} is null
         */
        public MemoryPressure {
            java.util.Objects.requireNonNull(trigger, "trigger");
        }
    }

    /**
     * The cgroup is gone (its directory removed): nothing more will happen in it. Its watch reports this again at
     * every later {@link CgroupEvents#await}, at once.
     */
    record Removed() implements CgroupEvent {}

    private static void requirePositive(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("an event's count is positive, not " + count);
        }
    }
}
