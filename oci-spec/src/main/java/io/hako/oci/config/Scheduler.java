package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * The scheduling policy and parameters of a process ({@code sched_setattr(2)}).
 *
 * @param policy {@code SCHED_OTHER}, {@code SCHED_FIFO}, ... (required)
 * @param nice the nice value, -20 to 19
 * @param priority the static priority (SCHED_FIFO, SCHED_RR)
 * @param flags {@code SCHED_FLAG_*} flags
 * @param runtime SCHED_DEADLINE: nanoseconds of runtime per period
 * @param deadline SCHED_DEADLINE: the relative deadline in nanoseconds
 * @param period SCHED_DEADLINE: the period in nanoseconds
 * @param unknown fields the model does not know, kept as they were read
 */
public record Scheduler(
        @Json(required = true) String policy,
        Integer nice,
        Integer priority,
        List<String> flags,
        @Json(num = Json.Num.UINT64) Long runtime,
        @Json(num = Json.Num.UINT64) Long deadline,
        @Json(num = Json.Num.UINT64) Long period,
        UnknownFields unknown) {
    /** Refuses a null {@code policy}; keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public Scheduler {
        Copies.required(policy, "policy");
        flags = Copies.list(flags);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code policy} replaced}
     *
     * @param policy the new value (required)
     */
    public Scheduler withPolicy(String policy) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }

    /**
     * {@return a copy with {@code nice} replaced}
     *
     * @param nice the new value, {@code null} for absent
     */
    public Scheduler withNice(Integer nice) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }

    /**
     * {@return a copy with {@code priority} replaced}
     *
     * @param priority the new value, {@code null} for absent
     */
    public Scheduler withPriority(Integer priority) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }

    /**
     * {@return a copy with {@code flags} replaced}
     *
     * @param flags the new value, {@code null} for absent
     */
    public Scheduler withFlags(List<String> flags) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }

    /**
     * {@return a copy with {@code runtime} replaced}
     *
     * @param runtime the new value, {@code null} for absent
     */
    public Scheduler withRuntime(Long runtime) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }

    /**
     * {@return a copy with {@code deadline} replaced}
     *
     * @param deadline the new value, {@code null} for absent
     */
    public Scheduler withDeadline(Long deadline) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }

    /**
     * {@return a copy with {@code period} replaced}
     *
     * @param period the new value, {@code null} for absent
     */
    public Scheduler withPeriod(Long period) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Scheduler withUnknown(UnknownFields unknown) {
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period, unknown);
    }
}
